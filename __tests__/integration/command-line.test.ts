/**
 * What was tested only below the command line, end to end through `npm run <command>` (the
 * CLI, spawned as a user runs it) or the real engine against the local Keycloak:
 * - `--confirm-removal <n>` and `APIKEYS_CONFIRM_REMOVAL`, including confirming the removal of
 *   every customer from an empty customers/;
 * - `adopt --all`, and adoption refused for a file with `secretRotation` and for a client
 *   another stack manages;
 * - encrypted local state (a project of its own): a wrong or missing passphrase is refused with
 *   nothing damaged; `APIKEYS_STATE_ENCRYPTION_MIGRATE=1` encrypts an existing plain state;
 * - an admin-API call that never answers is bounded by `KEYCLOAK_CLIENT_TIMEOUT`.
 * The test project is a runnable copy of the repository's code with its own platform.yaml
 * (a realm of its own), customers/ and state. Each test starts from its own `given`.
 */
import { spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { projectRoot } from '../../config/paths';
import { deploy } from '../../engine/deploy';
import { defaultRunContext, RunContext } from '../../engine/steps';
import { KeycloakGate } from './support/gate';
import { CustomerSpec, describeIntegration, TestProject } from './support/harness';

const STACK = 'api-keys-local';
/** What of the repository the commands need besides the data files (which the test project has). */
const CODE = [
  'cli',
  'config',
  'engine',
  'keycloak',
  'model',
  'stacks',
  'toolchain',
  'schemas',
  'main.ts',
  'package.json',
  'tsconfig.json',
  'toolchain.json',
  'cdktf.json',
];
const PASSPHRASE = 'a passphrase for the command-line test';

describeIntegration('the command line, end to end', () => {
  let p: TestProject;
  let env: NodeJS.ProcessEnv;

  /** Runs `npm run <args[0]> -- <args...>` as a user would (the CLI in the test project), with `extra` in the environment. */
  function npmRun(args: string[], extra: NodeJS.ProcessEnv = {}): { code: number | null; out: string } {
    const res = spawnSync(
      process.execPath,
      [require.resolve('ts-node/dist/bin'), '--transpile-only', path.join(p.dir, 'cli', 'main.ts'), ...args],
      {
        cwd: p.dir,
        env: { ...env, ...extra },
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    return { code: res.status, out: `${res.stdout}${res.stderr}` };
  }
  /** The exit code and, when it is not the expected one, the tail of the output (for the failure message). */
  const outcome = (r: { code: number | null; out: string }, expected: number) => ({
    code: r.code,
    tail: r.code === expected ? '' : r.out.split('\n').slice(-40).join('\n'),
  });
  const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${String(i + 1).padStart(2, '0')}`);
  const files = (list: string[]): Record<string, CustomerSpec> => Object.fromEntries(list.map((id) => [id, { roles: ['orders:read'] }]));
  const present = async (list: string[]) =>
    (await Promise.all(list.map(async (id) => ((await p.admin.findClient(p.realm, id)) ? id : undefined)))).filter(Boolean);
  const stateFile = () => path.join(p.dir, 'state', `${STACK}.tfstate`);
  const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

  beforeAll(async () => {
    p = new TestProject('cli');
    for (const entry of CODE) fs.cpSync(path.join(projectRoot, entry), path.join(p.dir, entry), { recursive: true });
    fs.cpSync(path.join(projectRoot, '.gen'), path.join(p.dir, '.gen'), { recursive: true });
    fs.symlinkSync(path.join(projectRoot, 'node_modules'), path.join(p.dir, 'node_modules'), 'dir');
    // What a user's shell has, plus this project's state directory (as p.ws uses it)
    env = { PATH: process.env.PATH, HOME: process.env.HOME, CHECKPOINT_DISABLE: '1', APIKEYS_STATE_DIR: path.join(p.dir, 'state') };
    for (const name of ['APIKEYS_CACHE_DIR', 'APIKEYS_KEYCLOAK_PORT', 'APIKEYS_KEYCLOAK_MANAGEMENT_PORT', 'JAVA_HOME'])
      if (process.env[name]) env[name] = process.env[name];
    await deploy({ ...p.ws, part: 'platform' });
  });
  afterAll(async () => {
    await p.deleteRealm();
    p.cleanup();
  });

  describe('confirming removals', () => {
    it('deploy --confirm-removal: refused without it and with a wrong count, nothing removed; applied with the exact count', async () => {
      await p.given(files(ids('rm', 7)));
      const keep = await p.secret('rm-01');
      for (const id of ids('rm', 7).slice(1)) p.removeCustomer(id);
      // WHEN deploy runs without confirmation THEN it refuses, naming the count and both ways to confirm
      const refused = npmRun(['deploy', '--env', 'local', '--part', 'customers']);
      expect(outcome(refused, 1)).toEqual({ code: 1, tail: '' });
      expect(refused.out).toMatch(/the plan removes 6 of 7 customers.*--confirm-removal 6 \(or APIKEYS_CONFIRM_REMOVAL=6\)/s);
      // AND a wrong count is no confirmation
      const wrong = npmRun(['deploy', '--env', 'local', '--part', 'customers', '--confirm-removal', '5']);
      expect(outcome(wrong, 1)).toEqual({ code: 1, tail: '' });
      expect(wrong.out).toMatch(/--confirm-removal 6/);
      expect(await present(ids('rm', 7))).toEqual(ids('rm', 7));
      // WHEN confirmed with the exact count THEN the six are gone and the other keeps its secret
      expect(outcome(npmRun(['deploy', '--env', 'local', '--part', 'customers', '--confirm-removal', '6']), 0)).toEqual({
        code: 0,
        tail: '',
      });
      expect(await present(ids('rm', 7))).toEqual(['rm-01']);
      expect(await p.secret('rm-01')).toBe(keep);
    });

    it('APIKEYS_CONFIRM_REMOVAL confirms as the option does, with the same exact count', async () => {
      await p.given(files(ids('env', 7)));
      for (const id of ids('env', 7).slice(1)) p.removeCustomer(id);
      const wrong = npmRun(['deploy', '--env', 'local', '--part', 'customers'], { APIKEYS_CONFIRM_REMOVAL: '7' });
      expect(outcome(wrong, 1)).toEqual({ code: 1, tail: '' });
      expect(wrong.out).toMatch(/--confirm-removal 6/);
      expect(await present(ids('env', 7))).toEqual(ids('env', 7));
      const right = npmRun(['deploy', '--env', 'local', '--part', 'customers'], { APIKEYS_CONFIRM_REMOVAL: '6' });
      expect(outcome(right, 0)).toEqual({ code: 0, tail: '' });
      expect(await present(ids('env', 7))).toEqual(['env-01']);
    });

    it('an empty customers/ removes every customer only when confirmed with their count; the platform stays', async () => {
      await p.given(files(ids('all', 3)));
      p.setCustomers({});
      expect(fs.readdirSync(path.join(p.dir, 'customers'))).toEqual([]);
      const refused = npmRun(['deploy', '--env', 'local']);
      expect(outcome(refused, 1)).toEqual({ code: 1, tail: '' });
      expect(refused.out).toMatch(/no customer file targets this environment, but its state holds 3 customer\(s\).*--confirm-removal 3/s);
      expect(await present(ids('all', 3))).toEqual(ids('all', 3));
      expect(outcome(npmRun(['deploy', '--env', 'local', '--confirm-removal', '3']), 0)).toEqual({ code: 0, tail: '' });
      expect(await present(ids('all', 3))).toEqual([]);
      expect(await p.realmExists()).toBe(true);
      expect(await p.admin.findClient(p.realm, 'orders-api')).toBeDefined();
    });
  });

  describe('adoption', () => {
    it('adopt --all imports every hand-made client a file declares, secrets unchanged; deploy then converges them', async () => {
      await p.given(files(['own-01']));
      // GIVEN two clients made by hand, with secrets already handed out, and files for them
      const secrets = { 'hand-a': await p.clientByHand('hand-a'), 'hand-b': await p.clientByHand('hand-b') };
      p.writeCustomer('hand-a', { roles: ['orders:read'] });
      p.writeCustomer('hand-b', { roles: [] });
      const stopped = npmRun(['deploy', '--env', 'local', '--part', 'customers']);
      expect(outcome(stopped, 1)).toEqual({ code: 1, tail: '' });
      expect(stopped.out).toMatch(/hand-a: exists in Keycloak, not created by this project/);
      // WHEN adopt --all runs THEN both are in state, with their secrets
      const adopted = npmRun(['adopt', '--env', 'local', '--all']);
      expect(outcome(adopted, 0)).toEqual({ code: 0, tail: '' });
      const inState = (fs.readFileSync(stateFile(), 'utf8').match(/"client_id": "[^"]+"/g) ?? []).join(' ');
      for (const id of ['hand-a', 'hand-b', 'own-01']) expect(inState).toContain(`"client_id": "${id}"`);
      for (const [id, secret] of Object.entries(secrets)) expect(await p.secret(id)).toBe(secret);
      // AND deploy converges them, secrets still unchanged and working
      expect(outcome(npmRun(['deploy', '--env', 'local']), 0)).toEqual({ code: 0, tail: '' });
      for (const [id, secret] of Object.entries(secrets)) {
        expect(await p.secret(id)).toBe(secret);
        expect((await p.token(id, secret)).status).toBe(200);
      }
    });

    it('refuses to adopt a client whose file sets secretRotation, or one another stack manages; nothing changes', async () => {
      await p.given(files(['own-02']));
      const rotating = await p.clientByHand('rot-hand');
      p.writeCustomer('rot-hand', { roles: [], secretRotation: 'v1' });
      await p.clientByHand('foreign-01', { attributes: { 'api-keys.stack': 'api-keys-other' } });
      p.writeCustomer('foreign-01', { roles: [] });
      const before = sha(stateFile());
      // WHEN adopt runs for each THEN it is refused, saying why and what to do
      const rot = npmRun(['adopt', '--env', 'local', 'rot-hand']);
      expect(outcome(rot, 1)).toEqual({ code: 1, tail: '' });
      expect(rot.out).toMatch(
        /customers\/rot-hand\.yaml: secretRotation: .*would replace its secret.*Remove secretRotation from the file/s,
      );
      const foreign = npmRun(['adopt', '--env', 'local', 'foreign-01']);
      expect(outcome(foreign, 1)).toEqual({ code: 1, tail: '' });
      expect(foreign.out).toMatch(
        /foreign-01: managed by another stack \("api-keys-other"\); adopting it here would make two stacks manage one client/,
      );
      // AND neither the state nor the clients changed
      expect(sha(stateFile())).toBe(before);
      expect(await p.secret('rot-hand')).toBe(rotating);
      expect((await p.client('foreign-01')).attributes).toMatchObject({ 'api-keys.stack': 'api-keys-other' });
      // (the next given() may not adopt them: they go)
      for (const id of ['rot-hand', 'foreign-01']) {
        p.removeCustomer(id);
        await p.admin.request('DELETE', `/${p.realm}/clients/${(await p.client(id)).id}`);
      }
    });
  });

  describe('encrypted local state', () => {
    // A project of its own: these tests start from nothing deployed (reset), in either order.
    let e: TestProject;
    beforeAll(() => {
      e = new TestProject('enc');
    });
    afterAll(async () => {
      await e.deleteRealm();
      e.cleanup();
    });
    const withPassphrase = (passphrase: string | undefined, extra: NodeJS.ProcessEnv = {}): RunContext =>
      defaultRunContext({ ...e.ws, env: { ...e.ws.env, APIKEYS_STATE_PASSPHRASE: passphrase ?? '', ...extra } });
    const state = () => path.join(e.dir, 'state', `${STACK}.tfstate`);

    it('a wrong or missing passphrase is refused, and nothing is damaged: state bytes and clients unchanged', async () => {
      // GIVEN a deployment whose state was written encrypted from the start
      await e.reset();
      await e.given(files(['enc-01']), withPassphrase(PASSPHRASE));
      expect(fs.readFileSync(state(), 'utf8')).toContain('encrypted_data');
      const before = { state: sha(state()), secret: await e.secret('enc-01') };
      e.writeCustomer('enc-02', { roles: [] }); // a change, so that a deploy would write
      // WHEN deploy runs with another passphrase, or none THEN the engine cannot read the state and refuses
      await expect(deploy(withPassphrase('not the passphrase, but long enough'))).rejects.toThrow(/decrypt|encrypt/i);
      await expect(deploy(withPassphrase(undefined))).rejects.toThrow(/encrypt/i);
      // AND nothing was damaged or written
      expect(sha(state())).toBe(before.state);
      expect(await e.admin.findClient(e.realm, 'enc-02')).toBeUndefined();
      expect(await e.secret('enc-01')).toBe(before.secret);
      // AND the right passphrase still reads it and deploys
      expect((await deploy(withPassphrase(PASSPHRASE))).changed).toBe(true);
      expect(await e.admin.findClient(e.realm, 'enc-02')).toBeDefined();
    });

    it('APIKEYS_STATE_ENCRYPTION_MIGRATE=1 encrypts an existing plain state; without it a plain state is refused', async () => {
      // GIVEN a deployment with a plain state
      await e.reset();
      await e.given(files(['mig-01']));
      expect(fs.readFileSync(state(), 'utf8')).toContain('"client_id": "mig-01"');
      const before = sha(state());
      const secret = await e.secret('mig-01');
      e.writeCustomer('mig-02', { roles: [] }); // a change, so that the deploy writes the state
      // WHEN the passphrase is set without the migration THEN the engine refuses the plain state, and writes nothing
      await expect(deploy({ ...withPassphrase(PASSPHRASE), part: 'customers' })).rejects.toThrow(/encrypt/i);
      expect(sha(state())).toBe(before);
      expect(await e.admin.findClient(e.realm, 'mig-02')).toBeUndefined();
      // WHEN migrating THEN the state is written encrypted, and the secret no longer appears in it
      await deploy({ ...withPassphrase(PASSPHRASE, { APIKEYS_STATE_ENCRYPTION_MIGRATE: '1' }), part: 'customers' });
      const text = fs.readFileSync(state(), 'utf8');
      expect(text).toContain('encrypted_data');
      expect(text).not.toContain(secret);
      expect(await e.secret('mig-01')).toBe(secret);
      // AND from now on the passphrase alone reads it
      expect((await deploy({ ...withPassphrase(PASSPHRASE), part: 'customers' })).changed).toBe(false);
    });
  });

  it('an admin-API call that never answers fails after KEYCLOAK_CLIENT_TIMEOUT, not never', async () => {
    await p.given(files(['slow-01']));
    // GIVEN a Keycloak that accepts every request but never answers the one that reads a client
    const gate = await KeycloakGate.start(
      p.url,
      (method, url) => method === 'GET' && /^\/admin\/realms\/[^/]+\/clients\/[^/?]+$/.test(url),
    );
    const TIMEOUT = 5;
    const started = Date.now();
    try {
      const ws = defaultRunContext({
        ...p.ws,
        part: 'customers',
        env: {
          ...p.ws.env,
          KEYCLOAK_URL: gate.url,
          KEYCLOAK_USER: 'admin',
          KEYCLOAK_PASSWORD: 'admin',
          KEYCLOAK_CLIENT_TIMEOUT: String(TIMEOUT),
        },
      });
      // WHEN deploy plans (the refresh reads the client) THEN the call times out and the plan fails, saying so
      const failure = await deploy(ws).then(
        () => 'deploy succeeded although a call was never answered',
        (err: Error) => err.message,
      );
      expect(failure).toMatch(/plan failed.*(Client\.Timeout|deadline exceeded|timeout)/is);
      // the call's own bound, not the engine's whole-run budget (APIKEYS_ENGINE_TIMEOUT)
      expect(failure).not.toMatch(/did not finish within/);
    } finally {
      await gate.close();
    }
    expect(gate.held).toBeGreaterThan(0);
    // it waited at least the timeout for the held call (the upper bound is the engine's own budget)
    expect(Date.now() - started).toBeGreaterThanOrEqual(TIMEOUT * 1000);
  });
});
