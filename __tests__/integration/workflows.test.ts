/**
 * The CI templates in .github/workflows are linted with actionlint (built from the Go
 * module proxy), and they keep the contract docs/environments-and-state.md describes.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { projectRoot } from '../../config/paths';
import { capture } from '../../toolchain/process';
import { ensureActionlint } from '../../toolchain/provision';

const dir = path.join(projectRoot, '.github', 'workflows');
const files = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.yml'))
  .sort();
const load = (f: string) => parse(fs.readFileSync(path.join(dir, f), 'utf8'));

describe('CI workflows', () => {
  it('are the four docs/environments-and-state.md describes', () => {
    expect(files).toEqual(['drift.yml', 'main.yml', 'pull-request-plan.yml', 'pull-request.yml']);
  });

  it('pass actionlint', async () => {
    const actionlint = await ensureActionlint();
    const res = capture(actionlint, ['-no-color', ...files.map((f) => path.join(dir, f))], { cwd: projectRoot });
    expect(res.stdout + res.stderr).toBe('');
    expect(res.code).toBe(0);
  });

  it('take every secret from the secret store, never from the repository', () => {
    // The identities sign with their private keys (KEYCLOAK_JWT_SIGNING_KEY); no job holds a client secret.
    const allowed: Record<string, string[]> = {
      KEYCLOAK_JWT_SIGNING_KEY: ['KEYCLOAK_PROVISIONER_KEY', 'KEYCLOAK_READER_KEY'],
      PGPASSWORD: ['PGPASSWORD'],
      APIKEYS_STATE_PASSPHRASE: ['APIKEYS_STATE_PASSPHRASE'],
    };
    const seen: Record<string, number> = Object.fromEntries(Object.keys(allowed).map((name) => [name, 0]));
    for (const f of files) {
      const text = fs.readFileSync(path.join(dir, f), 'utf8');
      expect([f, text.includes('KEYCLOAK_CLIENT_SECRET')]).toEqual([f, false]);
      for (const [name, sources] of Object.entries(allowed)) {
        for (const line of text.split('\n').filter((l) => l.includes(`${name}:`))) {
          seen[name]++;
          const fromStore = sources.map((source) => `${name}: \${{ secrets.${source} }}`).includes(line.trim());
          expect([f, fromStore ? 'from the secret store' : line.trim()]).toEqual([f, 'from the secret store']);
        }
      }
    }
    // every variable is set somewhere: otherwise the loop above checked nothing
    for (const name of Object.keys(allowed)) expect([name, seen[name] > 0]).toEqual([name, true]);
  });

  it('deploy only a reviewed plan, behind a GitHub environment per target', () => {
    const deploy = load('main.yml').jobs.deploy;
    expect(deploy.needs).toEqual(['environments', 'plan']);
    expect(deploy.environment.name).toBe('${{ matrix.environment }}');
    const run = deploy.steps.map((s: { run?: string }) => s.run ?? '').join('\n');
    expect(run).toContain('npm run deploy -- --env "${{ matrix.environment }}" --part customers --plan');
  });

  it('fail the nightly job on drift and open or update an issue', () => {
    const steps = load('drift.yml')
      .jobs.drift.steps.map((s: { run?: string }) => s.run ?? '')
      .join('\n');
    expect(steps).toContain('npm run drift');
    expect(steps).toContain('gh issue create');
    expect(steps).toContain('gh issue comment');
    expect(steps).toMatch(/exit 2/);
  });

  it('keep one issue per environment listing expired and soon-expiring keys, from the drift run', () => {
    const steps = load('drift.yml').jobs.drift.steps as { name?: string; run?: string; env?: Record<string, string> }[];
    const i = steps.findIndex((s) => s.name?.includes('expiring API keys'));
    expect(i).toBeGreaterThan(steps.findIndex((s) => s.run?.includes('npm run drift')));
    expect(steps[i].env?.BODY).toBe('reports/api-keys-${{ matrix.environment }}.expiring.md');
    for (const command of ['gh issue edit', 'gh issue create', 'gh issue close']) expect(steps[i].run).toContain(command);
    // AND the usage report lands in the job summary
    expect(steps.map((s) => s.run ?? '').join('\n')).toContain('npm run usage -- --env "${{ matrix.environment }}"');
  });
});
