/**
 * Shared state with locking (PostgreSQL) and environments, on the real engine and Keycloak:
 * - while one deploy holds the state lock (stopped in its apply at a gate in front of Keycloak),
 *   a second writer is refused at once (APIKEYS_LOCK_TIMEOUT=0s), and with a lock timeout it
 *   waits for the lock and then succeeds;
 * - two deploys started at once never both write (one may stop on the lock, or on its stale
 *   plan), the state stays valid and Keycloak ends in the declared state;
 * - the state in PostgreSQL is encrypted; an environment-limited customer exists only in its
 *   environment.
 * Each test sets up what it needs (the race starts from nothing deployed), so the tests pass in any order.
 */
import * as fs from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
import { deploy } from '../../engine/deploy';
import { capture } from '../../toolchain/process';
import { engineBinary } from '../../toolchain/inspect';
import { defaultRunContext, init, stackDir, synth, RunContext } from '../../engine/steps';
import { KeycloakGate } from './support/gate';
import { describeGated, postgresMissing, toolchainMissing } from '../support/gates';
import { describeIntegration, killEngineWhen, TestProject, waitFor } from './support/harness';
import { Postgres, startPostgres } from './support/postgres';

/** Needs the toolchain, and the PostgreSQL server and client (both gates: skipped as NOT RUN, or failed in CI). */
const describePg: jest.Describe = toolchainMissing() ? describeIntegration : describeGated('PostgreSQL', postgresMissing());

const PASSPHRASE = 'correct horse battery staple 42';

/**
 * How the deploy that lost the race stopped, when it stopped in one of the two ways the race
 * allows (applying nothing either way), or undefined for any other failure:
 * - `locked`: its plan or apply started while the other deploy held the state lock
 *   (APIKEYS_LOCK_TIMEOUT=0s: it does not wait), and the engine refused to take the lock;
 * - `stale`: it planned before the other deploy applied and applied after it, and the engine
 *   refused its saved plan because the state had changed since (engine/steps.ts, engineFailure).
 */
function loserOutcome(message: string): 'locked' | 'stale' | undefined {
  if (
    /\b(plan|apply) failed with exit code 1 in \S*api-keys-shared[;\n]/.test(message) &&
    /Error: Error acquiring the state lock/.test(message)
  )
    return 'locked';
  if (/\bapply: the plan is stale: another deploy changed the state after this plan was made .*; nothing was applied\./.test(message))
    return 'stale';
  return undefined;
}

describePg('shared state and environments', () => {
  let pg: Postgres;
  let p: TestProject;
  const ws = (environment: string, outdir: string): RunContext =>
    defaultRunContext({
      ...p.ws,
      environment,
      outdir: path.join(p.dir, outdir),
      env: { ...p.ws.env, PGPASSWORD: pg.password, APIKEYS_LOCK_TIMEOUT: '0s', APIKEYS_STATE_PASSPHRASE: PASSPHRASE },
    });

  beforeAll(async () => {
    pg = await startPostgres();
    p = new TestProject('pg');
    fs.writeFileSync(
      path.join(p.dir, 'environments.yaml'),
      stringify({
        shared: { keycloak: 'local', state: { pg: { connStr: pg.connStr } } },
        second: { keycloak: 'local', realm: `${p.realm}-two`, state: { local: {} } },
      }),
    );
    for (let i = 0; i < 6; i++) p.writeCustomer(`cust-${i}`, { roles: ['orders:read'] });
    p.writeCustomer('second-only', { roles: ['orders:read'], environments: ['second'] } as never);
  });
  afterAll(async () => {
    await p.deleteRealm();
    await p.admin.request('DELETE', `/${p.realm}-two`);
    p.cleanup();
    pg?.stop();
  });

  it('while a deploy holds the state lock, a second writer is refused at once, or with a lock timeout waits and then succeeds', async () => {
    // GIVEN the shared environment deployed, and one customer more in the files
    await deploy(ws('shared', 'out-c'));
    p.writeCustomer('lock-01', { roles: ['orders:read'] });
    const inKeycloak = async () => (await p.admin.findClient(p.realm, 'lock-01')) !== undefined;
    expect(await inKeycloak()).toBe(false);
    // AND a deploy (the holder) stopped inside its apply, holding the lock: it reaches Keycloak
    // through a gate that holds its request to create that client
    const gate = await KeycloakGate.start(p.url, (method, url) => method === 'POST' && /^\/admin\/realms\/[^/]+\/clients$/.test(url));
    const writer = (outdir: string, lockTimeout: string, env: Record<string, string> = {}): RunContext => {
      const base = ws('shared', outdir);
      return defaultRunContext({ ...base, part: 'customers', env: { ...base.env, APIKEYS_LOCK_TIMEOUT: lockTimeout, ...env } });
    };
    const holderCtx = writer('out-lock-holder', '0s', { KEYCLOAK_URL: gate.url, KEYCLOAK_USER: 'admin', KEYCLOAK_PASSWORD: 'admin' });
    const holder = deploy(holderCtx).then(
      () => 'holder finished: the gate did not stop it',
      (err: Error) => err,
    );
    try {
      await Promise.race([gate.whenHeld(), holder.then((r) => Promise.reject(r))]);

      // WHEN a second writer deploys without waiting for the lock THEN the engine refuses it, and nothing is written
      const refused = await deploy(writer('out-lock-refused', '0s')).then(
        (r) => `the second writer deployed (changed: ${r.changed}) while the lock was held: nothing refused it`,
        (err: Error) => err.message,
      );
      expect(refused).toMatch(/plan failed with exit code 1 in \S*api-keys-shared.*Error acquiring the state lock/s);
      expect(await inKeycloak()).toBe(false);

      // WHEN a second writer deploys with a lock timeout, and the holder stops while it waits
      const log = path.join(p.dir, 'waiter.log');
      let waiterDone = false;
      const waiter = deploy({ ...writer('out-lock-waiter', '10m'), quiet: false, logFile: log }).finally(() => {
        waiterDone = true;
      });
      // (the engine says so when a lock is not granted within 400 ms)
      await waitFor('the waiting writer to report that it waits for the lock', async () => {
        if (waiterDone) await waiter; // failed early: show why
        return fs.existsSync(log) && fs.readFileSync(log, 'utf8').includes('Acquiring state lock. This may take a few moments...');
      });
      expect(waiterDone).toBe(false);
      expect(await inKeycloak()).toBe(false);
      expect(await killEngineWhen(stackDir(holderCtx), 'apply', async () => true)).toBe(true);
      expect((await holder) instanceof Error && ((await holder) as Error).message).toMatch(/apply was interrupted \(killed by SIGKILL\)/);

      // THEN it gets the lock once the holder is gone and applies
      const waited = await waiter;
      expect(waited.changed).toBe(true);
      expect(await inKeycloak()).toBe(true);
    } finally {
      await gate.close();
    }
    // AND the shared state is consistent: nothing left to do
    expect((await deploy(ws('shared', 'out-c'))).changed).toBe(false);
  });

  it('lets only one of two simultaneous deploys write; the state stays valid and Keycloak ends as declared', async () => {
    // GIVEN nothing of the shared environment deployed yet: no state in PostgreSQL (neither
    // stack's schema), no realm
    const dropped = capture(
      'psql',
      [pg.connStr, '-At', '-c', 'drop schema if exists api_keys_shared cascade; drop schema if exists api_keys_shared_platform cascade'],
      { env: { ...process.env, PGPASSWORD: pg.password } },
    );
    expect({ code: dropped.code, stderr: dropped.stderr.replace(/^NOTICE: .*\n/gm, '') }).toEqual({ code: 0, stderr: '' });
    if (await p.realmExists()) await p.deleteRealm();
    // AND the platform part is in place (an administrator deployed it)
    await deploy({ ...ws('shared', 'out-admin'), part: 'platform' });
    // WHEN two pipelines deploy the same environment's customers at the same moment, from different checkouts
    const a: RunContext = { ...ws('shared', 'out-a'), part: 'customers' };
    const b: RunContext = { ...ws('shared', 'out-b'), part: 'customers' };
    const results = await Promise.allSettled([deploy(a), deploy(b)]);
    // THEN at least one succeeded, and any that did not stopped in one of the two ways the race allows
    expect(results.filter((r) => r.status === 'fulfilled').length).toBeGreaterThanOrEqual(1);
    for (const r of results) {
      if (r.status === 'rejected') {
        const message = String(r.reason?.message ?? r.reason);
        expect(['locked', 'stale']).toContain(loserOutcome(message) ?? message);
      }
    }
    const writes = results.filter((r) => r.status === 'fulfilled' && r.value.changed).length;
    expect(writes).toBe(1);
    // AND the state in PostgreSQL is readable and complete
    // (from a fresh checkout: the loser may have stopped before it initialised its customers stack)
    const reader: RunContext = { ...ws('shared', 'out-reader'), part: 'customers' };
    const prepared = synth(reader); // with the credentials and the state encryption
    await init(prepared.ctx, prepared.target);
    const list = capture(engineBinary(), [`-chdir=${stackDir(reader)}`, 'state', 'list'], { env: prepared.ctx.env });
    expect({ code: list.code, stderr: list.stderr }).toEqual({ code: 0, stderr: '' });
    for (let i = 0; i < 6; i++) expect(list.stdout).toContain(`customer-cust-${i}_client_`);
    // AND Keycloak matches the files: a new deploy has nothing to do
    expect((await deploy(ws('shared', 'out-c'))).changed).toBe(false);
    for (let i = 0; i < 6; i++) expect(await p.admin.findClient(p.realm, `cust-${i}`)).toBeDefined();
  });

  it('keeps the state in PostgreSQL encrypted: no client secret and no resource in clear', async () => {
    // GIVEN the shared environment deployed (nothing to do when the race above ran)
    await deploy(ws('shared', 'out-c'));
    const rows = capture('psql', [pg.connStr, '-At', '-c', 'select data from api_keys_shared.states'], {
      env: { ...process.env, PGPASSWORD: pg.password },
    });
    expect(rows.code).toBe(0);
    expect(rows.stdout.length).toBeGreaterThan(100);
    expect(rows.stdout).not.toContain('keycloak_openid_client');
    for (let i = 0; i < 6; i++) expect(rows.stdout).not.toContain(await p.secret(`cust-${i}`));
    expect(JSON.parse(rows.stdout.trim())).toHaveProperty('encrypted_data');
  });

  it('refuses to deploy to a shared backend without encryption, unless explicitly allowed', async () => {
    const plain = defaultRunContext({
      ...p.ws,
      environment: 'shared',
      outdir: path.join(p.dir, 'out-plain'),
      env: { ...p.ws.env, PGPASSWORD: pg.password },
    });
    await expect(deploy(plain)).rejects.toThrow(/keeps its state in pg.*APIKEYS_STATE_PASSPHRASE.*APIKEYS_ALLOW_UNENCRYPTED_STATE=1/s);
  });

  it('deploys an environment-limited customer only to its environment', async () => {
    // GIVEN both environments deployed from the same files
    await deploy(ws('shared', 'out-c'));
    await deploy(ws('second', 'out-second'));
    expect(await p.admin.findClient(`${p.realm}-two`, 'second-only')).toBeDefined();
    expect(await p.admin.findClient(`${p.realm}-two`, 'cust-0')).toBeDefined();
    expect(await p.admin.findClient(p.realm, 'second-only')).toBeUndefined();
  });
});
