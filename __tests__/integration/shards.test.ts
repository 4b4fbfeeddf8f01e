/**
 * Customer shards on the real engine and Keycloak (docs/shards.md):
 * - an environment deployed with today's single stack moves to shards with `reshard`, without a
 *   Keycloak write: client UUIDs and secrets byte-identical, drift 0, the next plan empty, and a
 *   second `reshard` does nothing; a plan before the move is refused, naming the command;
 * - a one-customer change runs the engine for that customer's shard only; the reviewed plan
 *   lists one saved shard plan, and `deploy --plan <env>.plan.json` applies exactly it;
 * - hand-made drift is found by the one bulk check and planned in its shard only;
 * - the removal guard counts every shard (an empty customers/ is refused);
 * - a move held up by another run's state lock stops, and a rerun completes it;
 * - adoption puts a client into its shard; the read-only identity plans one changed shard;
 * - with encrypted state in PostgreSQL, the move keeps every secret, and the shards' schemas
 *   hold encrypted states only.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { deploy } from '../../engine/deploy';
import { drift } from '../../engine/drift';
import { planForReview } from '../../engine/plan-review';
import { reshard } from '../../engine/shards/reshard';
import { defaultRunContext, RunContext } from '../../engine/steps';
import { surveyShards } from '../../engine/shards/states';
import { loadProject } from '../../model/load';
import { shardOf } from '../../stacks/shards';
import { adopt } from '../../engine/adopt';
import { capture } from '../../toolchain/process';
import { stringify } from 'yaml';
import { describeGated, postgresMissing, toolchainMissing } from '../support/gates';
import { captureStderr, describeIntegration, TestProject, waitFor } from './support/harness';
import { Postgres, startPostgres } from './support/postgres';

const CUSTOMERS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel'].map((n) => `shard-${n}`);

describeIntegration('customer shards', () => {
  let p: TestProject;
  const platform = () => p.read('platform.yaml');
  const setShards = (n: number) => p.write('platform.yaml', `${platform().replace(/^customerShards: .*\n/m, '')}customerShards: ${n}\n`);
  const stateFile = (stack: string) => path.join(p.dir, 'state', `${stack}.tfstate`);
  const customersIn = (stack: string): string[] => {
    if (!fs.existsSync(stateFile(stack))) return [];
    const state = JSON.parse(fs.readFileSync(stateFile(stack), 'utf8')) as { resources: { type: string; name: string }[] };
    return state.resources
      .filter((r) => r.type === 'keycloak_openid_client')
      .map((r) => r.name.split('_')[0].replace(/^customer-/, ''))
      .sort();
  };
  const reports = (name: string) => path.join(p.dir, name);
  let before: Map<string, { uuid: string; secret: string }>;

  const snapshot = async (ids: readonly string[]) =>
    new Map(
      await Promise.all(ids.map(async (id) => [id, { uuid: (await p.client(id)).id as string, secret: await p.secret(id) }] as const)),
    );

  beforeAll(async () => {
    p = new TestProject('shards');
    await p.given(Object.fromEntries(CUSTOMERS.map((id) => [id, { roles: ['orders:read'] }])));
    before = await snapshot(CUSTOMERS);
  }, 600_000);
  afterAll(async () => {
    await p.deleteRealm();
    p.cleanup();
  });

  it('moves a deployed single stack to shards without a Keycloak write; secrets and UUIDs unchanged, drift 0, next plan empty', async () => {
    // GIVEN the customers deployed in the single stack, and platform.yaml now asking for 4 shards
    expect(customersIn('api-keys-local')).toEqual([...CUSTOMERS].sort());
    setShards(4);

    // THEN a plan refuses before the move: two stacks would manage the same clients
    await expect(planForReview({ ...p.ws, part: 'customers' }, reports('refused'))).rejects.toThrow(
      /api-keys-local still holds 8 customer\(s\).*npm run reshard/s,
    );

    // WHEN the states are moved
    const moved = await reshard(p.ws);

    // THEN every customer is in the shard its hash names, and the single stack holds none
    expect(moved.moved).toBe(8);
    expect(customersIn('api-keys-local')).toEqual([]);
    for (const id of CUSTOMERS) expect(customersIn(`api-keys-local-shard-0${shardOf(id, 4)}`)).toContain(id);
    expect([0, 1, 2, 3].flatMap((i) => customersIn(`api-keys-local-shard-0${i}`)).sort()).toEqual([...CUSTOMERS].sort());
    // a backup of the state it emptied is kept
    const backups = path.join(p.dir, '.state-backups');
    expect(fs.readdirSync(backups).length).toBe(1);
    // owner-only: it holds every secret of the state it copies
    const backup = path.join(backups, fs.readdirSync(backups)[0]);
    expect(fs.statSync(backup).mode & 0o777).toBe(0o700);
    expect(fs.readdirSync(backup)).toEqual(['api-keys-local.tfstate']);
    expect(fs.statSync(path.join(backup, 'api-keys-local.tfstate')).mode & 0o777).toBe(0o600);
    // and it is the state as it was: every customer
    expect(
      JSON.parse(fs.readFileSync(path.join(backup, 'api-keys-local.tfstate'), 'utf8')).resources.filter(
        (r: { type: string }) => r.type === 'keycloak_openid_client',
      ).length,
    ).toBe(8);
    // AND Keycloak is untouched: same UUIDs and secrets
    expect(await snapshot(CUSTOMERS)).toEqual(before);
    // AND Keycloak matches the files, and the reviewed plan changes nothing
    expect(await drift({ ...p.ws, part: 'customers' }, reports('drift-after-move'))).toBe(0);
    const { summary } = await planForReview({ ...p.ws, part: 'customers' }, reports('plan-after-move'));
    expect(summary.counts).toEqual({ add: 0, change: 0, remove: 0 });
    expect(summary.customers.unchanged.sort()).toEqual([...CUSTOMERS].sort());
    // AND moving again does nothing
    expect((await reshard(p.ws)).moved).toBe(0);
    // AND the first deploy records each shard's fingerprint: the next plan runs the engine for no shard
    await p.converge();
    await planForReview({ ...p.ws, part: 'customers' }, reports('plan-clean'));
    const clean = JSON.parse(fs.readFileSync(path.join(reports('plan-clean'), 'api-keys-local.plan.json'), 'utf8'));
    expect(clean.shards.map((s: { planFile: string | null }) => s.planFile)).toEqual([null, null, null, null]);
    expect(await snapshot(CUSTOMERS)).toEqual(before);
  }, 600_000);

  it('a one-customer change plans only its shard; deploy --plan applies exactly that plan', async () => {
    // GIVEN the sharded environment deployed; a new customer file
    setShards(4);
    await p.converge();
    const added = 'shard-india';
    p.writeCustomer(added, { roles: ['orders:read'] });

    // WHEN the change is planned for review
    const { planFile, summary } = await planForReview({ ...p.ws, part: 'customers' }, reports('one'));

    // THEN the engine planned exactly the new customer's shard, and the summary covers every customer
    const manifest = JSON.parse(fs.readFileSync(planFile, 'utf8'));
    const planned = manifest.shards.filter((s: { planFile: string | null }) => s.planFile);
    expect(planned.map((s: { stack: string }) => s.stack)).toEqual([`api-keys-local-shard-0${shardOf(added, 4)}`]);
    expect(summary.customers.added.map((g) => g.name)).toEqual([added]);
    expect(summary.customers.unchanged.length).toBe(8);
    expect(fs.readFileSync(path.join(reports('one'), 'api-keys-local.plan.md'), 'utf8')).toContain(added);

    // WHEN that reviewed plan is deployed
    await deploy({ ...p.ws, part: 'customers' }, { planFile });

    // THEN the customer gets a token with its credentials, and everyone else is unchanged
    expect((await p.token(added, await p.secret(added))).status).toBe(200);
    expect(await snapshot(CUSTOMERS)).toEqual(before);
    // AND the saved plan was consumed: applying it again is refused
    await expect(deploy({ ...p.ws, part: 'customers' }, { planFile })).rejects.toThrow(/No saved plan at .*shard-0\d\.tfplan/);
    p.removeCustomer(added);
    await p.converge();
  }, 600_000);

  it('a survey reuses the state-only stacks an earlier run initialized, and makes them anew when the states moved or a killed run left one unreadable', async () => {
    // GIVEN the sharded environment deployed, and its shards surveyed once (their engine directories initialized)
    setShards(4);
    await p.converge();
    const project = loadProject({ root: p.dir });
    const first = await surveyShards({ ...p.ws, part: 'customers', project }, project);
    expect(first.flatMap((s) => s.stateIds).sort()).toEqual([...CUSTOMERS].sort());
    const backendOf = (ws: RunContext) =>
      fs.readFileSync(path.join(ws.outdir, 'states', 'stacks', 'api-keys-local-shard-00', '.terraform', 'terraform.tfstate'), 'utf8');

    // WHEN the states are moved to another directory and the shards are surveyed from there
    const moved = path.join(p.dir, 'state-moved');
    fs.cpSync(path.join(p.dir, 'state'), moved, { recursive: true });
    const ws: RunContext = { ...defaultRunContext({ ...p.ws, env: { ...p.ws.env, APIKEYS_STATE_DIR: moved } }), part: 'customers' };
    fs.rmSync(path.join(p.dir, 'state'), { recursive: true });
    try {
      const second = await surveyShards({ ...ws, project }, project);

      // THEN the engine's refusal of the changed backend made each stack initialize again, and the moved states were read
      expect(second.map((s) => s.stateIds)).toEqual(first.map((s) => s.stateIds));
      expect(second.map((s) => s.applied)).toEqual(first.map((s) => s.applied));
      expect(backendOf(ws)).toContain(moved);

      // WHEN a run killed halfway left an engine directory unreadable
      fs.writeFileSync(
        path.join(ws.outdir, 'states', 'stacks', 'api-keys-local-shard-00', '.terraform', 'terraform.tfstate'),
        '{"version": 3, "trunc',
      );
      // THEN the next survey makes it anew and reads the same states
      const third = await surveyShards({ ...ws, project }, project);
      expect(third.map((s) => s.stateIds)).toEqual(first.map((s) => s.stateIds));
      expect(backendOf(ws)).toContain(moved);
    } finally {
      fs.cpSync(moved, path.join(p.dir, 'state'), { recursive: true });
      fs.rmSync(moved, { recursive: true });
    }
  }, 600_000);

  it("hand-made drift is found by one bulk check and planned in its customer's shard only", async () => {
    // GIVEN the sharded environment deployed, and one client disabled by hand
    setShards(4);
    await p.converge();
    const victim = CUSTOMERS[2];
    const c = await p.client(victim);
    expect((await p.admin.request('PUT', `/${p.realm}/clients/${c.id}`, { ...c, enabled: false })).status).toBe(204);

    // WHEN drift is checked
    const { result, stderr } = await captureStderr(() => drift({ ...p.ws, part: 'customers' }, reports('drift')));

    // THEN it reports that client, having run the engine for its shard alone
    expect(result).toEqual({ status: 'fulfilled', value: 2 });
    const report = JSON.parse(fs.readFileSync(path.join(reports('drift'), 'api-keys-local.drift.json'), 'utf8'));
    expect(report.customers.changed.map((g: { name: string }) => g.name)).toEqual([victim]);
    expect(stderr).toMatch(
      new RegExp(`the engine runs for 1 of 4 shard\\(s\\): api-keys-local-shard-0${shardOf(victim, 4)} \\(Keycloak differs for ${victim}`),
    );
    await p.converge();
    expect((await p.client(victim)).enabled).toBe(true);
  }, 600_000);

  it('the removal guard counts every shard: an empty customers/ is refused, nothing removed', async () => {
    setShards(4);
    await p.converge();
    p.setCustomers({});
    await expect(deploy({ ...p.ws, part: 'customers' })).rejects.toThrow(/its state holds 8 customer\(s\).*--confirm-removal 8/s);
    p.setCustomers(Object.fromEntries(CUSTOMERS.map((id) => [id, { roles: ['orders:read'] }])));
    expect(await snapshot(CUSTOMERS)).toEqual(before);
  }, 600_000);

  it('adopts a client made by hand into its shard; the read-only identity plans only the changed shard', async () => {
    setShards(4);
    await p.converge();
    // GIVEN a client made by hand that a new customer file declares
    const handMade = 'shard-juliet';
    const secret = await p.clientByHand(handMade);
    p.writeCustomer(handMade, { roles: ['orders:read'] });
    await expect(deploy({ ...p.ws, part: 'customers' })).rejects.toThrow(/npm run adopt -- shard-juliet/);
    // WHEN it is adopted
    const { adopted } = await adopt(p.ws, [handMade]);
    // THEN it is in its shard's state, with its secret unchanged
    expect(adopted).toEqual([handMade]);
    expect(customersIn(`api-keys-local-shard-0${shardOf(handMade, 4)}`)).toContain(handMade);
    await p.converge();
    expect(await p.secret(handMade)).toBe(secret);

    // AND the read-only identity, planning a new customer, runs the engine for that shard only
    const reader = await p.pipelineAfterPlatformDeploy('api-keys-reader');
    const added = 'shard-kilo';
    p.writeCustomer(added, { roles: ['orders:read'] });
    const { planFile, summary } = await planForReview(reader.ctx, reports('reader'));
    const manifest = JSON.parse(fs.readFileSync(planFile, 'utf8'));
    expect(manifest.shards.filter((x: { planFile: string | null }) => x.planFile).map((x: { stack: string }) => x.stack)).toEqual([
      `api-keys-local-shard-0${shardOf(added, 4)}`,
    ]);
    expect(summary.customers.added.map((g) => g.name)).toEqual([added]);
    p.removeCustomer(added);
    p.removeCustomer(handMade);
    await p.converge();
  }, 600_000);

  it("a move held up by another run's state lock stops; rerun, it completes with nothing lost", async () => {
    // GIVEN 4 shards deployed, then platform.yaml asking for 2
    setShards(4);
    await p.converge();
    setShards(2);
    // AND another run holding the lock of one state the move must write (fcntl, as the engine locks a local state)
    const locked = stateFile('api-keys-local-shard-01');
    expect(fs.existsSync(locked)).toBe(true);
    const holder = spawn('python3', [
      '-c',
      'import fcntl,sys,time; f=open(sys.argv[1],"r+"); fcntl.lockf(f, fcntl.LOCK_EX); print("held", flush=True); time.sleep(120)',
      locked,
    ]);
    let held = false;
    holder.stdout.on('data', () => (held = true));
    await waitFor('the lock holder', () => held, 20);
    const ws = defaultRunContext({ ...p.ws, env: { ...p.ws.env, APIKEYS_LOCK_TIMEOUT: '0s' } });
    try {
      // WHEN the move runs
      await expect(reshard(ws, { from: 4 })).rejects.toThrow(
        /api-keys-local-shard-01 is locked by another run.*run the command again: it resumes/s,
      );
    } finally {
      holder.kill();
    }
    // THEN rerun, it completes: every customer once, in its shard of 2
    await reshard(p.ws, { from: 4 });
    for (const id of CUSTOMERS) expect(customersIn(`api-keys-local-shard-0${shardOf(id, 2)}`)).toContain(id);
    expect(customersIn('api-keys-local-shard-02')).toEqual([]);
    expect(customersIn('api-keys-local-shard-03')).toEqual([]);
    expect(await drift({ ...p.ws, part: 'customers' }, reports('drift-after-2'))).toBe(0);
    expect(await snapshot(CUSTOMERS)).toEqual(before);
    // AND back to one stack the same way
    setShards(1);
    await reshard(p.ws, { from: 2 });
    expect(customersIn('api-keys-local')).toEqual([...CUSTOMERS].sort());
    const { summary } = await planForReview({ ...p.ws, part: 'customers' }, reports('plan-after-1'));
    expect(summary.counts).toEqual({ add: 0, change: 0, remove: 0 });
    expect(await snapshot(CUSTOMERS)).toEqual(before);
  }, 600_000);
});

/** Needs the toolchain, and the PostgreSQL server and client. */
const describePg: jest.Describe = toolchainMissing() ? describeIntegration : describeGated('PostgreSQL', postgresMissing());

describePg('customer shards in encrypted PostgreSQL state', () => {
  const PASSPHRASE = 'shards passphrase for the test 7';
  let pg: Postgres;
  let p: TestProject;
  const ws = () =>
    defaultRunContext({
      ...p.ws,
      environment: 'shared',
      env: { ...p.ws.env, PGPASSWORD: pg.password, APIKEYS_STATE_PASSPHRASE: PASSPHRASE, APIKEYS_STATE_DIR: '' },
    });
  const ids = ['pg-alpha', 'pg-bravo', 'pg-charlie', 'pg-delta', 'pg-echo'];
  const sql = (q: string) => {
    const r = capture('psql', [pg.connStr, '-At', '-c', q], { env: { ...process.env, PGPASSWORD: pg.password } });
    if (r.code !== 0) throw new Error(r.stderr);
    return r.stdout.trim();
  };

  beforeAll(async () => {
    pg = await startPostgres();
    p = new TestProject('shards-pg');
    p.write('environments.yaml', stringify({ shared: { keycloak: 'local', state: { pg: { connStr: pg.connStr } } } }));
    for (const id of ids) p.writeCustomer(id, { roles: ['orders:read'] });
  }, 120_000);
  afterAll(async () => {
    await p.deleteRealm();
    p.cleanup();
    pg?.stop();
  });

  it('moves the single stack to 3 shards: secrets and UUIDs unchanged, drift 0, every schema encrypted', async () => {
    // GIVEN the customers deployed in one stack, in encrypted PostgreSQL state
    await deploy(ws());
    const before = new Map(
      await Promise.all(ids.map(async (id) => [id, { uuid: (await p.client(id)).id, secret: await p.secret(id) }] as const)),
    );
    p.write('platform.yaml', `${p.read('platform.yaml')}customerShards: 3\n`);

    // WHEN the states are moved
    const moved = await reshard(ws());

    // THEN every customer moved, into schemas of its own shard, each state encrypted
    expect(moved.moved).toBe(ids.length);
    const schemas = sql("select schema_name from information_schema.schemata where schema_name like 'api_keys_shared%' order by 1").split(
      '\n',
    );
    expect(schemas).toEqual(
      expect.arrayContaining(['api_keys_shared', 'api_keys_shared_shard_00', 'api_keys_shared_shard_01', 'api_keys_shared_shard_02']),
    );
    for (const schema of ['api_keys_shared', 'api_keys_shared_shard_00', 'api_keys_shared_shard_01', 'api_keys_shared_shard_02']) {
      const data = sql(`select data from ${schema}.states`);
      expect(JSON.parse(data)).toHaveProperty('encrypted_data');
      for (const { secret } of before.values()) expect(data).not.toContain(secret);
      expect(data).not.toContain('pg-alpha');
    }
    // AND the backup of the emptied state is encrypted too
    const backups = fs.readdirSync(path.join(p.dir, '.state-backups'));
    const backup = fs.readFileSync(path.join(p.dir, '.state-backups', backups[0], 'api-keys-shared.tfstate'), 'utf8');
    expect(JSON.parse(backup)).toHaveProperty('encrypted_data');
    for (const { secret } of before.values()) expect(backup).not.toContain(secret);
    // AND Keycloak is untouched, matches the files, and the next deploy changes no customer
    const after = new Map(
      await Promise.all(ids.map(async (id) => [id, { uuid: (await p.client(id)).id, secret: await p.secret(id) }] as const)),
    );
    expect(after).toEqual(before);
    expect(await drift({ ...ws(), part: 'customers' }, path.join(p.dir, 'drift'))).toBe(0);
    const { summary } = await deploy({ ...ws(), part: 'customers' });
    expect(summary.counts).toEqual({ add: 0, change: 0, remove: 0 });
    // AND the customers are where their hash says
    expect((await reshard(ws())).moved).toBe(0);
  }, 600_000);
});
