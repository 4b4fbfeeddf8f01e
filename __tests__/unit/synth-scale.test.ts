/**
 * Many customers: 200 generated customers synthesize, every resource gets its own key, and
 * the keys come from the client id, never from list order, so adding a customer in the
 * middle leaves every other customer's resources exactly as they were (no recreation).
 */
import { stackName } from '../../stacks/target';

const STACK_NAME = stackName('local');
import { PLATFORM, removeTempDirs, SynthJson, TestProject } from './helpers';

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

/** Every resource as `type.key`, with its body. */
function allResources(json: SynthJson): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>();
  for (const [type, byKey] of Object.entries(json.resource)) for (const [key, body] of Object.entries(byKey)) out.set(`${type}.${key}`, body);
  return out;
}

describe('200 customers', () => {
  const ids = Array.from({ length: 200 }, (_, i) => idOf(i + 1));
  let p: TestProject;
  let json: SynthJson;

  beforeAll(() => {
    // GIVEN 200 valid customers with every combination of roles
    p = projectWith(ids);
    // WHEN they are synthesized
    json = p.synth();
  });

  it('has one client per customer file', () => {
    const clientIds = Object.values(json.resource.keycloak_openid_client).map((c) => c.client_id);
    expect(clientIds.filter((id) => id !== 'orders-api').sort()).toEqual(ids);
    expect(json.output?.customer_client_ids.value).toEqual(ids);
  });

  it('gives every resource its own key and construct path (none was overwritten)', () => {
    // GIVEN each customer has a client, default scopes, service-account roles and one scope mapping per role
    const grants = p.load().customers.reduce((n, c) => n + c.roles.length, 0);
    const expected = 200 * 3 + grants + /* realm, API, roles, scope, mapper */ 1 + 1 + CATALOG.length + 2;
    // THEN there are exactly that many resources: a shared key would have collapsed two into one
    const resources = [...allResources(json).entries()];
    expect(resources).toHaveLength(expected);
    const keys = resources.map(([typeKey]) => typeKey.split('.')[1]);
    expect(new Set(keys).size).toBe(keys.length);
    const paths = resources.map(([, body]) => (body['//'] as { metadata: { path: string } }).metadata.path);
    expect(new Set(paths).size).toBe(paths.length);
  });

  it('derives every customer resource key from its client id', () => {
    for (const [typeKey, body] of allResources(json)) {
      const path = (body['//'] as { metadata: { path: string } }).metadata.path;
      const customer = /^api-keys\/customer-([a-z0-9-]+)\//.exec(path);
      if (!customer) continue;
      // THEN the key starts with customer-<client id>_ and the resource belongs to that client
      expect(typeKey.split('.')[1].startsWith(`customer-${customer[1]}_`)).toBe(true);
      expect(ids).toContain(customer[1]);
    }
  });

  it('keeps every other resource unchanged when a customer is added in the middle', () => {
    // GIVEN the same 200 customers plus one whose id sorts between c100 and c101
    const added = 'c100a-logistics';
    const q = projectWith(ids);
    q.customer(`${added}.yaml`, { name: 'Newcomer', contact: 'ops@newcomer.example', roles: ['orders:read'] });
    expect(q.load().customers.map((c) => c.clientId).indexOf(added)).toBe(100);
    // WHEN it is synthesized
    const before = allResources(json);
    const after = allResources(q.synth());
    // THEN every resource from before is still there under the same key, with the same body
    for (const [typeKey, body] of before) expect([typeKey, after.get(typeKey)]).toEqual([typeKey, body]);
    // AND the only new resources are the newcomer's
    const fresh = [...after.entries()].filter(([typeKey]) => !before.has(typeKey));
    expect(fresh.map(([, body]) => (body['//'] as { metadata: { path: string } }).metadata.path).sort()).toEqual(
      [`${STACK_NAME}/customer-${added}/client`, `${STACK_NAME}/customer-${added}/default-scopes`, `${STACK_NAME}/customer-${added}/scope-orders:read`, `${STACK_NAME}/customer-${added}/service-account-roles`].sort(),
    );
  });

  it('keeps every other resource unchanged when a customer is removed', () => {
    // GIVEN the same customers without c150
    const removed = idOf(150);
    const q = projectWith(ids.filter((id) => id !== removed));
    // WHEN it is synthesized
    const after = allResources(q.synth());
    // THEN c150's resources are gone, and every other one is unchanged under the same key
    const pathOf = (body: Record<string, unknown>) => (body['//'] as { metadata: { path: string } }).metadata.path;
    const before = [...allResources(json).entries()];
    const gone = before.filter(([, body]) => pathOf(body).startsWith(`${STACK_NAME}/customer-${removed}/`));
    expect(gone.length).toBeGreaterThanOrEqual(3);
    for (const [typeKey] of gone) expect(after.has(typeKey)).toBe(false);
    for (const [typeKey, body] of before.filter((entry) => !gone.includes(entry))) expect([typeKey, after.get(typeKey)]).toEqual([typeKey, body]);
    expect(after.size).toBe(before.length - gone.length);
  });
});
