/**
 * The plain cdktf CLI as docs/commands.md documents it: `eval "$(npm run --silent cdktf-env -- --env
 * local)"`, then `npx cdktf synth|diff|deploy <stack>` in the repository. It must reach the
 * same state as `npm run deploy`: after `npx cdktf deploy`, the project's own drift check
 * finds no difference. The repository's example customers go into a realm of the test's own.
 * The deploy and what it reached are one test (named steps): the diff checks that deploy.
 * With customer shards, main.yml's stack pattern deploys every shard, and the project's commands
 * then find nothing to do.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { deploy } from '../../engine/deploy';
import { drift } from '../../engine/drift';
import { planForReview } from '../../engine/plan-review';
import { projectRoot } from '../../config/paths';
import { defaultRunContext } from '../../engine/steps';
import { describeIntegration, TestProject } from './support/harness';

describeIntegration('npx cdktf with the documented environment', () => {
  let p: TestProject;
  let env: NodeJS.ProcessEnv;
  let out: string;

  /** Runs a shell command in the repository the way a user would, after the documented eval. */
  function sh(command: string): { code: number; output: string } {
    const script = `eval "$(npm run --silent cdktf-env -- --env local)" && ${command}`;
    const res = spawnSync('bash', ['--norc', '--noprofile', '-c', script], {
      cwd: projectRoot,
      env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: res.status ?? 1, output: `${res.stdout}${res.stderr}` };
  }

  beforeAll(async () => {
    p = new TestProject('cdktf');
    out = path.join(p.dir, 'cdktf.out');
    // Only what a user's shell would have: the cache directory, the local Keycloak's port, and
    // (for this test) the realm and state directory of its own. No engine variables.
    env = { PATH: process.env.PATH, HOME: process.env.HOME, APIKEYS_REALM: p.realm, APIKEYS_STATE_DIR: path.join(p.dir, 'state') };
    for (const name of ['APIKEYS_CACHE_DIR', 'APIKEYS_KEYCLOAK_PORT', 'JAVA_HOME']) if (process.env[name]) env[name] = process.env[name];
    // GIVEN the platform part deployed with the project's command
    await deploy(defaultRunContext({ env, outdir: path.join(p.dir, 'project.out'), quiet: true, part: 'platform' }));
  });
  afterAll(async () => {
    await p.deleteRealm();
    p.cleanup();
  });

  it('synth writes both stacks of the local environment without network warnings', () => {
    const { code, output } = sh(`npx cdktf synth --output "${out}"`);
    expect({ code, output }).toMatchObject({ code: 0 });
    expect(fs.readdirSync(path.join(out, 'stacks')).sort()).toEqual(['api-keys-local', 'api-keys-local-platform']);
    expect(output).not.toMatch(/checkpoint|ENOTFOUND|EAI_AGAIN|version check/i);
  });

  it('deploy of the customers stack reaches the state npm run deploy would: drift finds nothing, every example customer is there, diff has nothing to do', async () => {
    // WHEN the customers stack is deployed with the plain cdktf CLI
    const deployed = sh(`npx cdktf deploy api-keys-local --auto-approve --skip-provider-lock --output "${out}"`);
    expect({ code: deployed.code, tail: deployed.code === 0 ? '' : deployed.output.slice(-3000) }).toEqual({ code: 0, tail: '' });
    expect(deployed.output).not.toMatch(/checkpoint|ENOTFOUND|EAI_AGAIN/i);
    // THEN the project's drift check, on both stacks, exits 0
    const reports = path.join(p.dir, 'reports');
    const driftCheck = spawnSync('npm', ['run', 'drift', '--', '--env', 'local', '--out', reports], {
      cwd: projectRoot,
      env,
      encoding: 'utf8',
    });
    expect({
      code: driftCheck.status,
      tail: driftCheck.status === 0 ? '' : `${driftCheck.stdout}${driftCheck.stderr}`.slice(-3000),
    }).toEqual({ code: 0, tail: '' });
    expect(JSON.parse(fs.readFileSync(path.join(reports, 'api-keys-local.drift.json'), 'utf8')).drift).toBe(false);

    // AND every example customer is in the realm, and cdktf's own diff has nothing to do
    const examples = fs
      .readdirSync(path.join(projectRoot, 'customers'))
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => f.slice(0, -5));
    expect(examples.length).toBeGreaterThan(0);
    for (const id of examples) expect([id, (await p.admin.findClient(p.realm, id))?.clientId]).toEqual([id, id]);
    const diff = sh(`npx cdktf diff api-keys-local --skip-provider-lock --output "${out}"`);
    expect(diff.code).toBe(0);
    expect(diff.output).toMatch(/No changes/);
  });
});

describeIntegration("npx cdktf deploy of customer shards, with main.yml's stack pattern", () => {
  let p: TestProject;
  let env: NodeJS.ProcessEnv;
  let copy: string;

  beforeAll(async () => {
    p = new TestProject('cdktf-shards');
    // A copy of the repository (its tracked files; node_modules and the bindings linked), whose
    // platform.yaml spreads the example customers over 2 shards: main.ts builds from its own folder.
    copy = path.join(p.dir, 'repo');
    const files = spawnSync('git', ['-C', projectRoot, 'ls-files', '-z'], { encoding: 'utf8' }).stdout.split('\0').filter(Boolean);
    for (const f of files) {
      const from = path.join(projectRoot, f);
      if (!fs.existsSync(from) || fs.lstatSync(from).isDirectory()) continue;
      fs.mkdirSync(path.dirname(path.join(copy, f)), { recursive: true });
      fs.copyFileSync(from, path.join(copy, f));
    }
    for (const linked of ['node_modules', '.gen']) fs.symlinkSync(path.join(projectRoot, linked), path.join(copy, linked));
    fs.appendFileSync(path.join(copy, 'platform.yaml'), '\ncustomerShards: 2\n');
    env = { PATH: process.env.PATH, HOME: process.env.HOME, APIKEYS_REALM: p.realm, APIKEYS_STATE_DIR: path.join(p.dir, 'state') };
    for (const name of ['APIKEYS_CACHE_DIR', 'APIKEYS_KEYCLOAK_PORT', 'JAVA_HOME']) if (process.env[name]) env[name] = process.env[name];
    await deploy(defaultRunContext({ root: copy, env, outdir: path.join(p.dir, 'project.out'), quiet: true, part: 'platform' }));
  });
  afterAll(async () => {
    await p.deleteRealm();
    p.cleanup();
  });

  it('deploys every shard, and the project then finds no drift and nothing to plan in any shard', async () => {
    // GIVEN the stack pattern the workflow's cdktf deployer uses
    const workflow = fs.readFileSync(path.join(projectRoot, '.github', 'workflows', 'main.yml'), 'utf8');
    const command = /npx cdktf deploy "[^"]+"/.exec(workflow)![0];
    // WHEN it runs, as the workflow runs it, for the local environment
    const script = `eval "$(npm run --silent cdktf-env -- --env local)" && ENVIRONMENT=local && ${command} --auto-approve --skip-provider-lock --output "${path.join(p.dir, 'cdktf.out')}"`;
    const res = spawnSync('bash', ['--norc', '--noprofile', '-c', script], {
      cwd: copy,
      env,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    const output = `${res.stdout}${res.stderr}`;
    expect({ code: res.status, tail: res.status === 0 ? '' : output.slice(-3000) }).toEqual({ code: 0, tail: '' });
    // THEN both shards were deployed, and not the platform stack
    expect(output).toMatch(/api-keys-local-shard-00/);
    expect(output).toMatch(/api-keys-local-shard-01/);
    expect(output).not.toMatch(/api-keys-local-platform\s.*(Creating|Modifying)/);
    const inStates = ['api-keys-local-shard-00', 'api-keys-local-shard-01'].flatMap((stack) =>
      (JSON.parse(fs.readFileSync(path.join(p.dir, 'state', `${stack}.tfstate`), 'utf8')).resources as { type: string; name: string }[])
        .filter((r) => r.type === 'keycloak_openid_client')
        .map((r) => r.name.split('_')[0]),
    );
    const examples = fs
      .readdirSync(path.join(copy, 'customers'))
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => `customer-${f.slice(0, -5)}`);
    expect(inStates.sort()).toEqual(examples.sort());
    // AND the project's own commands agree: no drift, and no shard to plan (cdktf recorded the fingerprints)
    const ctx = defaultRunContext({ root: copy, env, outdir: path.join(p.dir, 'project.out'), quiet: true, part: 'customers' });
    expect(await drift(ctx, path.join(p.dir, 'reports'))).toBe(0);
    const { planFile } = await planForReview(ctx, path.join(p.dir, 'reports'));
    expect(JSON.parse(fs.readFileSync(planFile, 'utf8')).shards.map((s: { planFile: string | null }) => s.planFile)).toEqual([null, null]);
  });
});
