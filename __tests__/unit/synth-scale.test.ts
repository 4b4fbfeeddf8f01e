/**
 * Many customers: 200 generated customers synthesize, every resource gets its own key, and
 * the keys come from the client id, never from list order, so adding a customer in the
 * middle leaves every other customer's resources exactly as they were (no recreation),
 * and the platform stack is not touched at all.
 */
import {
  CUSTOMERS_STACK,
  entriesOf,
  PLATFORM,
  PLATFORM_STACK,
  removeTempDirs,
  resourcesOf,
  Synth,
  SynthJson,
  TestProject,
} from './helpers';
import { OpenidClient } from '../../.gen/providers/keycloak/openid-client';

jest.setTimeout(60_000);
afterAll(removeTempDirs);

const CATALOG = Object.keys(PLATFORM.api.roles);

/** A valid customer with the i-th combination of roles and a varied lifespan. */
function generated(i: number): Record<string, unknown> {
  return {
    name: `Customer ${i}`,
    contact: `ops${i}@customer${i}.example`,
    ...(i % 5 === 0 ? { description: `Generated customer number ${i}` } : {}),
    ...(i % 7 === 0 ? { enabled: false } : {}),
    roles: CATALOG.filter((_, bit) => (i >> bit) & 1),
    ...(i % 3 === 0 ? { accessTokenLifespan: 60 + i } : {}),
  };
}

/** `c001-logistics` ... `c200-logistics`: sorted by number, so `c100a-...` sorts into the middle. */
const idOf = (i: number) => `c${String(i).padStart(3, '0')}-logistics`;

/** A project with these generated customers; each one's content depends only on its id. */
function projectWith(ids: string[]): TestProject {
  const p = new TestProject();
  for (const id of ids) p.customer(`${id}.yaml`, generated(Number(id.slice(1, 4))));
  return p;
}

/** Every resource of one stack as `type.key`, with its body. */
function resourcesByAddress(json: SynthJson): Map<string, Record<string, unknown>> {
  return new Map(entriesOf(json).map(([type, key, body]) => [`${type}.${key}`, body]));
}

/** Every resource and data source of both stacks as `<stack>: [data.]type.key`, with its body: what must stay unchanged. */
function everything(synth: Synth): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>();
  for (const json of [synth.platform, synth.customers]) {
    const stack = json['//'].metadata.stackName;
    for (const [type, key, body] of entriesOf(json)) out.set(`${stack}: ${type}.${key}`, body);
    for (const [type, key, body] of entriesOf(json, 'data')) out.set(`${stack}: data.${type}.${key}`, body);
  }
  return out;
}

/** The construct path of a resource. */
const pathOf = (body: Record<string, unknown>) => (body['//'] as { metadata: { path: string } }).metadata.path;

describe('200 customers', () => {
  const ids = Array.from({ length: 200 }, (_, i) => idOf(i + 1));
  let p: TestProject;
  let synth: Synth;
  let json: SynthJson;

  beforeAll(() => {
    // GIVEN 200 valid customers with every combination of roles
    p = projectWith(ids);
    // WHEN they are synthesized
    synth = p.synth();
    json = synth.customers;
  });

  it('has one client per customer file', () => {
    const clientIds = Object.values(resourcesOf(json, OpenidClient.tfResourceType)).map((c) => c.client_id);
    expect(clientIds.sort()).toEqual(ids);
    expect(json.output?.customer_client_ids.value).toEqual(ids);
  });

  it('gives every resource its own key and construct path (none was overwritten)', () => {
    // GIVEN each customer has a client, default scopes (the role scopes among them) and service-account roles
    // THEN the customers stack has exactly that many resources: a shared key would have collapsed two into one
    const resources = [...resourcesByAddress(json).entries()];
    expect(resources).toHaveLength(200 * 3);
    // AND reads each catalog role's grant role once, and nothing else, whatever the number of customers
    expect(
      entriesOf(json, 'data')
        .map(([type, , body]) => `${type} ${pathOf(body)}`)
        .sort(),
    ).toEqual(CATALOG.map((role) => `keycloak_role ${CUSTOMERS_STACK}/role-grant-${role}`).sort());
    // AND the platform stack has its fixed set, whatever the number of customers: realm, API, roles, audience
    // scope and mapper, one role scope and its mapping per role, one grant role per role, the provisioning
    // identity, the read-only identity, the protected clients and the login events
    const platform = [...resourcesByAddress(synth.platform).entries()];
    expect(platform.map(([, body]) => pathOf(body)).sort()).toEqual(
      [
        'realm/realm',
        'api/client',
        ...CATALOG.map((role) => `api/role-${role}`),
        'audience-scope/scope',
        'audience-scope/audience',
        ...CATALOG.flatMap((role) => [`role-scopes/scope-${role}`, `role-scopes/mapping-${role}`]),
        ...CATALOG.map((role) => `role-grants/grant-${role}`),
        'provisioner/client',
        'provisioner/realm-management-roles',
        'provisioner/policy',
        'provisioner/customers',
        'provisioner/users',
        'provisioner/api-roles',
        'provisioner/roles',
        'reader/client',
        'reader/realm-management-roles',
        'protected-clients/nobody',
        'protected-clients/permission',
        'login-events/events',
      ]
        .map((rel) => `${PLATFORM_STACK}/${rel}`)
        .sort(),
    );
    for (const stack of [resources, platform]) {
      const keys = stack.map(([typeKey]) => typeKey.split('.')[1]);
      expect(new Set(keys).size).toBe(keys.length);
      const paths = stack.map(([, body]) => pathOf(body));
      expect(new Set(paths).size).toBe(paths.length);
    }
  });

  it('derives every customer resource key from its client id', () => {
    let checked = 0;
    for (const [typeKey, body] of resourcesByAddress(json)) {
      const customer = new RegExp(`^${CUSTOMERS_STACK}/customer-([a-z0-9-]+)/`).exec(pathOf(body));
      // every resource of the customers stack belongs to a customer
      expect([typeKey, customer]).toEqual([typeKey, expect.anything()]);
      // THEN the key starts with customer-<client id>_ and the resource belongs to that client
      expect(typeKey.split('.')[1].startsWith(`customer-${customer![1]}_`)).toBe(true);
      expect(ids).toContain(customer![1]);
      checked++;
    }
    expect(checked).toBe(resourcesByAddress(json).size);
    expect(checked).toBeGreaterThanOrEqual(600);
  });

  it('keeps every other resource unchanged when a customer is added in the middle', () => {
    // GIVEN the same 200 customers plus one whose id sorts between c100 and c101
    const added = 'c100a-logistics';
    const q = projectWith(ids);
    q.customer(`${added}.yaml`, { name: 'Newcomer', contact: 'ops@newcomer.example', roles: ['orders:read'] });
    expect(
      q
        .load()
        .customers.map((c) => c.clientId)
        .indexOf(added),
    ).toBe(100);
    // WHEN it is synthesized
    const before = everything(synth);
    const after = everything(q.synth());
    // THEN every resource and data source from before, in either stack, is still there under the same key, with the same body
    for (const [address, body] of before) expect([address, after.get(address)]).toEqual([address, body]);
    // AND the only new ones are the newcomer's resources, in the customers stack
    const fresh = [...after.entries()].filter(([address]) => !before.has(address));
    expect(fresh.map(([address]) => address.split(':')[0])).toEqual(Array(3).fill(CUSTOMERS_STACK));
    expect(fresh.map(([, body]) => pathOf(body)).sort()).toEqual(
      [
        `${CUSTOMERS_STACK}/customer-${added}/client`,
        `${CUSTOMERS_STACK}/customer-${added}/default-scopes`,
        `${CUSTOMERS_STACK}/customer-${added}/service-account-roles`,
      ].sort(),
    );
  });

  it('keeps every other resource unchanged when a customer is removed', () => {
    // GIVEN the same customers without c150
    const removed = idOf(150);
    const q = projectWith(ids.filter((id) => id !== removed));
    // WHEN it is synthesized
    const after = everything(q.synth());
    // THEN c150's resources are gone, and every other one (in either stack) is unchanged under the same key
    const before = [...everything(synth).entries()];
    const gone = before.filter(([, body]) => pathOf(body).startsWith(`${CUSTOMERS_STACK}/customer-${removed}/`));
    expect(gone.length).toBeGreaterThanOrEqual(3);
    for (const [address] of gone) expect(after.has(address)).toBe(false);
    for (const [address, body] of before.filter((entry) => !gone.includes(entry)))
      expect([address, after.get(address)]).toEqual([address, body]);
    expect(after.size).toBe(before.length - gone.length);
  });
});
