/**
 * Shared state with locking (PostgreSQL) and environments, on the real engine and Keycloak:
 * two deploys started at once never both write, the state stays valid and Keycloak ends in
 * the declared state; an environment-limited customer exists only in its environment.
 */
import * as fs from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
import { deploy } from '../../engine/deploy';
import { capture } from '../../toolchain/process';
import { engineBinary } from '../../toolchain/inspect';
import { defaultRunContext, init, stackDir, synth, RunContext } from '../../engine/steps';
import { describeIntegration, describeUnless, TestProject } from './support/harness';
import { Postgres, postgresBin, startPostgres } from './support/postgres';

const describePg: jest.Describe = postgresBin()
  ? describeIntegration
  : describeUnless('PostgreSQL server binaries are not installed; apt-get install postgresql');

const PASSPHRASE = 'correct horse battery staple 42';

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

  it('lets only one of two simultaneous deploys write; the state stays valid and Keycloak ends as declared', async () => {
    // GIVEN the platform part is in place (an administrator deployed it)
    await deploy({ ...ws('shared', 'out-admin'), part: 'platform' });
    // WHEN two pipelines deploy the same environment's customers at the same moment, from different checkouts
    const a: RunContext = { ...ws('shared', 'out-a'), part: 'customers' };
    const b: RunContext = { ...ws('shared', 'out-b'), part: 'customers' };
    const results = await Promise.allSettled([deploy(a), deploy(b)]);
    // THEN at least one succeeded, and any that did not was stopped by the lock (or by its plan going stale)
    expect(results.filter((r) => r.status === 'fulfilled').length).toBeGreaterThanOrEqual(1);
    for (const r of results) {
      if (r.status === 'rejected')
        expect(String(r.reason?.message ?? r.reason)).toMatch(/Error acquiring the state lock|[Ss]aved plan is stale/);
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
    await deploy(ws('second', 'out-second'));
    expect(await p.admin.findClient(`${p.realm}-two`, 'second-only')).toBeDefined();
    expect(await p.admin.findClient(`${p.realm}-two`, 'cust-0')).toBeDefined();
    expect(await p.admin.findClient(p.realm, 'second-only')).toBeUndefined();
  });
});
