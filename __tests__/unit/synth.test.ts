/**
 * What the two stacks of an environment synthesize for valid files: every security-relevant
 * attribute of the customer clients, their scopes and role grants (customers stack, which
 * reads only the grant roles through data sources and names the scopes literally), the
 * backend API, its grant roles, the audience scope and the realm (platform stack), the
 * provider blocks, and that text
 * from data files reaches Keycloak verbatim.
 */
import { PLATFORM, find, ref, dataOf, dataRef, removeTempDirs, resourcesOf, Synth, SynthJson, TestProject } from './helpers';
import { GenericRoleMapper } from '../../.gen/providers/keycloak/generic-role-mapper';
import { OpenidAudienceProtocolMapper } from '../../.gen/providers/keycloak/openid-audience-protocol-mapper';
import { OpenidClient } from '../../.gen/providers/keycloak/openid-client';
import { OpenidClientDefaultScopes } from '../../.gen/providers/keycloak/openid-client-default-scopes';
import { OpenidClientScope } from '../../.gen/providers/keycloak/openid-client-scope';
import { Realm } from '../../.gen/providers/keycloak/realm';
import { Role } from '../../.gen/providers/keycloak/role';
import { UserRoles } from '../../.gen/providers/keycloak/user-roles';
import { DataKeycloakRealm } from '../../.gen/providers/keycloak/data-keycloak-realm';

afterAll(removeTempDirs);

const CLIENT = OpenidClient.tfResourceType;
const ROLE = Role.tfResourceType;
const SCOPE = OpenidClientScope.tfResourceType;
const DEFAULT_SCOPES = OpenidClientDefaultScopes.tfResourceType;
const ROLE_MAPPER = GenericRoleMapper.tfResourceType;
const USER_ROLES = UserRoles.tfResourceType;
const AUDIENCE_MAPPER = OpenidAudienceProtocolMapper.tfResourceType;
const SA_ROLE = 'keycloak_openid_client_service_account_role';
const SECURITY_ATTRIBUTES = [
  'access_type',
  'client_authenticator_type',
  'service_accounts_enabled',
  'standard_flow_enabled',
  'implicit_flow_enabled',
  'direct_access_grants_enabled',
  'standard_token_exchange_enabled',
  'consent_required',
  'full_scope_allowed',
  'use_refresh_tokens',
  'use_refresh_tokens_client_credentials',
  'valid_redirect_uris',
  'web_origins',
];

/**
 * GIVEN the test platform (default lifespan 600) and three customers:
 * acme (two roles, a description, the default lifespan), globex (one role, 900 s),
 * initech (suspended, no roles, no description).
 */
function exampleProject(): TestProject {
  return new TestProject({
    customers: {
      'acme.yaml': {
        name: 'Acme Corp',
        contact: 'api-team@acme.example',
        description: 'Warehouse system that creates orders.',
        roles: ['orders:write', 'orders:read'],
      },
      'globex.yaml': { name: 'Globex', contact: 'integrations@globex.example', roles: ['invoices:read'], accessTokenLifespan: 900 },
      'initech.yaml': { name: 'Initech', contact: 'ops@initech.example', enabled: false },
    },
  });
}

describe('the example project', () => {
  let synth: Synth;
  /** The platform stack: realm, API, roles, audience scope, provisioner. */
  let platform: SynthJson;
  /** The customers stack: the customers, and data sources for what they need from the platform. */
  let customers: SynthJson;
  /** How platform resources reference the realm (it is created there). */
  let realmId: string;
  let apiKey: string;
  let scopeKey: string;
  /** Platform stack: keys of the catalog roles (resources). */
  const roleKey: Record<string, string> = {};
  /** Platform stack: keys of the grant roles (realm roles, resources). */
  const grantKey: Record<string, string> = {};
  /** Customers stack: keys of the data sources that read each grant role. */
  const grantDataKey: Record<string, string> = {};

  beforeAll(() => {
    // WHEN it is synthesized
    synth = exampleProject().synth();
    ({ platform, customers } = synth);
    realmId = ref(Realm.tfResourceType, find(platform, Realm.tfResourceType, 'realm/realm').key, 'id');
    apiKey = find(platform, CLIENT, 'api/client').key;
    scopeKey = find(platform, SCOPE, 'audience-scope/scope').key;
    for (const name of Object.keys(PLATFORM.api.roles)) roleKey[name] = find(platform, ROLE, `api/role-${name}`).key;
    for (const name of Object.keys(PLATFORM.api.roles)) grantKey[name] = find(platform, ROLE, `role-grants/grant-${name}`).key;
    for (const name of Object.keys(PLATFORM.api.roles)) grantDataKey[name] = find(customers, ROLE, `role-grant-${name}`, 'data').key;
  });

  describe('what the customers stack reads from the platform', () => {
    it('reads no client: not the API, not an identity', () => {
      expect(dataOf(customers, CLIENT)).toEqual({});
    });

    it('reads every grant role, and only those, as realm roles named <api>-grant-<role>, in the realm named literally', () => {
      const roles = Object.values(dataOf(customers, ROLE)).map((r) => ({ name: r.name, client_id: r.client_id, realm_id: r.realm_id }));
      expect(roles.sort((a, b) => a.name.localeCompare(b.name))).toEqual([
        { name: 'orders-api-grant-invoices:read', client_id: undefined, realm_id: 'partners' },
        { name: 'orders-api-grant-orders:read', client_id: undefined, realm_id: 'partners' },
        { name: 'orders-api-grant-orders:write', client_id: undefined, realm_id: 'partners' },
      ]);
      // AND each data source sits under the key the tests below use for that role
      for (const [name, key] of Object.entries(grantDataKey)) expect(dataOf(customers, ROLE)[key].name).toBe(`orders-api-grant-${name}`);
    });

    it('reads no client scope: the audience scope and the role scopes are named literally', () => {
      expect(dataOf(customers, SCOPE)).toEqual({});
    });

    it('reads nothing else', () => {
      expect(Object.keys(customers.data ?? {})).toEqual([ROLE]);
    });
  });

  describe('a customer client', () => {
    it('is a confidential client that can only use the client-credentials grant', () => {
      const { body } = find(customers, CLIENT, 'customer-acme/client');
      expect(body).toMatchObject({
        // the realm by name: the customers stack manages nothing of the realm
        realm_id: 'partners',
        client_id: 'acme',
        enabled: true,
        access_type: 'CONFIDENTIAL',
        client_authenticator_type: 'client-secret',
        service_accounts_enabled: true,
        standard_flow_enabled: false,
        implicit_flow_enabled: false,
        direct_access_grants_enabled: false,
        standard_token_exchange_enabled: false,
        consent_required: false,
        full_scope_allowed: false,
        frontchannel_logout_enabled: false,
        use_refresh_tokens: false,
        use_refresh_tokens_client_credentials: false,
        valid_redirect_uris: [],
        valid_post_logout_redirect_uris: [],
        web_origins: [],
      });
    });

    it('has the platform default lifespan when the customer sets none', () => {
      expect(find(customers, CLIENT, 'customer-acme/client').body.access_token_lifespan).toBe('600');
    });

    it("has the customer's own lifespan when set", () => {
      expect(find(customers, CLIENT, 'customer-globex/client').body.access_token_lifespan).toBe('900');
    });

    it('is disabled for a suspended customer, and otherwise the same', () => {
      const initech = find(customers, CLIENT, 'customer-initech/client').body;
      const globex = find(customers, CLIENT, 'customer-globex/client').body;
      // GIVEN initech is suspended and globex is not
      // THEN only `enabled` tells them apart among the security settings
      const security = (c: Record<string, unknown>) => Object.fromEntries(SECURITY_ATTRIBUTES.map((k) => [k, c[k]]));
      expect(initech.enabled).toBe(false);
      expect(globex.enabled).toBe(true);
      expect(security(initech)).toEqual(security(globex));
    });

    it('carries the name, the description, the contact and the marker naming its stack', () => {
      const { body } = find(customers, CLIENT, 'customer-acme/client');
      expect(body.name).toBe('Acme Corp');
      expect(body.description).toBe('Warehouse system that creates orders.');
      expect(body.extra_config).toEqual({ 'api-keys.contact': 'api-team@acme.example', 'api-keys.stack': 'api-keys-local' });
    });

    it('has an empty description when the customer file has none', () => {
      expect(find(customers, CLIENT, 'customer-initech/client').body.description).toBe('');
    });

    it("gets exactly the audience scope, basic, roles, service_account and its roles' scopes as default scopes", () => {
      const { body } = find(customers, DEFAULT_SCOPES, 'customer-acme/default-scopes');
      expect(body.client_id).toBe(ref(CLIENT, find(customers, CLIENT, 'customer-acme/client').key, 'id'));
      expect(body.realm_id).toBe('partners');
      // the platform's scopes by their literal names (the identities may not read client scopes)
      expect(body.default_scopes).toEqual([
        'orders-api-audience',
        'basic',
        'roles',
        'service_account',
        'orders-api-role-orders:read',
        'orders-api-role-orders:write',
      ]);
      // AND a customer without roles gets no role scope
      expect(find(customers, DEFAULT_SCOPES, 'customer-initech/default-scopes').body.default_scopes).toEqual([
        'orders-api-audience',
        'basic',
        'roles',
        'service_account',
      ]);
    });

    it('gets one default-scopes resource per customer and no optional scopes', () => {
      expect(
        Object.values(resourcesOf(customers, DEFAULT_SCOPES))
          .map((r) => r['//'].metadata.path)
          .sort(),
      ).toEqual([
        'api-keys-local/customer-acme/default-scopes',
        'api-keys-local/customer-globex/default-scopes',
        'api-keys-local/customer-initech/default-scopes',
      ]);
      expect(resourcesOf(platform, DEFAULT_SCOPES)).toEqual({});
      for (const stack of [platform, customers]) expect(stack.resource?.keycloak_openid_client_optional_scopes).toBeUndefined();
    });
  });

  describe('role grants', () => {
    it("lets each granted role, and only those, into tokens through the role's client scope", () => {
      // GIVEN acme has orders:read and orders:write, globex invoices:read, initech nothing
      const scopes = (id: string) => find(customers, DEFAULT_SCOPES, `customer-${id}/default-scopes`).body.default_scopes as string[];
      const roleScopes = (id: string) => scopes(id).filter((s) => s.startsWith('orders-api-role-'));
      // THEN each has the scopes of exactly its roles among its default scopes
      expect(roleScopes('acme')).toEqual(['orders-api-role-orders:read', 'orders-api-role-orders:write']);
      expect(roleScopes('globex')).toEqual(['orders-api-role-invoices:read']);
      expect(roleScopes('initech')).toEqual([]);
      // AND no customer has scope mappings of its own, nor anything that orders their replacement
      expect(resourcesOf(customers, ROLE_MAPPER)).toEqual({});
      expect(customers.resource?.terraform_data).toBeUndefined(); // the role set that ordered their replacement
    });

    it('makes one client scope per catalog role in the platform stack, mapping that role and nothing else', () => {
      for (const role of Object.keys(PLATFORM.api.roles)) {
        const scope = find(platform, SCOPE, `role-scopes/scope-${role}`);
        // not in the token's `scope` claim, no protocol mapper: tokens stay as they were
        expect(scope.body).toMatchObject({ realm_id: realmId, name: `orders-api-role-${role}`, include_in_token_scope: false });
        const mapper = find(platform, ROLE_MAPPER, `role-scopes/mapping-${role}`);
        expect(mapper.body).toMatchObject({
          realm_id: realmId,
          client_scope_id: ref(SCOPE, scope.key, 'id'),
          role_id: ref(ROLE, roleKey[role], 'id'),
        });
        expect(mapper.body.client_id).toBeUndefined();
      }
      expect(Object.keys(resourcesOf(platform, ROLE_MAPPER))).toHaveLength(Object.keys(PLATFORM.api.roles).length);
      for (const mapper of Object.values(resourcesOf(platform, 'keycloak_generic_protocol_mapper'))) {
        expect(mapper.client_scope_id).not.toMatch(/role-scopes/);
      }
    });

    it('gives the service account exactly the grant roles of the granted roles, and takes away any other', () => {
      // GIVEN acme has orders:read and orders:write
      const acmeClient = find(customers, CLIENT, 'customer-acme/client').key;
      const { body } = find(customers, USER_ROLES, 'customer-acme/service-account-roles');
      // THEN its service account holds exactly their grant roles (exhaustive: roles added elsewhere are removed)
      expect(body).toMatchObject({ realm_id: 'partners', user_id: ref(CLIENT, acmeClient, 'service_account_user_id'), exhaustive: true });
      expect([...body.role_ids].sort()).toEqual(
        [dataRef(ROLE, grantDataKey['orders:read'], 'id'), dataRef(ROLE, grantDataKey['orders:write'], 'id')].sort(),
      );
      expect(find(customers, USER_ROLES, 'customer-globex/service-account-roles').body.role_ids).toEqual([
        dataRef(ROLE, grantDataKey['invoices:read'], 'id'),
      ]);
    });

    it('makes one grant role per catalog role in the platform stack: a realm role that is a composite of exactly that API role', () => {
      for (const role of Object.keys(PLATFORM.api.roles)) {
        const { body } = find(platform, ROLE, `role-grants/grant-${role}`);
        expect(body).toMatchObject({
          realm_id: realmId,
          name: `orders-api-grant-${role}`,
          composite_roles: [ref(ROLE, roleKey[role], 'id')],
        });
        expect(body.client_id).toBeUndefined();
      }
      expect(Object.values(resourcesOf(platform, ROLE)).filter((r) => r.client_id === undefined)).toHaveLength(
        Object.keys(PLATFORM.api.roles).length,
      );
      // AND the customers stack only reads them
      expect(resourcesOf(customers, ROLE)).toEqual({});
    });

    it('gives a customer without roles a service account without roles', () => {
      const { body } = find(customers, USER_ROLES, 'customer-initech/service-account-roles');
      expect(body).toMatchObject({ exhaustive: true, role_ids: [] });
    });

    it('grants no role through any other resource type', () => {
      for (const stack of [platform, customers]) {
        expect(stack.resource?.[SA_ROLE]).toBeUndefined();
        expect(stack.resource?.keycloak_openid_client_scope_mapper).toBeUndefined();
      }
      // one role mapping per customer service account
      expect(Object.keys(resourcesOf(customers, USER_ROLES))).toHaveLength(3);
      // and in the platform stack only the provisioner's and the read-only identity's (see stacks.test.ts)
      expect(
        Object.values(resourcesOf(platform, USER_ROLES))
          .map((r) => r['//'].metadata.path)
          .sort(),
      ).toEqual(['api-keys-local-platform/provisioner/realm-management-roles', 'api-keys-local-platform/reader/realm-management-roles']);
    });
  });

  describe('the audience scope', () => {
    it('is one client scope included in the token scope', () => {
      const { body } = find(platform, SCOPE, 'audience-scope/scope');
      expect(body).toMatchObject({ realm_id: realmId, name: 'orders-api-audience', include_in_token_scope: true });
      // (the others are the role scopes)
      expect(Object.keys(resourcesOf(platform, SCOPE))).toHaveLength(1 + Object.keys(PLATFORM.api.roles).length);
      expect(resourcesOf(customers, SCOPE)).toEqual({});
    });

    it('puts the API into aud of access tokens and introspection, not of ID tokens', () => {
      const { body } = find(platform, AUDIENCE_MAPPER, 'audience-scope/audience');
      expect(body).toMatchObject({
        realm_id: realmId,
        client_scope_id: ref(SCOPE, scopeKey, 'id'),
        add_to_access_token: true,
        add_to_id_token: false,
        add_to_token_introspection: true,
        // a reference to the API client, so the mapper waits for it
        included_client_audience: ref(CLIENT, apiKey, 'client_id'),
      });
      expect(Object.keys(resourcesOf(platform, AUDIENCE_MAPPER))).toHaveLength(1);
      expect(resourcesOf(customers, AUDIENCE_MAPPER)).toEqual({});
    });
  });

  describe('the backend API', () => {
    it('is a confidential client with every flow and the service account off', () => {
      const { body } = find(platform, CLIENT, 'api/client');
      expect(body).toMatchObject({
        realm_id: realmId,
        client_id: 'orders-api',
        name: 'Orders API',
        description: 'The backend that third-party applications call.',
        enabled: true,
        access_type: 'CONFIDENTIAL',
        standard_flow_enabled: false,
        implicit_flow_enabled: false,
        direct_access_grants_enabled: false,
        service_accounts_enabled: false,
        standard_token_exchange_enabled: false,
        consent_required: false,
        full_scope_allowed: false,
        valid_redirect_uris: [],
        web_origins: [],
      });
    });

    it('has every catalog role as a client role, with its description', () => {
      const roles = Object.values(resourcesOf(platform, ROLE))
        .filter((r) => r.client_id !== undefined)
        .map((r) => ({
          name: r.name,
          description: r.description,
          client_id: r.client_id,
          realm_id: r.realm_id,
        }));
      const api = ref(CLIENT, apiKey, 'id');
      expect(roles.sort((a, b) => a.name.localeCompare(b.name))).toEqual([
        { name: 'invoices:read', description: 'Download invoices', client_id: api, realm_id: realmId },
        { name: 'orders:read', description: 'Read orders and their status', client_id: api, realm_id: realmId },
        { name: 'orders:write', description: 'Create, change and cancel orders', client_id: api, realm_id: realmId },
      ]);
      // AND each sits under the key used above
      for (const [name, key] of Object.entries(roleKey)) expect(resourcesOf(platform, ROLE)[key].name).toBe(name);
      // AND the customers stack only reads them
      expect(resourcesOf(customers, ROLE)).toEqual({});
    });

    it('is, with the provisioning and read-only identities, the only client besides the customers', () => {
      expect(
        Object.values(resourcesOf(platform, CLIENT))
          .map((c) => c.client_id)
          .sort(),
      ).toEqual(['api-keys-provisioner', 'api-keys-reader', 'orders-api']);
      expect(
        Object.values(resourcesOf(customers, CLIENT))
          .map((c) => c.client_id)
          .sort(),
      ).toEqual(['acme', 'globex', 'initech']);
    });
  });

  describe('the provider and the realm', () => {
    it.each(['platform', 'customers'] as const)('writes no credentials into the provider block of the %s stack', (part) => {
      // GIVEN credentials come from the environment (KEYCLOAK_USER/PASSWORD or CLIENT_ID/SECRET)
      expect(Object.keys(synth[part].provider)).toEqual(['keycloak']);
      const providers = synth[part].provider.keycloak;
      expect(providers).toHaveLength(1);
      const [provider] = providers;
      // THEN the provider block has only the target, and no credential key
      expect(Object.keys(provider).sort()).toEqual(['client_timeout', 'initial_login', 'realm', 'url']);
      expect(provider).toMatchObject({ url: 'https://keycloak.test', realm: 'master', initial_login: false });
      expect(Object.keys(provider).filter((k) => /password|secret|user|client_id|token/i.test(k))).toEqual([]);
    });

    it.each(['platform', 'customers'] as const)('contains no secret anywhere in the %s stack', (part) => {
      const text = JSON.stringify(synth[part]);
      expect(text).not.toMatch(/"[a-z_]*(password|secret)[a-z_]*"\s*:/i);
    });

    it('creates the realm when realm.create is true, with fine-grained admin permissions on', () => {
      const { body } = find(platform, Realm.tfResourceType, 'realm/realm');
      expect(body).toMatchObject({
        realm: 'partners',
        enabled: true,
        display_name: 'Partner API',
        registration_allowed: false,
        ssl_required: 'external',
        admin_permissions_enabled: true,
      });
      // created, never read: neither stack has a realm data source
      expect(platform.data?.[DataKeycloakRealm.tfResourceType]).toBeUndefined();
      expect(customers.data?.[DataKeycloakRealm.tfResourceType]).toBeUndefined();
    });

    it('leaves the realm to the platform stack', () => {
      expect(Object.keys(resourcesOf(platform, Realm.tfResourceType))).toHaveLength(1);
      expect(customers.resource?.[Realm.tfResourceType]).toBeUndefined();
    });

    it('outputs the realm and the two identities from the platform stack, the customer client ids from the customers stack', () => {
      expect(platform.output).toEqual({
        realm_name: { value: 'partners' },
        provisioner_client_id: { value: ref(CLIENT, find(platform, CLIENT, 'provisioner/client').key, 'client_id') },
        reader_client_id: { value: ref(CLIENT, find(platform, CLIENT, 'reader/client').key, 'client_id') },
      });
      expect(customers.output).toEqual({ customer_client_ids: { value: ['acme', 'globex', 'initech'] } });
    });
  });
});

describe('an existing realm (realm.create: false)', () => {
  it('is read as a data source and referenced by every platform resource, never created; customers name it', () => {
    // GIVEN a platform whose realm is managed elsewhere
    const p = new TestProject({
      platform: { ...PLATFORM, realm: { name: 'partners', create: false } },
      customers: { 'acme.yaml': { name: 'Acme', contact: 'api@acme.example', roles: ['orders:read'] } },
    });
    // WHEN it is synthesized
    const { platform, customers } = p.synth();
    // THEN the realm is data in the platform stack, and the platform's resources live in it
    const realm = find(platform, DataKeycloakRealm.tfResourceType, 'realm/realm', 'data');
    expect(realm.body.realm).toBe('partners');
    expect(platform.resource?.keycloak_realm).toBeUndefined();
    const realmRef = dataRef(DataKeycloakRealm.tfResourceType, realm.key, 'id');
    expect(find(platform, CLIENT, 'api/client').body.realm_id).toBe(realmRef);
    expect(find(platform, SCOPE, 'audience-scope/scope').body.realm_id).toBe(realmRef);
    expect(find(platform, CLIENT, 'provisioner/client').body.realm_id).toBe(realmRef);
    // AND the customers stack names the realm, neither creating nor reading it
    expect(customers.resource?.[Realm.tfResourceType]).toBeUndefined();
    expect(customers.data?.[DataKeycloakRealm.tfResourceType]).toBeUndefined();
    expect(find(customers, CLIENT, 'customer-acme/client').body.realm_id).toBe('partners');
    expect(find(customers, ROLE, 'role-grant-orders:read', 'data').body.realm_id).toBe('partners');
  });
});

describe('text from data files', () => {
  it('reaches Keycloak verbatim: template sequences are escaped for the engine', () => {
    // GIVEN names and descriptions that the engine would otherwise evaluate
    const p = new TestProject({
      platform: {
        ...PLATFORM,
        realm: { ...PLATFORM.realm, displayName: 'Partners ${var.x}' },
        api: { ...PLATFORM.api, name: 'Orders %{ if true }API%{ endif }', roles: { 'orders:read': 'Read ${path.module}' } },
      },
      customers: {
        'evil.yaml': {
          name: '${file("/etc/passwd")}',
          contact: 'ops@evil.example',
          description: '%{ if true }x%{ endif } and $${already} and 100% {fine} and $ {fine}',
        },
      },
    });
    // WHEN it is synthesized
    const { platform, customers } = p.synth();
    // THEN every `${` became `$${` and every `%{` became `%%{`, and nothing else changed
    const evil = find(customers, CLIENT, 'customer-evil/client').body;
    expect(evil.name).toBe('$${file("/etc/passwd")}');
    expect(evil.description).toBe('%%{ if true }x%%{ endif } and $$${already} and 100% {fine} and $ {fine}');
    expect(find(platform, CLIENT, 'api/client').body.name).toBe('Orders %%{ if true }API%%{ endif }');
    expect(find(platform, ROLE, 'api/role-orders:read').body.description).toBe('Read $${path.module}');
    expect(find(platform, Realm.tfResourceType, 'realm/realm').body.display_name).toBe('Partners $${var.x}');
  });

  it.each(['platform', 'customers'] as const)('leaves no unescaped template sequence from the files anywhere in the %s stack', (part) => {
    // GIVEN the same kind of text in every free-text field, of the platform and of a customer
    const p = new TestProject({
      platform: {
        ...PLATFORM,
        realm: { ...PLATFORM.realm, displayName: '${var.x}' },
        api: { ...PLATFORM.api, description: '%{ if true }x%{ endif }' },
      },
      customers: {
        'evil.yaml': { name: '${file("/etc/passwd")}', contact: 'ops@evil.example', description: '%{ for x in y }${x}%{ endfor }' },
      },
    });
    // WHEN it is synthesized
    const text = JSON.stringify(p.synth()[part]);
    // THEN the text is there, escaped
    expect(text).toContain(part === 'platform' ? '"display_name":"$${var.x}"' : '"name":"$${file(\\"/etc/passwd\\")}"');
    // AND the only `${` not preceded by `$` are cdktf's own references
    const unescaped = [...text.matchAll(/(?<![$%])[$%]\{[^}]*\}/g)]
      .map((m) => m[0])
      .filter((s) => !/^\$\{(data\.)?keycloak_[a-z_]+\.[A-Za-z0-9_-]+\.[a-z_]+\}$/.test(s));
    expect(unescaped).toEqual([]);
  });
});
