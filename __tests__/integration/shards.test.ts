/**
 * Customer shards on the real engine and Keycloak (docs/shards.md):
 * - an environment deployed with today's single stack moves to shards with `reshard`, without a
 *   Keycloak write: client UUIDs and secrets byte-identical, drift 0, the next plan empty, and a
 *   second `reshard` does nothing; a plan before the move is refused, naming the command;
 * - a one-customer change runs the engine for that customer's shard only; the reviewed plan
 *   lists one saved shard plan, and `deploy --plan <env>.plan.json` applies exactly it;
 * - hand-made drift is found by the one bulk check and planned in its shard only;
 * - the removal guard counts every shard (an empty customers/ is refused);
 * - a move held up by another run's state lock stops, and a rerun completes it.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { deploy } from '../../engine/deploy';
import { drift } from '../../engine/drift';
import { planForReview } from '../../engine/plan-review';
import { reshard } from '../../engine/reshard';
import { defaultRunContext } from '../../engine/steps';
import { shardOf } from '../../stacks/shards';
import { captureStderr, describeIntegration, TestProject, waitFor } from './support/harness';

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
    expect(fs.readdirSync(path.join(p.dir, '.state-backups')).length).toBe(1);
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
