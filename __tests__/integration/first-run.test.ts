/**
 * A fresh machine's first `npm start`: an empty cache directory, nothing provisioned. The
 * command must provision (provider from its Go module, Keycloak from Maven), start its
 * own Keycloak and deploy every customer on the first call. Only the engine is reused,
 * through the documented APIKEYS_OPENTOFU_BINARY, so the test does not rebuild OpenTofu
 * for minutes; everything else is done for real, as on a new machine.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AdminApi } from '../../engine/admin-api';
import { localSettings } from '../../config/local-keycloak';
import { cacheDir, paths, projectRoot } from '../../config/paths';
import { planForReview } from '../../engine/plan-review';
import { defaultRunContext } from '../../engine/steps';
import { describeIntegration, TestProject } from './support/harness';

const cli = (args: string[], env: NodeJS.ProcessEnv) =>
  spawnSync(process.execPath, [require.resolve('ts-node/dist/bin'), '--transpile-only', path.join(projectRoot, 'cli/main.ts'), ...args], {
    cwd: projectRoot,
    env,
    encoding: 'utf8',
    timeout: 15 * 60_000,
  });

describeIntegration('first run on an empty cache', () => {
  // A port of its own, so the Keycloak this test starts never meets the suite's.
  const port = localSettings().port + 7;
  let cache: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(() => {
    cache = fs.mkdtempSync(path.join(os.tmpdir(), 'apikeys-first-run-'));
    env = {
      ...process.env,
      APIKEYS_CACHE_DIR: cache,
      APIKEYS_OPENTOFU_BINARY: paths.engine(), // the suite's engine, already built
      APIKEYS_KEYCLOAK_PORT: String(port),
      APIKEYS_KEYCLOAK_MANAGEMENT_PORT: String(port + 1000),
      // Nothing from the suite's run may leak in: the state and the realm are the defaults.
      APIKEYS_STATE_DIR: '',
      APIKEYS_REALM: '',
      KEYCLOAK_URL: '',
      TF_CLI_CONFIG_FILE: '',
    };
  });

  afterAll(() => {
    cli(['keycloak:down'], env);
    fs.rmSync(cache, { recursive: true, force: true });
  });

  it(
    'deploys every customer on the first call',
    async () => {
      expect(fs.readdirSync(cache)).toEqual([]);
      const res = cli(['start'], env);
      const output = `${res.stdout}\n${res.stderr}`;
      if (res.status !== 0) throw new Error(`npm start exited ${res.status} on a first run:\n${output.split('\n').slice(-60).join('\n')}`);

      // Provisioned into the new cache, by the routes a fresh machine takes.
      expect(output).toMatch(/provider: building keycloak provider 5\.9\.0/);
      expect(output).toMatch(/keycloak: downloading/);
      expect(fs.existsSync(path.join(cache, path.relative(cacheDir(), paths.providerBinary())))).toBe(true);

      // Every customer file is a client in the realm of platform.yaml.
      const url = `http://127.0.0.1:${port}`;
      const admin = new AdminApi({ url, username: 'admin', password: 'admin' });
      const declared = fs
        .readdirSync(path.join(projectRoot, 'customers'))
        .filter((f) => f.endsWith('.yaml'))
        .map((f) => f.slice(0, -5));
      expect(declared.length).toBeGreaterThan(0);
      for (const id of declared) {
        const client = await admin.findClient('partners', id);
        expect(client?.clientId).toBe(id);
      }

      // And the second call has nothing left to do.
      const again = cli(['start'], env);
      expect(again.status).toBe(0);
      expect(`${again.stdout}\n${again.stderr}`).toMatch(/no changes/);
    },
    20 * 60_000,
  );
});

describeIntegration('a remote environment on an empty cache', () => {
  const saved = { ...process.env };
  let p: TestProject;
  let cache: string;

  beforeAll(() => {
    p = new TestProject('remote-plan', { copyExampleCustomers: true });
    cache = fs.mkdtempSync(path.join(os.tmpdir(), 'apikeys-remote-cache-'));
    // The suite's engine and provider come in through the documented variables; the
    // Keycloak server never should.
    process.env.APIKEYS_OPENTOFU_BINARY = paths.engine();
    process.env.APIKEYS_KEYCLOAK_PROVIDER_BINARY = paths.providerBinary();
    process.env.APIKEYS_CACHE_DIR = cache;
  });
  afterAll(async () => {
    process.env = { ...saved };
    await p.deleteRealm().catch(() => undefined); // only planned: the realm was never created
    p.cleanup();
    fs.rmSync(cache, { recursive: true, force: true });
  });

  it('plans without downloading or unpacking the Keycloak server', async () => {
    // Any URL makes the environment remote; this one happens to be the suite's server.
    // The platform stack: the customers stack would read what the platform stack has not created yet.
    const ws = defaultRunContext({
      ...p.ws,
      part: 'platform',
      env: { ...p.ws.env, KEYCLOAK_URL: p.url, KEYCLOAK_USER: 'admin', KEYCLOAK_PASSWORD: 'admin' },
    });
    const { changed } = await planForReview(ws, path.join(p.dir, 'reports'));
    expect(changed).toBe(true);
    expect(fs.existsSync(paths.engine())).toBe(true);
    expect(fs.existsSync(paths.providerBinary())).toBe(true);
    expect(fs.readdirSync(cache).filter((f) => /keycloak/i.test(f))).toEqual([]);
    expect(fs.existsSync(path.join(cache, 'build', 'keycloak-download'))).toBe(false);
  });
});
