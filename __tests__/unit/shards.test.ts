/**
 * Customer shards (platform.yaml `customerShards`, docs/shards.md), synthesized: one customers
 * stack per shard, each customer in exactly the shard its client id hashes to, with the same
 * resource names as in the single stack (so moving a customer re-creates nothing), the same
 * marker on its client, a state of its own per backend, and a fingerprint that changes with its
 * shard's files only.
 */
import * as fs from 'fs';
import * as path from 'path';
import { OpenidClient } from '../../.gen/providers/keycloak/openid-client';
import { ValidationError } from '../../model/problems';
import { FINGERPRINT_OUTPUT } from '../../stacks/fingerprint';
import { allShards, shardOf, shardSuffix } from '../../stacks/shards';
import { stackName } from '../../stacks/target';
import { PLATFORM, removeTempDirs, resourcesOf, SynthJson, synthApp, tempDir, TestProject, VALID_CUSTOMER } from './helpers';

afterAll(removeTempDirs);

const IDS = Array.from({ length: 24 }, (_, i) => `customer-${String(i).padStart(2, '0')}`);
const customers = (ids: readonly string[], extra = '') => Object.fromEntries(ids.map((id) => [`${id}.yaml`, VALID_CUSTOMER + extra]));
const withShards = (n: number | unknown) => ({ ...PLATFORM, customerShards: n });
/** `n` client ids, c-00000 onwards: enough customers to pass a size threshold. */
const ids = (n: number) => Array.from({ length: n }, (_, i) => `c-${String(i).padStart(5, '0')}`);

function clientsOf(json: SynthJson): Record<string, Record<string, any>> {
  return resourcesOf(json, OpenidClient.tfResourceType);
}

describe('shardOf', () => {
  it('is stable, within range, and spreads client ids over every shard', () => {
    const counts = new Array(8).fill(0);
    for (let i = 0; i < 4000; i++) {
      const s = shardOf(`client-${i}`, 8);
      expect(s).toBe(shardOf(`client-${i}`, 8));
      counts[s]++;
    }
    // every shard gets a fair share (500 expected; a bad hash gives some none)
    for (const c of counts) expect(c).toBeGreaterThan(400);
    expect(shardOf('anything', 1)).toBe(0);
  });

  it('names shards with two digits, three from 101 shards on; one shard adds nothing', () => {
    expect(shardSuffix({ index: 3, count: 16 })).toBe('-shard-03');
    expect(shardSuffix({ index: 7, count: 128 })).toBe('-shard-007');
    expect(shardSuffix({ index: 0, count: 1 })).toBe('');
    expect(stackName('prod', 'customers', { index: 12, count: 16 })).toBe('api-keys-prod-shard-12');
    expect(allShards(3).map((s) => s.index)).toEqual([0, 1, 2]);
  });
});

describe('customer shards, synthesized', () => {
  const env = (root: string) => ({ APIKEYS_STATE_DIR: tempDir('state'), KEYCLOAK_URL: '', APIKEYS_REALM: '', root });

  it('puts each customer in exactly its shard, with the resource names and marker of the single stack', () => {
    // GIVEN 24 customers, once in one stack and once in 4 shards
    const single = new TestProject({ customers: customers(IDS) });
    const sharded = new TestProject({ platform: withShards(4), customers: customers(IDS) });
    const one = synthApp({ root: single.root, environments: ['local'], parts: ['customers'], env: env(single.root) });
    const four = synthApp({ root: sharded.root, environments: ['local'], parts: ['customers'], env: env(sharded.root) });

    // THEN there are 4 customers stacks, each holding the customers its hash names
    expect(Object.keys(four).sort()).toEqual([0, 1, 2, 3].map((i) => `api-keys-local-shard-0${i}`));
    const names = (json: SynthJson) => Object.keys(clientsOf(json)).sort();
    const all = Object.values(four).flatMap(names);
    expect(all.sort()).toEqual(names(one['api-keys-local']));
    for (const [stack, json] of Object.entries(four))
      for (const client of Object.values(clientsOf(json))) expect(stack).toBe(`api-keys-local-shard-0${shardOf(client.client_id, 4)}`);
    // AND every client carries the environment's marker, whatever its shard
    for (const json of Object.values(four))
      for (const client of Object.values(clientsOf(json))) expect(client.extra_config['api-keys.stack']).toBe('api-keys-local');
    // AND each shard's state is a file of its own
    const paths = Object.values(four).map((j) => (j.terraform.backend as any).local.path as string);
    expect(new Set(paths).size).toBe(4);
    for (const [stack, json] of Object.entries(four))
      expect((json.terraform.backend as any).local.path).toMatch(new RegExp(`${stack}\\.tfstate$`));
    // AND the single stack has no fingerprint output, each shard one
    expect(one['api-keys-local'].output?.[FINGERPRINT_OUTPUT]).toBeUndefined();
    for (const json of Object.values(four)) expect(String(json.output?.[FINGERPRINT_OUTPUT]?.value)).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it("changes one shard's fingerprint when one of its customers changes, and no other shard's", () => {
    const p = new TestProject({ platform: withShards(4), customers: customers(IDS) });
    const fingerprints = () => {
      const stacks = synthApp({ root: p.root, environments: ['local'], parts: ['customers'], env: env(p.root) });
      return Object.fromEntries(Object.entries(stacks).map(([name, json]) => [name, json.output?.[FINGERPRINT_OUTPUT]?.value]));
    };
    const before = fingerprints();
    // the same files give the same fingerprints
    expect(fingerprints()).toEqual(before);
    // WHEN one customer's description changes
    p.customer(`${IDS[5]}.yaml`, `${VALID_CUSTOMER}description: now with a description\n`);
    const after = fingerprints();
    // THEN only its shard's fingerprint differs
    const changed = Object.keys(before).filter((k) => before[k] !== after[k]);
    expect(changed).toEqual([`api-keys-local-shard-0${shardOf(IDS[5], 4)}`]);
  });

  it('gives the same fingerprints whichever identity runs: the realm it logs in to is not the configuration', () => {
    const p = new TestProject({ platform: withShards(4), customers: customers(IDS) });
    const base = env(p.root);
    const fingerprints = (loginRealm: Record<string, string>) => {
      const stacks = synthApp({ root: p.root, environments: ['local'], parts: ['customers'], env: { ...base, ...loginRealm } });
      return Object.fromEntries(Object.entries(stacks).map(([name, json]) => [name, json.output?.[FINGERPRINT_OUTPUT]?.value]));
    };
    // an administrator (master) and a pipeline identity (logging in to the customers' realm) agree
    expect(fingerprints({ KEYCLOAK_REALM: 'partners' })).toEqual(fingerprints({}));
  });

  it('gives each shard its own pg schema and s3 key, beside the platform state', () => {
    const s3 = {
      bucket: 'state-bucket',
      key: 'api-keys/prod.tfstate',
      region: 'eu-central-1',
      endpoint: 'https://s3.test',
      usePathStyle: true,
    };
    const p = new TestProject({ platform: withShards(2), customers: customers(IDS) }).write('environments.yaml', {
      prod: { keycloak: 'https://sso.test', state: { s3 } },
      shared: { keycloak: 'https://sso.test', state: { pg: { connStr: 'postgres://state@db.test/tf' } } },
    });
    const stacks = synthApp({ root: p.root, env: { APIKEYS_STATE_DIR: '', KEYCLOAK_URL: '', APIKEYS_REALM: '' } });
    const backend = (name: string) => stacks[name].terraform.backend as Record<string, Record<string, unknown>>;
    expect(backend('api-keys-prod-shard-00').s3.key).toBe('api-keys/prod-shard-00.tfstate');
    expect(backend('api-keys-prod-shard-01').s3.key).toBe('api-keys/prod-shard-01.tfstate');
    expect(backend('api-keys-prod-platform').s3.key).toBe('api-keys/prod-platform.tfstate');
    expect(backend('api-keys-prod-shard-01').s3).toMatchObject({ bucket: 'state-bucket', use_lockfile: true, encrypt: true });
    expect(backend('api-keys-shared-shard-00').pg.schema_name).toBe('api_keys_shared_shard_00');
    expect(backend('api-keys-shared-shard-01').pg.schema_name).toBe('api_keys_shared_shard_01');
    expect(backend('api-keys-shared-platform').pg.schema_name).toBe('api_keys_shared_platform');
  });
});

describe('customerShards in platform.yaml', () => {
  it.each([
    [0, /customerShards/],
    [257, /customerShards/],
    [2.5, /customerShards/],
    ['four', /customerShards/],
  ])('refuses %p, naming platform.yaml and the field', (value, field) => {
    const p = new TestProject({ platform: withShards(value), customers: customers(IDS.slice(0, 1)) });
    let err: unknown;
    try {
      p.load();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as Error).message).toMatch(/platform\.yaml/);
    expect((err as Error).message).toMatch(field);
  });

  it('defaults to 1: the single stack api-keys-<env>, as before shards existed', () => {
    expect(new TestProject({ customers: customers(IDS.slice(0, 1)) }).load().platform.customerShards).toBe(1);
  });
});

describe('deploy --plan <env>.plan.json, hostile or broken', () => {
  // The summary may come from a pipeline artifact: nothing it names outside its own shard plans is touched.
  const deployWith = async (content: string) => {
    const dir = tempDir('manifest');
    const victim = path.join(dir, 'precious.txt');
    fs.writeFileSync(victim, 'keep me');
    const manifest = path.join(dir, 'api-keys-local.plan.json');
    fs.writeFileSync(manifest, content);
    const { deploy } = await import('../../engine/deploy');
    const { defaultRunContext } = await import('../../engine/steps');
    const result = await deploy(defaultRunContext({ root: dir, outdir: path.join(dir, 'out'), quiet: true }), { planFile: manifest }).then(
      () => 'deployed',
      (err: Error) => err.message,
    );
    return { result, victimKept: fs.existsSync(victim) };
  };

  it.each([
    ['a path outside the reports', { shards: [{ stack: 'api-keys-local-shard-00', planFile: '../precious.txt' }] }],
    ['another file beside it', { shards: [{ stack: 'api-keys-local-shard-00', planFile: 'precious.txt' }] }],
    ['a stack that is not a shard', { shards: [{ stack: 'api-keys-local-platform', planFile: 'api-keys-local-platform.tfplan' }] }],
  ])('refuses %s, naming the field, and deletes nothing', async (_what, manifest) => {
    const { result, victimKept } = await deployWith(JSON.stringify(manifest));
    expect(result).toMatch(/api-keys-local\.plan\.json: shards\[\]\.planFile must be "<stack>\.tfplan" beside it.*Nothing was applied/s);
    expect(victimKept).toBe(true);
  });

  it('refuses a file that is not JSON, naming it', async () => {
    const { result } = await deployWith('{ not json');
    expect(result).toMatch(/api-keys-local\.plan\.json is not a plan summary written by `npm run plan`/);
  });
});

describe('npm run validate advises shards for a large environment', () => {
  it('says nothing at 300 customers in one stack, and names the count that gives about 100 per shard above it', async () => {
    const { shardAdvice } = await import('../../engine/validate');
    expect(shardAdvice(new TestProject({ customers: customers(ids(300)) }).load())).toEqual([]);
    const [note] = shardAdvice(new TestProject({ customers: customers(ids(301)) }).load());
    expect(note).toMatch(/environment "local": 301 customers in one stack: .*customerShards: 4 in platform\.yaml \(then npm run reshard\)/);
    // already sharded, but outgrown
    const [sharded] = shardAdvice(new TestProject({ platform: withShards(2), customers: customers(ids(700)) }).load());
    expect(sharded).toMatch(/700 customers in 2 shards: .*customerShards: 7 in platform\.yaml \(then npm run reshard -- --from 2\)/);
    expect(shardAdvice(new TestProject({ platform: withShards(3), customers: customers(ids(700)) }).load())).toEqual([]);
  });
});

describe("npm run validate names Keycloak's realms cache for a realm of thousands of customers", () => {
  it('says nothing at 3,000 customers, and names the setting and a size that holds them above it', async () => {
    const { realmCacheAdvice } = await import('../../engine/validate');
    expect(realmCacheAdvice(new TestProject({ customers: customers(ids(3000)) }).load())).toEqual([]);
    const [note] = realmCacheAdvice(new TestProject({ customers: customers(ids(3001)) }).load());
    expect(note).toMatch(/environment "local": 3001 customers in realm "\S+": .*--cache-embedded-realms-max-count to at least 20000/);
  });
});

describe('reshard writes in two rounds: copies, never losses', () => {
  it('from 4 shards to 3 (stacks that gain and lose at once): after the additions every customer is in its new home, and no write loses a customer', async () => {
    const { planWrites } = await import('../../engine/shards/reshard');
    const ids = Array.from({ length: 60 }, (_, i) => `c-${String(i).padStart(3, '0')}`);
    const resource = (id: string, part: string) => ({
      mode: 'managed',
      type: `keycloak_${part}`,
      name: `customer-${id}_${part}_ABCD1234`,
      provider: 'provider["registry.terraform.io/keycloak/keycloak"]',
      instances: [{ attributes: { id: `${id}-${part}` } }],
    });
    const lookup = { mode: 'data', type: 'keycloak_role', name: 'role_x', provider: 'p', instances: [{ attributes: {} }] };
    const stack = (i: number) => stackName('local', 'customers', { index: i, count: 4 });
    // GIVEN the customers deployed in 4 shards
    const reads = allShards(4).map((shard) => {
      const held = ids.filter((id) => shardOf(id, 4) === shard.index);
      return {
        handle: { target: { stackName: stack(shard.index) } } as any,
        state: {
          version: 4,
          serial: 7,
          lineage: `lineage-${shard.index}`,
          resources: [lookup, ...held.flatMap((id) => [resource(id, 'openid_client'), resource(id, 'user_roles')])],
        },
      };
    });
    const found = new Map(ids.map((id) => [id, { resources: [resource(id, 'openid_client'), resource(id, 'user_roles')] }]));
    const home = (id: string) => stackName('local', 'customers', { index: shardOf(id, 3), count: 3 });
    // (names of shards 0-2 are the same for 3 and 4 shards: stack 3 empties, 0-2 gain and lose)
    expect(home(ids[0])).toMatch(/-shard-0[0-2]$/);

    // WHEN the writes to 3 shards are planned
    const { additions, removals, moved } = planWrites(reads, found, home, () => [lookup], '1.12.6');

    // THEN some stack both gains and loses, so it is written twice, the second time with a higher serial of the same lineage
    const twice = additions.filter((a) => removals.some((r) => r.read === a.read));
    expect(twice.length).toBeGreaterThan(0);
    for (const a of twice) {
      const r = removals.find((x) => x.read === a.read)!;
      expect(r.state.serial).toBe(a.state.serial + 1);
      expect(r.state.lineage).toBe(a.state.lineage);
    }
    // AND in every state between the rounds (the additions done, no removal yet) each customer is in its new home
    const holders = (states: Map<string, { ids: string[] }>) => (id: string) =>
      [...states].filter(([, s]) => s.ids.includes(id)).map(([n]) => n);
    const between = new Map(
      reads.map((r) => [
        r.handle.target.stackName,
        { ids: [...new Set(r.state.resources.flatMap((x) => (x.name.startsWith('customer-') ? [x.name.split('_')[0].slice(9)] : [])))] },
      ]),
    );
    for (const a of additions) between.set(a.read.handle.target.stackName, { ids: a.ids });
    for (const id of ids) expect(holders(between)(id)).toContain(home(id));
    // AND no addition drops a customer its stack held, and after the removals each customer is exactly once, at home
    for (const a of additions) {
      const before = between.get(a.read.handle.target.stackName)!.ids;
      for (const id of reads
        .find((r) => r.handle === a.read.handle)!
        .state.resources.flatMap((x) => (x.name.startsWith('customer-') ? [x.name.split('_')[0].slice(9)] : [])))
        expect(before).toContain(id);
    }
    const after = new Map(between);
    for (const r of removals) after.set(r.read.handle.target.stackName, { ids: r.ids });
    for (const id of ids) expect(holders(after)(id)).toEqual([home(id)]);
    expect(moved).toBe(ids.filter((id) => stack(shardOf(id, 4)) !== home(id)).length);
  });
});

describe('inBatches (engine/shards/states.ts)', () => {
  it('keeps the order, runs at most `limit` at once, and after a failure starts nothing more and throws once the others ended', async () => {
    const { inBatches } = await import('../../engine/shards/states');
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const ended: number[] = [];
    const work = async (x: number) => {
      started.push(x);
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, x === 2 ? 5 : 20));
      running--;
      ended.push(x);
      if (x === 2) throw new Error('item 2 failed');
      return x * 10;
    };
    expect(await inBatches([5, 4, 3], 2, async (x) => x * 10)).toEqual([50, 40, 30]);
    await expect(inBatches([1, 2, 3, 4, 5, 6, 7, 8], 3, work)).rejects.toThrow('item 2 failed');
    expect(most).toBe(3);
    // items 1 and 3 were under way when 2 failed: they ended before the error was thrown; 5 to 8 never started
    expect([...started].sort()).toEqual([1, 2, 3]);
    expect([...ended].sort()).toEqual([1, 2, 3]);
    expect(running).toBe(0);
  });
});

describe('plan, deploy and drift repeat the size notes of their own environment', () => {
  it('names the shard count and, past 3,000 customers, the realms cache; nothing for another environment', async () => {
    const { sizeNotes } = await import('../../engine/validate');
    const small = new TestProject({ customers: customers(ids(300)) }).load();
    expect(sizeNotes(small, 'local')).toEqual([]);
    const large = new TestProject({ customers: customers(ids(3001)) }).load();
    const notes = sizeNotes(large, 'local');
    expect(notes).toHaveLength(2);
    expect(notes[0]).toMatch(/^note: environment "local": 3001 customers in one stack: .*customerShards: 31 in platform\.yaml/);
    expect(notes[1]).toMatch(/^note: environment "local": .*--cache-embedded-realms-max-count/);
    expect(sizeNotes(large, 'elsewhere')).toEqual([]);
  });
});
