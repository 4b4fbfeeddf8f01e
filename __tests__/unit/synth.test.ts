/**
 * What the stack synthesizes for valid files: every security-relevant attribute of the
 * customer clients, their scopes and role grants, the backend API, the audience scope, the
 * provider block and the realm, and that text from data files reaches Keycloak verbatim.
 */
import { PLATFORM, find, below, ref, removeTempDirs, resourcesOf, SynthJson, TestProject } from './helpers';

afterAll(removeTempDirs);

const CLIENT = 'keycloak_openid_client';
const ROLE = 'keycloak_role';
const SCOPE = 'keycloak_openid_client_scope';
const DEFAULT_SCOPES = 'keycloak_openid_client_default_scopes';
const ROLE_MAPPER = 'keycloak_generic_role_mapper';
const USER_ROLES = 'keycloak_user_roles';
const AUDIENCE_MAPPER = 'keycloak_openid_audience_protocol_mapper';
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
  let json: SynthJson;
  let realmId: string;
  let apiKey: string;
  let scopeKey: string;
  const roleKey: Record<string, string> = {};

  beforeAll(() => {
    // WHEN it is synthesized
    json = exampleProject().synth();
    realmId = ref('keycloak_realm', find(json, 'keycloak_realm', 'realm/realm').key, 'id');
    apiKey = find(json, CLIENT, 'api/client').key;
    scopeKey = find(json, SCOPE, 'audience-scope/scope').key;
    for (const name of Object.keys(PLATFORM.api.roles)) roleKey[name] = find(json, ROLE, `api/role-${name}`).key;
  });

  describe('a customer client', () => {
    it('is a confidential client that can only use the client-credentials grant', () => {
      const { body } = find(json, CLIENT, 'customer-acme/client');
      expect(body).toMatchObject({
        realm_id: realmId,
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
      expect(find(json, CLIENT, 'customer-acme/client').body.access_token_lifespan).toBe('600');
    });

    it("has the customer's own lifespan when set", () => {
      expect(find(json, CLIENT, 'customer-globex/client').body.access_token_lifespan).toBe('900');
    });

    it('is disabled for a suspended customer, and otherwise the same', () => {
      const initech = find(json, CLIENT, 'customer-initech/client').body;
      const globex = find(json, CLIENT, 'customer-globex/client').body;
      // GIVEN initech is suspended and globex is not
      // THEN only `enabled` tells them apart among the security settings
      const security = (c: Record<string, unknown>) => Object.fromEntries(SECURITY_ATTRIBUTES.map((k) => [k, c[k]]));
      expect(initech.enabled).toBe(false);
      expect(globex.enabled).toBe(true);
      expect(security(initech)).toEqual(security(globex));
    });

    it('carries the name, the description and the contact', () => {
      const { body } = find(json, CLIENT, 'customer-acme/client');
      expect(body.name).toBe('Acme Corp');
      expect(body.description).toBe('Warehouse system that creates orders.');
      expect(body.extra_config).toEqual({ 'api-keys.contact': 'api-team@acme.example' });
    });

    it('has an empty description when the customer file has none', () => {
      expect(find(json, CLIENT, 'customer-initech/client').body.description).toBe('');
    });

    it('gets exactly the audience scope, basic and roles as default scopes', () => {
      const { body } = find(json, DEFAULT_SCOPES, 'customer-acme/default-scopes');
      expect(body.client_id).toBe(ref(CLIENT, find(json, CLIENT, 'customer-acme/client').key, 'id'));
      expect(body.realm_id).toBe(realmId);
      // a reference to the scope, so the scope is created first
      expect(body.default_scopes).toEqual([ref(SCOPE, scopeKey, 'name'), 'basic', 'roles']);
    });

    it('gets one default-scopes resource per customer and no optional scopes', () => {
      expect(Object.values(resourcesOf(json, DEFAULT_SCOPES)).map((r) => r['//'].metadata.path).sort()).toEqual([
        'api-keys-local/customer-acme/default-scopes',
        'api-keys-local/customer-globex/default-scopes',
        'api-keys-local/customer-initech/default-scopes',
      ]);
      expect(json.resource.keycloak_openid_client_optional_scopes).toBeUndefined();
    });
  });

  describe('role grants', () => {
    it('puts each granted role, and only those, in the client scope', () => {
      // GIVEN acme has orders:read and orders:write
      const client = ref(CLIENT, find(json, CLIENT, 'customer-acme/client').key, 'id');
      const mappers = below(json, ROLE_MAPPER, 'customer-acme');
      // THEN one mapper per granted role, for the acme client
      expect(mappers.map((m) => m.role_id).sort()).toEqual([ref(ROLE, roleKey['orders:read'], 'id'), ref(ROLE, roleKey['orders:write'], 'id')].sort());
      for (const m of mappers) expect(m).toMatchObject({ realm_id: realmId, client_id: client });
    });

    it('has one scope mapping per grant across all customers', () => {
      // acme 2 + globex 1 + initech 0
      expect(Object.keys(resourcesOf(json, ROLE_MAPPER))).toHaveLength(3);
      expect(below(json, ROLE_MAPPER, 'customer-globex').map((m) => m.role_id)).toEqual([ref(ROLE, roleKey['invoices:read'], 'id')]);
      expect(below(json, ROLE_MAPPER, 'customer-initech')).toEqual([]);
    });

    it("gives the service account exactly the granted roles, and takes away any other", () => {
      // GIVEN acme has orders:read and orders:write
      const acmeClient = find(json, CLIENT, 'customer-acme/client').key;
      const { body } = find(json, USER_ROLES, 'customer-acme/service-account-roles');
      // THEN its service account holds exactly those (exhaustive: roles added elsewhere are removed)
      expect(body).toMatchObject({ realm_id: realmId, user_id: ref(CLIENT, acmeClient, 'service_account_user_id'), exhaustive: true });
      expect([...body.role_ids].sort()).toEqual([ref(ROLE, roleKey['orders:read'], 'id'), ref(ROLE, roleKey['orders:write'], 'id')].sort());
    });

    it('gives a customer without roles a service account without roles', () => {
      const { body } = find(json, USER_ROLES, 'customer-initech/service-account-roles');
      expect(body).toMatchObject({ exhaustive: true, role_ids: [] });
    });

    it('grants no role through any other resource type', () => {
      expect(json.resource[SA_ROLE]).toBeUndefined();
      expect(json.resource.keycloak_openid_client_scope_mapper).toBeUndefined();
      expect(Object.keys(resourcesOf(json, USER_ROLES))).toHaveLength(3);
    });
  });

  describe('the audience scope', () => {
    it('is one client scope included in the token scope', () => {
      const { body } = find(json, SCOPE, 'audience-scope/scope');
      expect(body).toMatchObject({ realm_id: realmId, name: 'orders-api-audience', include_in_token_scope: true });
      expect(Object.keys(resourcesOf(json, SCOPE))).toHaveLength(1);
    });

    it('puts the API into aud of access tokens and introspection, not of ID tokens', () => {
      const { body } = find(json, AUDIENCE_MAPPER, 'audience-scope/audience');
      expect(body).toMatchObject({
        realm_id: realmId,
        client_scope_id: ref(SCOPE, scopeKey, 'id'),
        add_to_access_token: true,
        add_to_id_token: false,
        add_to_token_introspection: true,
        // a reference to the API client, so the mapper waits for it
        included_client_audience: ref(CLIENT, apiKey, 'client_id'),
      });
    });
  });

  describe('the backend API', () => {
    it('is a confidential client with every flow and the service account off', () => {
      const { body } = find(json, CLIENT, 'api/client');
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
      const roles = Object.values(resourcesOf(json, ROLE)).map((r) => ({ name: r.name, description: r.description, client_id: r.client_id, realm_id: r.realm_id }));
      const api = ref(CLIENT, apiKey, 'id');
      expect(roles.sort((a, b) => a.name.localeCompare(b.name))).toEqual([
        { name: 'invoices:read', description: 'Download invoices', client_id: api, realm_id: realmId },
        { name: 'orders:read', description: 'Read orders and their status', client_id: api, realm_id: realmId },
        { name: 'orders:write', description: 'Create, change and cancel orders', client_id: api, realm_id: realmId },
      ]);
    });

    it('is the only client besides the customers', () => {
      expect(Object.values(resourcesOf(json, CLIENT)).map((c) => c.client_id).sort()).toEqual(['acme', 'globex', 'initech', 'orders-api']);
    });
  });

  describe('the provider and the realm', () => {
    it('writes no credentials into the provider block', () => {
      // GIVEN credentials come from the environment (KEYCLOAK_USER/PASSWORD or CLIENT_ID/SECRET)
      const [provider] = json.provider.keycloak;
      // THEN the provider block has only the target, and no credential key
      expect(Object.keys(provider).sort()).toEqual(['client_timeout', 'initial_login', 'realm', 'url']);
      expect(provider).toMatchObject({ url: 'https://keycloak.test', realm: 'master', initial_login: false });
      expect(Object.keys(provider).filter((k) => /password|secret|user|client_id|token/i.test(k))).toEqual([]);
    });

    it('contains no secret anywhere', () => {
      const text = JSON.stringify(json);
      expect(text).not.toMatch(/"[a-z_]*(password|secret)[a-z_]*"\s*:/i);
    });

    it('creates the realm when realm.create is true', () => {
      const { body } = find(json, 'keycloak_realm', 'realm/realm');
      expect(body).toMatchObject({ realm: 'partners', enabled: true, display_name: 'Partner API', registration_allowed: false, ssl_required: 'external' });
      expect(json.data).toBeUndefined();
    });

    it('outputs the realm and the customer client ids', () => {
      expect(json.output).toEqual({ realm_name: { value: 'partners' }, customer_client_ids: { value: ['acme', 'globex', 'initech'] } });
    });
  });
});

describe('an existing realm (realm.create: false)', () => {
  it('is read as a data source and referenced by every resource, never created', () => {
    // GIVEN a platform whose realm is managed elsewhere
    const p = new TestProject({
      platform: { ...PLATFORM, realm: { name: 'partners', create: false } },
      customers: { 'acme.yaml': { name: 'Acme', contact: 'api@acme.example', roles: ['orders:read'] } },
    });
    // WHEN it is synthesized
    const json = p.synth();
    // THEN the realm is data, and the clients live in it
    const realm = find(json, 'keycloak_realm', 'realm/realm', 'data');
    expect(realm.body.realm).toBe('partners');
    expect(json.resource.keycloak_realm).toBeUndefined();
    const dataRef = `\${data.keycloak_realm.${realm.key}.id}`;
    expect(find(json, CLIENT, 'customer-acme/client').body.realm_id).toBe(dataRef);
    expect(find(json, CLIENT, 'api/client').body.realm_id).toBe(dataRef);
    expect(find(json, SCOPE, 'audience-scope/scope').body.realm_id).toBe(dataRef);
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
    const json = p.synth();
    // THEN every `${` became `$${` and every `%{` became `%%{`, and nothing else changed
    const evil = find(json, CLIENT, 'customer-evil/client').body;
    expect(evil.name).toBe('$${file("/etc/passwd")}');
    expect(evil.description).toBe('%%{ if true }x%%{ endif } and $$${already} and 100% {fine} and $ {fine}');
    expect(find(json, CLIENT, 'api/client').body.name).toBe('Orders %%{ if true }API%%{ endif }');
    expect(find(json, ROLE, 'api/role-orders:read').body.description).toBe('Read $${path.module}');
    expect(find(json, 'keycloak_realm', 'realm/realm').body.display_name).toBe('Partners $${var.x}');
  });

  it('leaves no unescaped template sequence from the files anywhere', () => {
    // GIVEN the same kind of text in every free-text field
    const p = new TestProject({
      customers: { 'evil.yaml': { name: '${file("/etc/passwd")}', contact: 'ops@evil.example', description: '%{ for x in y }${x}%{ endfor }' } },
    });
    // WHEN it is synthesized
    const text = JSON.stringify(p.synth());
    // THEN the only `${` not preceded by `$` are cdktf's own references
    const unescaped = [...text.matchAll(/(?<![$%])[$%]\{[^}]*\}/g)].map((m) => m[0]).filter((s) => !/^\$\{(data\.)?keycloak_[a-z_]+\.[A-Za-z0-9_-]+\.[a-z_]+\}$/.test(s));
    expect(unescaped).toEqual([]);
  });
});
