/**
 * The reviewer's view of a plan: hand-made `show -json` plans (resource_changes only) are
 * grouped into customers added, changed (attribute by attribute), removed and unchanged,
 * plus platform changes; secrets never reach the summary or its Markdown.
 */
import * as fs from 'fs';
import * as path from 'path';
import { hasChanges, headlines, oneLine, PlanSummary, summarizePlan, toMarkdown } from '../../engine/plan-summary';
import { GenericRoleMapper } from '../../.gen/providers/keycloak/generic-role-mapper';
import { OpenidAudienceProtocolMapper } from '../../.gen/providers/keycloak/openid-audience-protocol-mapper';
import { OpenidClient } from '../../.gen/providers/keycloak/openid-client';
import { OpenidClientDefaultScopes } from '../../.gen/providers/keycloak/openid-client-default-scopes';
import { OpenidClientScope } from '../../.gen/providers/keycloak/openid-client-scope';
import { Realm } from '../../.gen/providers/keycloak/realm';
import { Role } from '../../.gen/providers/keycloak/role';
import { UserRoles } from '../../.gen/providers/keycloak/user-roles';
import { DataKeycloakRealm } from '../../.gen/providers/keycloak/data-keycloak-realm';

type Actions = ('no-op' | 'create' | 'read' | 'update' | 'delete')[];

interface ChangeSpec {
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  after_unknown?: Record<string, unknown>;
  before_sensitive?: Record<string, unknown> | false;
  after_sensitive?: Record<string, unknown> | false;
}

/** One entry of resource_changes, shaped like the engine's. */
function rc(type: string, name: string, actions: Actions, change: ChangeSpec = {}, mode: 'managed' | 'data' = 'managed') {
  return {
    address: `${mode === 'data' ? 'data.' : ''}${type}.${name}`,
    mode,
    type,
    name,
    provider_name: 'registry.terraform.io/keycloak/keycloak',
    change: {
      actions,
      before: change.before ?? null,
      after: change.after ?? null,
      after_unknown: change.after_unknown ?? {},
      before_sensitive: change.before_sensitive ?? false,
      after_sensitive: change.after_sensitive ?? false,
    },
  };
}

const plan = (...changes: ReturnType<typeof rc>[]) => ({ format_version: '1.2', resource_changes: changes });

const ACME_CLIENT = 'customer-acme_client_C59DA64E';
const ACME_ADDRESS = `keycloak_openid_client.${ACME_CLIENT}`;
const IDS = ['acme', 'globex', 'initech'];

/** A customer's resources being created. */
function newCustomer(id: string) {
  return [
    rc(OpenidClient.tfResourceType, `customer-${id}_client_0000AAAA`, ['create'], {
      after: { client_id: id, access_token_lifespan: '300', enabled: true },
      after_unknown: { id: true, client_secret: true, service_account_user_id: true },
      after_sensitive: { client_secret: true },
    }),
    rc(OpenidClientDefaultScopes.tfResourceType, `customer-${id}_default-scopes_0000BBBB`, ['create'], {
      after: { default_scopes: ['x', 'basic', 'roles'] },
    }),
    rc(UserRoles.tfResourceType, `customer-${id}_service-account-roles_0000CCCC`, ['create'], { after: { exhaustive: true } }),
  ];
}

/** Every value rendered anywhere in the summary and its Markdown. */
function rendered(s: PlanSummary): string {
  return JSON.stringify(s) + toMarkdown(s, 'Plan');
}

describe('summarizePlan', () => {
  it('lists a new customer as added, with its resources', () => {
    // GIVEN a plan that creates newco's client, scopes and roles
    const s = summarizePlan(plan(...newCustomer('newco')), [...IDS, 'newco']);
    // THEN newco is added, the others are unchanged
    expect(s.customers.added.map((g) => [g.name, g.action, g.resources.map((r) => r.action)])).toEqual([
      ['newco', 'add', ['add', 'add', 'add']],
    ]);
    expect(s.customers.added[0].attributes).toEqual([]);
    expect(s.customers.changed).toEqual([]);
    expect(s.customers.removed).toEqual([]);
    expect(s.customers.unchanged).toEqual(IDS);
    expect(s.counts).toEqual({ add: 3, change: 0, remove: 0 });
  });

  it('lists a changed customer with each changed attribute, before and after', () => {
    // GIVEN acme's lifespan and description change, its name does not
    const s = summarizePlan(
      plan(
        rc(OpenidClient.tfResourceType, ACME_CLIENT, ['update'], {
          before: { id: 'uuid-1', name: 'Acme', access_token_lifespan: '300', description: 'old', enabled: true },
          after: { id: 'uuid-1', name: 'Acme', access_token_lifespan: '900', description: 'new', enabled: true },
        }),
      ),
      IDS,
    );
    // THEN exactly the two attributes are listed, sorted, in reviewer words, and summed up in one line
    expect(s.customers.changed.map((g) => [g.name, g.action])).toEqual([['acme', 'change']]);
    expect(s.customers.changed[0].attributes).toEqual([
      { resource: ACME_ADDRESS, attribute: 'access_token_lifespan', label: 'token lifespan (s)', before: '300', after: '900' },
      { resource: ACME_ADDRESS, attribute: 'description', label: 'description', before: 'old', after: 'new' },
    ]);
    expect(s.customers.changed[0].headline).toBe('Changed: acme (lifespan 300→900; description old→new)');
    expect(s.customers.unchanged).toEqual(['globex', 'initech']);
    expect(s.counts).toEqual({ add: 0, change: 1, remove: 0 });
  });

  it('shows an attribute only known after apply as such', () => {
    const s = summarizePlan(
      plan(
        rc(OpenidClientDefaultScopes.tfResourceType, 'customer-acme_default-scopes_9A445D28', ['update'], {
          before: { default_scopes: ['old-scope', 'basic', 'roles'] },
          after: { default_scopes: null },
          after_unknown: { default_scopes: true },
        }),
      ),
      IDS,
    );
    expect(s.customers.changed[0].attributes).toEqual([
      {
        resource: 'keycloak_openid_client_default_scopes.customer-acme_default-scopes_9A445D28',
        attribute: 'default_scopes',
        label: 'token scopes (default client scopes)',
        before: 'basic, old-scope, roles',
        after: '(known after apply)',
      },
    ]);
  });

  it('lists a removed customer', () => {
    // GIVEN acme's resources are deleted
    const s = summarizePlan(
      plan(
        rc(OpenidClient.tfResourceType, ACME_CLIENT, ['delete'], { before: { client_id: 'acme' } }),
        rc(GenericRoleMapper.tfResourceType, 'customer-acme_scope-ordersread_4CEB6934', ['delete'], { before: { role_id: 'r' } }),
      ),
      ['globex', 'initech'],
    );
    // THEN acme is removed, with no attribute list
    expect(s.customers.removed.map((g) => [g.name, g.action, g.resources.length, g.attributes])).toEqual([['acme', 'remove', 2, []]]);
    expect(s.customers.removed[0].headline).toBe('Removed: acme (their credentials stop working)');
    expect(s.customers.unchanged).toEqual(['globex', 'initech']);
    expect(s.counts).toEqual({ add: 0, change: 0, remove: 2 });
  });

  it('counts a replacement as one add and one remove, and lists what forces it', () => {
    // GIVEN acme's scope mapping is replaced (its role changes)
    const address = 'keycloak_generic_role_mapper.customer-acme_scope-ordersread_4CEB6934';
    const s = summarizePlan(
      plan(
        rc(GenericRoleMapper.tfResourceType, 'customer-acme_scope-ordersread_4CEB6934', ['delete', 'create'], {
          before: { id: 'm-1', role_id: 'role-a' },
          after: { role_id: 'role-b' },
          after_unknown: { id: true },
        }),
      ),
      IDS,
    );
    // THEN acme is changed, the resource is a replacement, and role_id is listed
    expect(s.customers.changed.map((g) => [g.name, g.action, g.resources])).toEqual([
      ['acme', 'change', [{ address, action: 'replace', what: 'role allowed into tokens: role-b' }]],
    ]);
    expect(s.customers.changed[0].attributes).toEqual([
      { resource: address, attribute: 'role_id', label: 'role allowed into tokens', before: 'role-a', after: 'role-b' },
    ]);
    expect(s.counts).toEqual({ add: 1, change: 0, remove: 1 });
  });

  it('treats create-before-destroy as a replacement too', () => {
    const s = summarizePlan(plan(rc(OpenidClient.tfResourceType, ACME_CLIENT, ['create', 'delete'], { before: {}, after: {} })), IDS);
    expect(s.customers.changed[0].resources).toEqual([{ address: ACME_ADDRESS, action: 'replace', what: 'client' }]);
    expect(s.customers.changed[0].headline).toBe('Changed: acme (client replaced (new secret))');
  });

  it('lists changes to the realm, the API and the audience scope as platform changes', () => {
    const s = summarizePlan(
      plan(
        rc(OpenidClient.tfResourceType, 'api_client_D31B288B', ['update'], {
          before: { name: 'Orders API' },
          after: { name: 'Orders API v2' },
        }),
        rc(Role.tfResourceType, 'api_role-ordersdelete_11111111', ['create'], { after: { name: 'orders:delete' } }),
        rc(Realm.tfResourceType, 'realm_A9708BC4', ['update'], { before: { display_name: 'A' }, after: { display_name: 'B' } }),
      ),
      IDS,
    );
    expect(s.platform.map((g) => [g.name, g.resources.map((r) => r.action)])).toEqual([
      ['api', ['change', 'add']],
      ['realm', ['change']],
    ]);
    expect(s.platform.map((g) => g.headline)).toEqual([
      'Changed: API (client: display name; role orders:delete added)',
      'Changed: realm (realm: display name)',
    ]);
    expect(s.customers.unchanged).toEqual(IDS);
  });

  it('names client scopes and clients by name where the engine has their ids', () => {
    // GIVEN the audience mapper moves to another scope; the state knows both scopes and the API client
    const scope = (id: string, name: string) => ({
      address: `keycloak_openid_client_scope.${name}`,
      mode: 'managed',
      type: OpenidClientScope.tfResourceType,
      values: { id, name },
    });
    const s = summarizePlan(
      {
        ...plan(
          rc(OpenidAudienceProtocolMapper.tfResourceType, 'audience-scope_audience_1234', ['update'], {
            before: { client_scope_id: '11111111-aaaa-4aaa-8aaa-111111111111', included_client_audience: 'orders-api' },
            after: { client_scope_id: '22222222-bbbb-4bbb-8bbb-222222222222', included_client_audience: 'orders-api' },
          }),
        ),
        prior_state: {
          values: {
            root_module: {
              resources: [
                scope('11111111-aaaa-4aaa-8aaa-111111111111', 'old-audience'),
                scope('22222222-bbbb-4bbb-8bbb-222222222222', 'orders-api-audience'),
              ],
            },
          },
        },
      },
      [],
      'platform',
    );
    expect(s.platform[0].attributes.map((a) => [a.label, a.before, a.after])).toEqual([
      ['client scope', 'old-audience', 'orders-api-audience'],
    ]);
    expect(s.platform[0].headline).toBe('Changed: audience scope (audience mapper: client scope)');
  });

  it('ignores no-op and read changes and data sources', () => {
    // GIVEN a plan with nothing to do
    const s = summarizePlan(
      plan(
        rc(OpenidClient.tfResourceType, ACME_CLIENT, ['no-op'], { before: { name: 'Acme' }, after: { name: 'Acme' } }),
        rc(DataKeycloakRealm.tfResourceType, 'realm_A9708BC4', ['read'], {}, 'data'),
      ),
      IDS,
    );
    // THEN there are no changes, and every customer is unchanged
    expect(hasChanges(s)).toBe(false);
    expect(s.customers.unchanged).toEqual(IDS);
    expect(s.platform).toEqual([]);
    expect(toMarkdown(s, 'Plan for partners')).toBe('### Plan for partners\n\nNo changes. 3 customer(s) already match Keycloak.\n');
    expect(toMarkdown({ ...s, part: 'platform' }, 'Plan')).toBe(
      '### Plan\n\nNo changes. The platform (realm, API, roles, audience scope, provisioning and read-only identities) matches Keycloak.\n',
    );
  });

  it('accepts a plan without resource_changes', () => {
    expect(hasChanges(summarizePlan({ format_version: '1.2' }, []))).toBe(false);
  });
});

describe('secrets', () => {
  const SECRET = 'SUPER-SECRET-VALUE-4711';
  const OTHER_SECRET = 'ANOTHER-HIDDEN-VALUE-0815';

  it('renders an attribute named client_secret as (sensitive), even if the engine did not mark it', () => {
    // GIVEN a regenerated secret in a plain (unmarked) attribute
    const s = summarizePlan(
      plan(
        rc(OpenidClient.tfResourceType, ACME_CLIENT, ['update'], {
          before: { client_secret: SECRET },
          after: { client_secret: OTHER_SECRET },
        }),
      ),
      IDS,
    );
    // THEN it is listed as changed, masked on both sides
    expect(s.customers.changed[0].attributes).toEqual([
      { resource: ACME_ADDRESS, attribute: 'client_secret', label: 'client secret', before: '(sensitive)', after: '(sensitive)' },
    ]);
    expect(rendered(s)).not.toContain(SECRET);
    expect(rendered(s)).not.toContain(OTHER_SECRET);
  });

  it('renders a value the engine marks sensitive as (sensitive), whatever its name', () => {
    // GIVEN an attribute with an innocent name, marked sensitive before and after
    const s = summarizePlan(
      plan(
        rc(OpenidClient.tfResourceType, ACME_CLIENT, ['update'], {
          before: { description: SECRET },
          after: { description: OTHER_SECRET },
          before_sensitive: { description: true },
          after_sensitive: { description: true },
        }),
      ),
      IDS,
    );
    expect(s.customers.changed[0].attributes).toEqual([
      { resource: ACME_ADDRESS, attribute: 'description', label: 'description', before: '(sensitive)', after: '(sensitive)' },
    ]);
    expect(s.customers.changed[0].headline).toBe('Changed: acme (description changed)');
    expect(rendered(s)).not.toContain(SECRET);
    expect(rendered(s)).not.toContain(OTHER_SECRET);
  });

  it('masks a value that was sensitive only before the change', () => {
    const s = summarizePlan(
      plan(
        rc(OpenidClient.tfResourceType, ACME_CLIENT, ['update'], {
          before: { description: SECRET },
          after: { description: 'public now' },
          before_sensitive: { description: true },
          after_sensitive: {},
        }),
      ),
      IDS,
    );
    expect(s.customers.changed[0].attributes[0]).toMatchObject({ attribute: 'description', before: '(sensitive)' });
    expect(rendered(s)).not.toContain(SECRET);
  });

  it('masks a map whose entries the engine marks sensitive', () => {
    // GIVEN one entry of extra_config is sensitive (the engine marks it inside the map)
    const s = summarizePlan(
      plan(
        rc(OpenidClient.tfResourceType, ACME_CLIENT, ['update'], {
          before: { extra_config: { 'api-keys.contact': 'a@acme.example', token: SECRET } },
          after: { extra_config: { 'api-keys.contact': 'b@acme.example', token: SECRET } },
          before_sensitive: { extra_config: { token: true } },
          after_sensitive: { extra_config: { token: true } },
        }),
      ),
      IDS,
    );
    // THEN the whole map is masked
    expect(s.customers.changed[0].attributes).toEqual([
      {
        resource: ACME_ADDRESS,
        attribute: 'extra_config',
        label: 'client attributes (contact, keys)',
        before: '(sensitive)',
        after: '(sensitive)',
      },
    ]);
    expect(rendered(s)).not.toContain(SECRET);
  });

  it('keeps the secret of a new client out of the summary', () => {
    // GIVEN a new customer whose planned client carries a secret value
    const [client, ...rest] = newCustomer('newco');
    client.change.after = { ...client.change.after, client_secret: SECRET };
    const s = summarizePlan(plan(client, ...rest), ['newco']);
    expect(rendered(s)).not.toContain(SECRET);
  });

  it('shows the rotation token (a label from the customer file, not a secret) while the secret stays masked', () => {
    // GIVEN secretRotation goes from 2026-11 to 2026-12; the engine marks the map sensitive
    const s = summarizePlan(
      plan(
        rc(OpenidClient.tfResourceType, ACME_CLIENT, ['update'], {
          before: { client_secret_regenerate_when_changed: { rotation: '2026-11' }, client_secret: SECRET },
          after: { client_secret_regenerate_when_changed: { rotation: '2026-12' } },
          after_unknown: { client_secret: true },
          before_sensitive: { client_secret: true, client_secret_regenerate_when_changed: true },
          after_sensitive: { client_secret: true, client_secret_regenerate_when_changed: true },
        }),
      ),
      IDS,
    );
    expect(s.customers.changed[0].attributes.map((a) => [a.label, a.before, a.after])).toEqual([
      ['client secret', '(sensitive)', '(known after apply)'],
      ['secret rotation', '2026-11', '2026-12'],
    ]);
    expect(s.customers.changed[0].headline).toBe('Changed: acme (secret rotation 2026-11→2026-12 (the old secret stops working))');
    expect(rendered(s)).not.toContain(SECRET);
  });

  it('renders the token lifespan and refresh-token flags in the clear (they are not secrets)', () => {
    const s = summarizePlan(
      plan(
        rc(OpenidClient.tfResourceType, ACME_CLIENT, ['update'], {
          before: { access_token_lifespan: '300', use_refresh_tokens: true },
          after: { access_token_lifespan: '900', use_refresh_tokens: false },
        }),
      ),
      IDS,
    );
    expect(s.customers.changed[0].attributes.map((a) => [a.attribute, a.before, a.after])).toEqual([
      ['access_token_lifespan', '300', '900'],
      ['use_refresh_tokens', 'true', 'false'],
    ]);
  });
});

describe('toMarkdown', () => {
  it('writes added, removed, changed and platform sections, and one table row per attribute', () => {
    // GIVEN newco added, initech removed, acme's lifespan and secret changed, the API renamed
    const s = summarizePlan(
      plan(
        ...newCustomer('newco'),
        rc(OpenidClient.tfResourceType, 'customer-initech_client_75B53A93', ['delete'], { before: { client_id: 'initech' } }),
        rc(OpenidClient.tfResourceType, ACME_CLIENT, ['update'], {
          before: { access_token_lifespan: '300', client_secret: 'SECRET-BEFORE' },
          after: { access_token_lifespan: '900', client_secret: 'SECRET-AFTER' },
          before_sensitive: { client_secret: true },
          after_sensitive: { client_secret: true },
        }),
        rc(OpenidClient.tfResourceType, 'api_client_D31B288B', ['update'], {
          before: { name: 'Orders API' },
          after: { name: 'Orders | API' },
        }),
      ),
      ['acme', 'globex', 'newco'],
    );
    // WHEN it is rendered
    const md = toMarkdown(s, 'Plan for partners');
    // THEN one line per customer and platform part comes first, then the detail in reviewer words
    expect(md).toBe(
      [
        '### Plan for partners',
        '',
        '- Added: newco (roles: none; lifespan 300)',
        '- Changed: acme (lifespan 300→900)',
        '- Removed: initech (their credentials stop working)',
        '- Changed: API (client: display name)',
        '',
        'platform (realm, API, roles, audience scope, provisioning and read-only identities): API changing; customers: 1 added, 1 changed, 1 removed, 1 unchanged; resources: 3 to add, 2 to change, 1 to remove',
        '',
        '<details><summary>acme: 1 part(s)</summary>',
        '',
        '| part | action | attribute | now | after deploy |',
        '|---|---|---|---|---|',
        '| client | change | token lifespan (s) | 300 | 900 |',
        '| client | change | client secret | (sensitive) | (sensitive) |',
        '',
        '</details>',
        '',
        '<details><summary>API: 1 part(s)</summary>',
        '',
        '| part | action | attribute | now | after deploy |',
        '|---|---|---|---|---|',
        // a | in a value must not break the table
        '| client | change | display name | Orders API | Orders \\| API |',
        '',
        '</details>',
        '',
        'Unchanged: 1 customer(s).',
        '',
      ].join('\n'),
    );
    expect(md).not.toContain('SECRET-BEFORE');
    expect(md).not.toContain('SECRET-AFTER');
  });

  it('says "in Keycloak" and "in the repository" in a drift report', () => {
    const s = summarizePlan(
      plan(
        rc(OpenidClient.tfResourceType, ACME_CLIENT, ['update'], {
          before: { standard_flow_enabled: true },
          after: { standard_flow_enabled: false },
        }),
      ),
      IDS,
    );
    const md = toMarkdown(s, 'Drift', { drift: true });
    expect(md).toContain('| part | action | attribute | in Keycloak | in the repository |\n');
    expect(md).toContain('| client | change | browser login (standard flow) | true | false |\n');
  });

  it('lists a replaced resource with its action in the table', () => {
    const s = summarizePlan(
      plan(
        rc(GenericRoleMapper.tfResourceType, 'customer-acme_scope-ordersread_4CEB6934', ['delete', 'create'], {
          before: { role_id: 'a' },
          after: { role_id: 'b' },
        }),
      ),
      IDS,
    );
    expect(toMarkdown(s, 'Plan')).toContain('| role allowed into tokens: b | replace | role allowed into tokens | a | b |');
    expect(s.customers.changed[0].headline).toBe('Changed: acme (b mapping into tokens re-created)');
  });

  it('shortens long values', () => {
    const s = summarizePlan(
      plan(
        rc(OpenidClient.tfResourceType, ACME_CLIENT, ['update'], { before: { description: 'a'.repeat(300) }, after: { description: 'b' } }),
      ),
      IDS,
    );
    const before = s.customers.changed[0].attributes[0].before;
    expect(before).toHaveLength(120);
    expect(before).toBe(`${'a'.repeat(117)}...`);
  });

  it('escapes Markdown and HTML in the title', () => {
    const s = summarizePlan(plan(), IDS);
    expect(toMarkdown(s, 'Plan <script> | `x`').split('\n')[0]).toBe('### Plan \\<script\\> \\| \\`x\\`');
  });
});

describe('oneLine', () => {
  it('counts customers and resources', () => {
    const s = summarizePlan(plan(...newCustomer('newco')), ['acme', 'newco'], 'customers');
    expect(oneLine(s)).toBe('customers: 1 added, 0 changed, 0 removed, 1 unchanged; resources: 3 to add, 0 to change, 0 to remove');
  });

  it('talks about the platform, not customers, for the platform stack', () => {
    const s = summarizePlan(
      plan(rc(Role.tfResourceType, 'api_role-ordersdelete_11111111', ['create'], { after: { name: 'orders:delete' } })),
      [],
      'platform',
    );
    expect(oneLine(s)).toBe(
      'platform (realm, API, roles, audience scope, provisioning and read-only identities): API changing; resources: 1 to add, 0 to change, 0 to remove',
    );
    expect(s.platform[0].headline).toBe('Changed: API (role orders:delete added)');
    expect(toMarkdown(s, 'Plan')).not.toMatch(/customer/i);
  });
});

/**
 * Plans recorded from the real engine and Keycloak by fixtures/record-plans.ts (client
 * secrets replaced by FAKE-SECRET-<n>): the shape of role ids, data sources, sensitive
 * marks and rotation maps is the engine's own, not a hand-made imitation.
 */
describe('a real plan recorded from the engine', () => {
  const load = (file: string) => JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', file), 'utf8'));
  const customersPlan = load('plan-customers.json');
  const platformPlan = load('plan-platform.json');
  const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

  it("holds role ids, not names, in the engine's own form (the premise of the tests below)", () => {
    const roles = customersPlan.resource_changes.find(
      (rc: any) => rc.type === UserRoles.tfResourceType && rc.name.startsWith('customer-alpha_'),
    );
    expect(roles.change.before.role_ids).toEqual([expect.stringMatching(UUID)]);
    expect(JSON.stringify(customersPlan)).toContain('FAKE-SECRET-');
  });

  it('sums up each customer in one line, with role names, the lifespan, suspension and the rotation label', () => {
    const s = summarizePlan(customersPlan, ['alpha', 'bravo', 'delta'], 'customers');
    expect(headlines(s)).toEqual([
      'Added: delta (roles: invoices:read, orders:read; lifespan 300)',
      'Changed: alpha (roles +invoices:read +orders:write −orders:read; lifespan 300→900; description Route planning→Route planning and billing)',
      'Changed: bravo (secret rotation (none)→2026-12 (the old secret stops working); suspended)',
      'Removed: charlie (their credentials stop working)',
    ]);
    expect(s.customers.unchanged).toEqual([]);
  });

  it('renders role ids as role names in the detail, and masks every secret', () => {
    const s = summarizePlan(customersPlan, ['alpha', 'bravo', 'delta'], 'customers');
    const alpha = s.customers.changed.find((g) => g.name === 'alpha')!;
    expect(alpha.attributes.find((a) => a.attribute === 'role_ids')).toMatchObject({
      label: 'roles',
      before: 'orders:read',
      after: 'invoices:read, orders:write',
    });
    expect(alpha.resources.map((r) => r.what).sort()).toEqual([
      'client',
      'role allowed into tokens: invoices:read',
      'role allowed into tokens: orders:read',
      'role allowed into tokens: orders:write',
      'service-account roles',
    ]);
    const bravo = s.customers.changed.find((g) => g.name === 'bravo')!;
    expect(bravo.attributes.map((a) => [a.label, a.before, a.after])).toEqual([
      ['client secret', '(sensitive)', '(known after apply)'],
      ['secret rotation', '(none)', '2026-12'],
      ['enabled', 'true', 'false'],
    ]);
    const md = toMarkdown(s, 'Plan');
    expect(md).not.toMatch(UUID);
    expect(md + JSON.stringify(s)).not.toContain('FAKE-SECRET');
  });

  it('talks about the platform in the platform plan: a new catalog role changes the API', () => {
    const s = summarizePlan(platformPlan, [], 'platform');
    expect(headlines(s)).toEqual(['Changed: API (role orders:delete added)']);
    expect(oneLine(s)).toBe(
      'platform (realm, API, roles, audience scope, provisioning and read-only identities): API changing; resources: 1 to add, 0 to change, 0 to remove',
    );
    const md = toMarkdown(s, 'Plan');
    expect(md).not.toMatch(/customer/i);
    expect(md).not.toContain('FAKE-SECRET');
  });
});

describe("roles in tokens through the API's role scopes", () => {
  /** A plan whose prior state holds these roles (data sources), by id -> name. */
  const withRoles = (roles: Record<string, string>, ...changes: ReturnType<typeof rc>[]) => ({
    ...plan(...changes),
    prior_state: {
      values: {
        root_module: {
          resources: Object.entries(roles).map(([id, name]) => ({ mode: 'data', type: 'keycloak_role', values: { id, name } })),
        },
      },
    },
  });
  /** The catalog as the API's client roles (what the customers stack read before the grant roles). */
  const withCatalog = (...changes: ReturnType<typeof rc>[]) =>
    withRoles({ 'id-read': 'orders:read', 'id-write': 'orders:write' }, ...changes);
  /** The catalog as the customers stack reads it now: the grant roles, named `<api>-grant-<role>` (see ApiRoleGrants). */
  const withGrants = (...changes: ReturnType<typeof rc>[]) =>
    withRoles({ 'id-read': 'orders-api-grant-orders:read', 'id-write': 'orders-api-grant-orders:write' }, ...changes);
  const BASE = ['orders-api-audience', 'basic', 'roles', 'service_account'];
  const scopes = (before: string[], after: string[]) =>
    rc('keycloak_openid_client_default_scopes', 'customer-acme_default-scopes_9A445D28', ['update'], {
      before: { default_scopes: before },
      after: { default_scopes: after },
    });

  it('names a role change once, by its roles, not by the role scope that goes with it', () => {
    const s = summarizePlan(
      withCatalog(
        rc('keycloak_user_roles', 'customer-acme_service-account-roles_1', ['update'], {
          before: { role_ids: ['id-read'] },
          after: { role_ids: ['id-read', 'id-write'] },
        }),
        scopes([...BASE, 'orders-api-role-orders:read'], [...BASE, 'orders-api-role-orders:read', 'orders-api-role-orders:write']),
      ),
      IDS,
    );
    expect(s.customers.changed.map((g) => g.headline)).toEqual(['Changed: acme (roles +orders:write)']);
  });

  it('names a grant role by its API role (orders-api-grant-orders:read reads orders:read), in the headline and the detail', () => {
    const s = summarizePlan(
      withGrants(
        rc('keycloak_user_roles', 'customer-acme_service-account-roles_1', ['update'], {
          before: { role_ids: ['id-read'] },
          after: { role_ids: ['id-write'] },
        }),
      ),
      IDS,
    );
    expect(s.customers.changed.map((g) => g.headline)).toEqual(['Changed: acme (roles +orders:write −orders:read)']);
    expect(s.customers.changed[0].attributes.find((a) => a.attribute === 'role_ids')).toMatchObject({
      before: 'orders:read',
      after: 'orders:write',
    });
    expect(toMarkdown(s, 'Plan')).not.toContain('-grant-');
  });

  // The catalog comes from the role names in the plan, which the customers stack reads as grant
  // roles (`orders-api-grant-orders:write`): the role scope `orders-api-role-orders:write` must
  // still read as that role's.
  it('with the grant roles as the catalog, names a role change once, by its roles, not by the role scope that goes with it', () => {
    const s = summarizePlan(
      withGrants(
        rc('keycloak_user_roles', 'customer-acme_service-account-roles_1', ['update'], {
          before: { role_ids: ['id-read'] },
          after: { role_ids: ['id-read', 'id-write'] },
        }),
        scopes([...BASE, 'orders-api-role-orders:read'], [...BASE, 'orders-api-role-orders:read', 'orders-api-role-orders:write']),
      ),
      IDS,
    );
    expect(s.customers.changed.map((g) => g.headline)).toEqual(['Changed: acme (roles +orders:write)']);
  });

  it('names a role scope detached or attached by hand (drift) as the role going out of or into tokens', () => {
    const detached = summarizePlan(withCatalog(scopes(BASE, [...BASE, 'orders-api-role-orders:read'])), IDS);
    expect(detached.customers.changed.map((g) => g.headline)).toEqual(['Changed: acme (orders:read allowed into tokens)']);
    const attached = summarizePlan(withCatalog(scopes([...BASE, 'orders-api-role-orders:write'], BASE)), IDS);
    expect(attached.customers.changed.map((g) => g.headline)).toEqual(['Changed: acme (orders:write taken out of tokens)']);
    // AND another scope still reads as a token scope
    const other = summarizePlan(withCatalog(scopes([...BASE, 'profile'], BASE)), IDS);
    expect(other.customers.changed.map((g) => g.headline)).toEqual(['Changed: acme (token scopes −profile)']);
  });

  it('names the upgrade from per-client scope mappings as the role moving to its role scope', () => {
    // GIVEN a customer deployed before role scopes: its own scope mapping goes, the role scope comes
    const s = summarizePlan(
      withCatalog(
        rc('keycloak_generic_role_mapper', 'customer-acme_scope-ordersread_4CEB6934', ['delete'], {
          before: { id: 'm-1', role_id: 'id-read', client_id: 'c-1' },
        }),
        scopes(BASE, [...BASE, 'orders-api-role-orders:read']),
      ),
      IDS,
    );
    expect(s.customers.changed.map((g) => g.headline)).toEqual(['Changed: acme (orders:read into tokens through its role scope)']);
  });
});
