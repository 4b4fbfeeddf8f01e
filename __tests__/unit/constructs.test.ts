/**
 * One construct per test: each builds a single construct of keycloak/ in an empty stack
 * (cdktf's Testing.synthScope) and asserts on the resources and data sources that construct
 * makes, nothing else. The whole-app tests (stacks.test.ts, synth.test.ts) cover composition.
 */
import 'cdktf/lib/testing/adapters/jest';
import { generateKeyPairSync } from 'crypto';
import { TerraformOutput, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { DataKeycloakOpenidClient } from '../../.gen/providers/keycloak/data-keycloak-openid-client';
import { DataKeycloakOpenidClientScope } from '../../.gen/providers/keycloak/data-keycloak-openid-client-scope';
import { DataKeycloakRealm } from '../../.gen/providers/keycloak/data-keycloak-realm';
import { DataKeycloakRole } from '../../.gen/providers/keycloak/data-keycloak-role';
import { GenericRoleMapper } from '../../.gen/providers/keycloak/generic-role-mapper';
import { OpenidAudienceProtocolMapper } from '../../.gen/providers/keycloak/openid-audience-protocol-mapper';
import { OpenidClient } from '../../.gen/providers/keycloak/openid-client';
import { OpenidClientAdminPermissions } from '../../.gen/providers/keycloak/openid-client-admin-permissions';
import { OpenidClientClientPolicy } from '../../.gen/providers/keycloak/openid-client-client-policy';
import { OpenidClientDefaultScopes } from '../../.gen/providers/keycloak/openid-client-default-scopes';
import { OpenidClientScope } from '../../.gen/providers/keycloak/openid-client-scope';
import { Realm } from '../../.gen/providers/keycloak/realm';
import { RealmClientPolicyProfile } from '../../.gen/providers/keycloak/realm-client-policy-profile';
import { RealmClientPolicyProfilePolicy } from '../../.gen/providers/keycloak/realm-client-policy-profile-policy';
import { RealmEvents } from '../../.gen/providers/keycloak/realm-events';
import { Role } from '../../.gen/providers/keycloak/role';
import { RoleAdminPermissions } from '../../.gen/providers/keycloak/role-admin-permissions';
import { UserRoles } from '../../.gen/providers/keycloak/user-roles';
import { UsersAdminPermissions } from '../../.gen/providers/keycloak/users-admin-permissions';
import {
  ApiRealm,
  ApiRoleScopes,
  AudienceScope,
  BackendApi,
  CLIENT_RESOURCE_ID,
  ClientAuthentication,
  CONTACT_ATTRIBUTE,
  CustomerClient,
  CustomerClientProps,
  customerConstructId,
  customerOfConstructId,
  customerOfResourceName,
  DEFAULT_PROVISIONER_CLIENT_ID,
  DEFAULT_READER_CLIENT_ID,
  EXPIRES_ATTRIBUTE,
  GRACE_PERIOD_ATTRIBUTE,
  IApiRealm,
  IApiRoleScopes,
  IAudienceScope,
  IBackendApi,
  LOGIN_EVENT_TYPES,
  LoginEvents,
  MARKER_ATTRIBUTE,
  PROVISIONER_REALM_ROLES,
  ProvisioningIdentity,
  READER_REALM_ROLES,
  ReadOnlyIdentity,
  SecretRotationPolicies,
} from '../../keycloak';

Testing.setupJest();

type Block = Record<string, Record<string, Record<string, any>>>;
interface Synthesized {
  readonly resource?: Block;
  readonly data?: Block;
  readonly output?: Record<string, { value: unknown }>;
}

/** Makes a value visible in the synthesized JSON (as `output.<name>.value`), to see what a reference resolves to. */
function probe(scope: Construct, name: string, value: string): void {
  new TerraformOutput(scope, name, { value });
}

/** Synthesizes what `build` adds to an empty stack, as parsed JSON. */
function synth(build: (scope: Construct) => void): Synthesized {
  return JSON.parse(Testing.synthScope(build));
}

/** The configurations of one resource (or data source) type, by name. */
function blocksOf(json: Synthesized, type: { tfResourceType: string }, kind: 'resource' | 'data' = 'resource'): Record<string, any> {
  return json[kind]?.[type.tfResourceType] ?? {};
}

/** A reference to an attribute of some resource of that type: `${keycloak_realm.<any name>.id}`. */
function refTo(type: { tfResourceType: string }, attribute: string, data = false): any {
  return expect.stringMatching(new RegExp(`^\\$\\{${data ? 'data\\.' : ''}${type.tfResourceType}\\.[^.]+\\.${attribute}\\}$`));
}

/** A realm known by name only: it adds nothing to a stack, so the tests below assert only on their construct. */
const realmIn = (scope: Construct): IApiRealm => ApiRealm.fromRealmName(scope, 'realm', 'partners');

/** The API as a plain object: what a construct that takes an IBackendApi sees, with no resources of its own. */
const FAKE_API: IBackendApi = {
  clientId: 'orders-api',
  clientIdReference: '${keycloak_openid_client.api.client_id}',
  clientUuid: '${keycloak_openid_client.api.id}',
  roleId: (name) => `\${keycloak_role.${name.replace(':', '-')}.id}`,
};
const FAKE_SCOPE: IAudienceScope = { name: 'orders-api-audience', nameReference: '${keycloak_openid_client_scope.audience.name}' };
/** The role scopes as a plain object. */
const FAKE_ROLE_SCOPES: IApiRoleScopes = {
  nameReference: (role) => `\${keycloak_openid_client_scope.role-${role.replace(':', '-')}.name}`,
};

describe('ApiRealm', () => {
  test('owned: one realm with admin permissions (v2) on, sign-up off and TLS required outside localhost', () => {
    // GIVEN / WHEN
    const json = synth((scope) => new ApiRealm(scope, 'realm', { name: 'partners', displayName: 'Partner ${API}' }));
    // THEN
    expect(Object.keys(blocksOf(json, Realm))).toHaveLength(1);
    expect(JSON.stringify(json)).toHaveResourceWithProperties(Realm, {
      realm: 'partners',
      enabled: true,
      display_name: 'Partner $${API}',
      ssl_required: 'external',
      registration_allowed: false,
      admin_permissions_enabled: true,
    });
  });

  test('owned: the display name defaults to the realm name', () => {
    const json = synth((scope) => new ApiRealm(scope, 'realm', { name: 'partners' }));
    expect(JSON.stringify(json)).toHaveResourceWithProperties(Realm, { display_name: 'partners' });
  });

  test('owned: realmId is a reference to the realm, realmName the plain name', () => {
    let realm!: ApiRealm;
    const json = synth((scope) => {
      realm = new ApiRealm(scope, 'realm', { name: 'partners' });
      probe(scope, 'realm_id', realm.realmId);
    });
    expect(json.output?.realm_id.value).toEqual(refTo(Realm, 'id'));
    expect(realm.realmName).toBe('partners');
  });

  test('fromLookup: reads the realm with a data source and manages nothing', () => {
    const json = synth((scope) => ApiRealm.fromLookup(scope, 'realm', 'partners'));
    expect(json.resource).toBeUndefined();
    expect(JSON.stringify(json)).toHaveDataSourceWithProperties(DataKeycloakRealm, { realm: 'partners' });
  });

  test('fromRealmName: no resource and no data source; the name is the id', () => {
    let realm!: IApiRealm;
    const json = synth((scope) => (realm = ApiRealm.fromRealmName(scope, 'realm', 'partners')));
    expect(json.resource).toBeUndefined();
    expect(json.data).toBeUndefined();
    expect(realm).toMatchObject({ realmName: 'partners', realmId: 'partners' });
  });
});

describe('BackendApi', () => {
  const ROLES = { 'orders:write': 'Change orders', 'orders:read': 'Read orders' };

  test('owned: a confidential client that can obtain no token, with one client role per catalog entry', () => {
    const json = synth(
      (scope) => new BackendApi(scope, 'api', { realm: realmIn(scope), clientId: 'orders-api', name: 'Orders', roles: ROLES }),
    );
    expect(JSON.stringify(json)).toHaveResourceWithProperties(OpenidClient, {
      realm_id: 'partners',
      client_id: 'orders-api',
      name: 'Orders',
      description: '',
      access_type: 'CONFIDENTIAL',
      service_accounts_enabled: false,
      standard_flow_enabled: false,
      implicit_flow_enabled: false,
      direct_access_grants_enabled: false,
      full_scope_allowed: false,
    });
    const roles = Object.values(blocksOf(json, Role));
    expect(roles.map((r) => [r.name, r.description])).toEqual([
      ['orders:read', 'Read orders'],
      ['orders:write', 'Change orders'],
    ]);
    for (const role of roles) expect(role.client_id).toEqual(refTo(OpenidClient, 'id'));
  });

  test('owned: roleId refers to the role resource; a name outside the catalog throws, naming the catalog', () => {
    const json = synth((scope) => {
      const api = new BackendApi(scope, 'api', { realm: realmIn(scope), clientId: 'orders-api', name: 'Orders', roles: ROLES });
      probe(scope, 'role_id', api.roleId('orders:read'));
      probe(scope, 'client_id', api.clientIdReference);
      expect(api.clientId).toBe('orders-api');
      expect(() => api.roleId('orders:wrte')).toThrow(
        'BackendApi orders-api: no role "orders:wrte" in the catalog (orders:read, orders:write)',
      );
    });
    expect(json.output?.role_id.value).toEqual(refTo(Role, 'id'));
    expect(json.output?.client_id.value).toEqual(refTo(OpenidClient, 'client_id'));
  });

  test('fromLookup: reads the client and each catalog role, manages nothing', () => {
    const json = synth((scope) => {
      const api = BackendApi.fromLookup(scope, 'api', { realm: realmIn(scope), clientId: 'orders-api', roles: Object.keys(ROLES) });
      probe(scope, 'role_id', api.roleId('orders:write'));
      expect(() => api.roleId('admin')).toThrow('no role "admin" in the catalog');
    });
    expect(json.output?.role_id.value).toEqual(refTo(DataKeycloakRole, 'id', true));
    expect(json.resource).toBeUndefined();
    expect(JSON.stringify(json)).toHaveDataSourceWithProperties(DataKeycloakOpenidClient, {
      realm_id: 'partners',
      client_id: 'orders-api',
    });
    const roles = Object.values(blocksOf(json, DataKeycloakRole, 'data'));
    expect(roles.map((r) => r.name)).toEqual(['orders:read', 'orders:write']);
    for (const role of roles) expect(role.client_id).toEqual(refTo(DataKeycloakOpenidClient, 'id', true));
  });
});

describe('AudienceScope', () => {
  test('owned: a scope whose mapper puts the API client into access tokens and introspection, not ID tokens', () => {
    const json = synth((scope) => new AudienceScope(scope, 'audience-scope', { realm: realmIn(scope), api: FAKE_API, name: 'orders-aud' }));
    expect(JSON.stringify(json)).toHaveResourceWithProperties(OpenidClientScope, {
      realm_id: 'partners',
      name: 'orders-aud',
      description: 'Puts orders-api in the audience of access tokens',
      include_in_token_scope: true,
    });
    expect(JSON.stringify(json)).toHaveResourceWithProperties(OpenidAudienceProtocolMapper, {
      client_scope_id: refTo(OpenidClientScope, 'id'),
      included_client_audience: FAKE_API.clientIdReference,
      add_to_access_token: true,
      add_to_id_token: false,
      add_to_token_introspection: true,
    });
  });

  test('fromLookup: one data source named by the given id, nothing managed', () => {
    let read!: IAudienceScope;
    const json = synth(
      (scope) => (read = AudienceScope.fromLookup(scope, 'audience-scope', { realm: realmIn(scope), name: 'orders-aud' })),
    );
    expect(json.resource).toBeUndefined();
    expect(Object.keys(blocksOf(json, DataKeycloakOpenidClientScope, 'data'))).toEqual(['audience-scope']);
    expect(read.name).toBe('orders-aud');
  });
});

describe('ApiRoleScopes', () => {
  test('owned: one scope per role, out of the scope claim, holding that role and nothing else', () => {
    const json = synth(
      (scope) => new ApiRoleScopes(scope, 'role-scopes', { realm: realmIn(scope), api: FAKE_API, roles: ['orders:read', 'orders:write'] }),
    );
    for (const role of ['orders:read', 'orders:write']) {
      expect(JSON.stringify(json)).toHaveResourceWithProperties(OpenidClientScope, {
        realm_id: 'partners',
        name: `orders-api-role-${role}`,
        include_in_token_scope: false,
      });
      expect(JSON.stringify(json)).toHaveResourceWithProperties(GenericRoleMapper, {
        realm_id: 'partners',
        client_scope_id: refTo(OpenidClientScope, 'id'),
        role_id: FAKE_API.roleId(role),
      });
    }
    expect(Object.keys(blocksOf(json, GenericRoleMapper))).toHaveLength(2);
    for (const m of Object.values(blocksOf(json, GenericRoleMapper))) expect(m.client_id).toBeUndefined();
    // AND no protocol mapper: the scopes add no claim
    expect(Object.keys(json.resource ?? {}).sort()).toEqual([GenericRoleMapper, OpenidClientScope].map((t) => t.tfResourceType).sort());
  });

  test('fromLookup: one data source per role named <id>-<role>, nothing managed; a role outside the catalog throws', () => {
    let read!: IApiRoleScopes;
    const json = synth(
      (scope) =>
        (read = ApiRoleScopes.fromLookup(scope, 'role-scope', {
          realm: realmIn(scope),
          apiClientId: 'orders-api',
          roles: ['orders:write', 'orders:read'],
        })),
    );
    expect(json.resource).toBeUndefined();
    const data = blocksOf(json, DataKeycloakOpenidClientScope, 'data');
    expect(Object.keys(data).sort()).toEqual(['role-scope-ordersread', 'role-scope-orderswrite'].sort());
    expect(
      Object.values(data)
        .map((d) => d.name)
        .sort(),
    ).toEqual(['orders-api-role-orders:read', 'orders-api-role-orders:write']);
    expect(read.nameReference('orders:read')).toMatch(/^\$\{TfToken/);
    expect(() => read.nameReference('invoices:read')).toThrow('no role "invoices:read" in the catalog (orders:read, orders:write)');
  });
});

describe('ClientAuthentication', () => {
  test('secret(): Keycloak generates a secret; nothing to configure', () => {
    expect(ClientAuthentication.secret()).toMatchObject({ authenticatorType: 'client-secret', attributes: {}, usesSecret: true });
  });

  test('privateKeyJwt({ jwksUrl }): Keycloak fetches the keys from the URL', () => {
    const auth = ClientAuthentication.privateKeyJwt({ jwksUrl: 'https://acme.example/jwks' });
    expect(auth).toMatchObject({ authenticatorType: 'client-jwt', usesSecret: false });
    expect(auth.attributes).toEqual({ 'use.jwks.url': 'true', 'jwks.url': 'https://acme.example/jwks' });
  });

  test('privateKeyJwt({ publicKey }): a one-key JWKS whose kid is the same for the same key', () => {
    const pem = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'pem', type: 'spki' }).toString();
    const first = ClientAuthentication.privateKeyJwt({ publicKey: pem });
    const jwks = JSON.parse(first.attributes['jwks.string']);
    expect(first.attributes['use.jwks.string']).toBe('true');
    expect(jwks.keys).toEqual([expect.objectContaining({ kty: 'EC', crv: 'P-256', use: 'sig', kid: expect.any(String) })]);
    expect(ClientAuthentication.privateKeyJwt({ publicKey: pem }).attributes).toEqual(first.attributes);
  });

  test('privateKeyJwt needs exactly one of jwksUrl and publicKey, and a parseable key', () => {
    expect(() => ClientAuthentication.privateKeyJwt({})).toThrow('exactly one of jwksUrl and publicKey (got neither)');
    expect(() => ClientAuthentication.privateKeyJwt({ jwksUrl: 'https://a.example', publicKey: 'x' })).toThrow('(got both)');
    expect(() => ClientAuthentication.privateKeyJwt({ publicKey: 'not a key' })).toThrow('not a PEM public key');
  });

  test('mtls(subjectDn): the certificate is matched by its exact subject DN, never as a pattern', () => {
    expect(ClientAuthentication.mtls('CN=acme,O=Acme').attributes).toEqual({
      'x509.subjectdn': 'CN=acme,O=Acme',
      'x509.allow.regex.pattern.comparison': 'false',
    });
  });
});

describe('CustomerClient', () => {
  const props =
    (overrides: Partial<CustomerClientProps> = {}) =>
    (scope: Construct) =>
      new CustomerClient(scope, customerConstructId('acme'), {
        realm: realmIn(scope),
        api: FAKE_API,
        audienceScope: FAKE_SCOPE,
        roleScopes: FAKE_ROLE_SCOPES,
        clientId: 'acme',
        name: 'Acme ${corp}',
        contact: 'api@acme.example',
        accessTokenLifespan: 600,
        stackName: 'api-keys-test',
        ...overrides,
      });

  test('defaults: an enabled client-credentials client with a secret, no API role, only the needed scopes', () => {
    const json = synth(props());
    expect(JSON.stringify(json)).toHaveResourceWithProperties(OpenidClient, {
      realm_id: 'partners',
      client_id: 'acme',
      name: 'Acme $${corp}',
      description: '',
      enabled: true,
      access_type: 'CONFIDENTIAL',
      client_authenticator_type: 'client-secret',
      service_accounts_enabled: true,
      standard_flow_enabled: false,
      use_refresh_tokens: false,
      use_refresh_tokens_client_credentials: false,
      full_scope_allowed: false,
      access_token_lifespan: '600',
      extra_config: { [CONTACT_ATTRIBUTE]: 'api@acme.example', [MARKER_ATTRIBUTE]: 'api-keys-test' },
    });
    const client = Object.values(blocksOf(json, OpenidClient))[0];
    expect(client.client_secret_regenerate_when_changed).toBeUndefined();
    expect(JSON.stringify(json)).toHaveResourceWithProperties(OpenidClientDefaultScopes, {
      default_scopes: [FAKE_SCOPE.nameReference, 'basic', 'roles', 'service_account'],
    });
    expect(JSON.stringify(json)).toHaveResourceWithProperties(UserRoles, { role_ids: [], exhaustive: true });
    expect(blocksOf(json, GenericRoleMapper)).toEqual({});
  });

  test("roles: the service account holds exactly them, and each is allowed into tokens by its role scope, no mapping of the client's own", () => {
    const json = synth(props({ roles: ['orders:read', 'orders:write'] }));
    expect(JSON.stringify(json)).toHaveResourceWithProperties(UserRoles, {
      user_id: refTo(OpenidClient, 'service_account_user_id'),
      role_ids: [FAKE_API.roleId('orders:read'), FAKE_API.roleId('orders:write')],
      exhaustive: true,
    });
    expect(JSON.stringify(json)).toHaveResourceWithProperties(OpenidClientDefaultScopes, {
      default_scopes: [
        FAKE_SCOPE.nameReference,
        'basic',
        'roles',
        'service_account',
        FAKE_ROLE_SCOPES.nameReference('orders:read'),
        FAKE_ROLE_SCOPES.nameReference('orders:write'),
      ],
    });
    // three resources per customer, whatever its roles
    expect(blocksOf(json, GenericRoleMapper)).toEqual({});
    expect(Object.keys(json.resource ?? {}).sort()).toEqual(
      [OpenidClient, OpenidClientDefaultScopes, UserRoles].map((t) => t.tfResourceType).sort(),
    );
  });

  test('flat props: disabled, described, expiring, rotating with a grace period', () => {
    const json = synth(
      props({ enabled: false, description: 'Orders', expires: '2027-01-01', secretRotation: '2026-12', secretGracePeriod: '7d' }),
    );
    expect(JSON.stringify(json)).toHaveResourceWithProperties(OpenidClient, {
      enabled: false,
      description: 'Orders',
      client_secret_regenerate_when_changed: { rotation: '2026-12' },
      extra_config: expect.objectContaining({ [EXPIRES_ATTRIBUTE]: '2027-01-01', [GRACE_PERIOD_ATTRIBUTE]: '7d' }),
    });
  });

  test('authentication: the union decides the authenticator and its attributes', () => {
    const json = synth(props({ authentication: ClientAuthentication.mtls('CN=acme') }));
    expect(JSON.stringify(json)).toHaveResourceWithProperties(OpenidClient, {
      client_authenticator_type: 'client-x509',
      extra_config: expect.objectContaining({ 'x509.subjectdn': 'CN=acme', 'x509.allow.regex.pattern.comparison': 'false' }),
    });
  });

  test('a secret rotation without a secret is refused, naming the client and the authenticator', () => {
    expect(() => synth(props({ authentication: ClientAuthentication.mtls('CN=acme'), secretRotation: '2026-12' }))).toThrow(
      'CustomerClient acme: secretRotation "2026-12" needs ClientAuthentication.secret() (got client-x509)',
    );
  });

  test('adoptFrom: the client (and only the client) is imported', () => {
    const json = synth(props({ adoptFrom: 'partners/1234' })) as any;
    expect(Object.values(json.import ?? {})).toEqual([
      expect.objectContaining({ id: 'partners/1234', to: expect.stringMatching(/^keycloak_openid_client\./) }),
    ]);
  });
});

describe('customer construct ids', () => {
  test('customerConstructId and customerOfConstructId are inverse; platform ids are no customer', () => {
    expect(customerConstructId('acme-logistics')).toBe('customer-acme-logistics');
    expect(customerOfConstructId(customerConstructId('acme-logistics'))).toBe('acme-logistics');
    for (const id of ['api', 'realm', 'audience-scope', 'provisioner', 'customer-']) expect(customerOfConstructId(id)).toBeUndefined();
  });

  test('customerOfResourceName reads the names cdktf gives a customer construct`s resources', () => {
    // GIVEN a customer client in a stack
    const json = synth((scope) => {
      const realm = realmIn(scope);
      new CustomerClient(scope, customerConstructId('acme-logistics'), {
        realm,
        api: FAKE_API,
        audienceScope: FAKE_SCOPE,
        roleScopes: FAKE_ROLE_SCOPES,
        clientId: 'acme-logistics',
        name: 'Acme',
        contact: 'a@acme.example',
        accessTokenLifespan: 300,
        stackName: 'api-keys-test',
        roles: ['orders:read'],
      });
      new BackendApi(scope, 'api', { realm, clientId: 'orders-api', name: 'Orders', roles: {} });
    });
    // WHEN every synthesized resource name is read back
    const read = Object.entries(json.resource!).flatMap(([type, blocks]) =>
      Object.keys(blocks).map((name) => [type, customerOfResourceName(name)] as const),
    );
    // THEN every resource of the customer names it; the client resource is the part CLIENT_RESOURCE_ID; the API is no customer
    const client = read.filter(([type]) => type === OpenidClient.tfResourceType);
    expect(client).toEqual(
      expect.arrayContaining([
        [OpenidClient.tfResourceType, { clientId: 'acme-logistics', part: CLIENT_RESOURCE_ID }],
        [OpenidClient.tfResourceType, undefined],
      ]),
    );
    expect(read.filter(([type]) => type !== OpenidClient.tfResourceType).map(([, c]) => c?.clientId)).toEqual(
      expect.arrayContaining(['acme-logistics']),
    );
    expect(read.filter(([type]) => type !== OpenidClient.tfResourceType).every(([, c]) => c?.clientId === 'acme-logistics')).toBe(true);
  });
});

describe('ProvisioningIdentity', () => {
  const build = (clientId?: string) => (scope: Construct) =>
    new ProvisioningIdentity(scope, 'provisioner', { realm: ApiRealm.fromRealmName(scope, 'realm', 'Partners'), api: FAKE_API, clientId });

  test('default: a service account with exactly the provisioner realm-management roles', () => {
    const json = synth(build());
    expect(JSON.stringify(json)).toHaveResourceWithProperties(OpenidClient, {
      client_id: DEFAULT_PROVISIONER_CLIENT_ID,
      client_authenticator_type: 'client-secret',
      service_accounts_enabled: true,
      full_scope_allowed: true,
    });
    expect(Object.values(blocksOf(json, DataKeycloakRole, 'data')).map((r) => r.name)).toEqual(
      expect.arrayContaining([...PROVISIONER_REALM_ROLES, 'default-roles-partners']),
    );
    expect(JSON.stringify(json)).toHaveResourceWithProperties(UserRoles, { exhaustive: true });
    expect(Object.values(blocksOf(json, UserRoles))[0].role_ids).toHaveLength(PROVISIONER_REALM_ROLES.length);
  });

  test('default: fine-grained permissions let it view users, map the API roles and the default role, nothing else', () => {
    const json = JSON.stringify(synth(build()));
    expect(json).toHaveResourceWithProperties(OpenidClientClientPolicy, { name: 'api-keys-provisioner', logic: 'POSITIVE' });
    expect(json).toHaveResourceWithProperties(UsersAdminPermissions, { name: 'api-keys-provisioner-users', scopes: ['view', 'map-roles'] });
    expect(json).toHaveResourceWithProperties(OpenidClientAdminPermissions, {
      name: 'api-keys-provisioner-api-roles',
      client_ids: [FAKE_API.clientUuid],
      scopes: ['map-roles'],
    });
    expect(json).toHaveResourceWithProperties(RoleAdminPermissions, { name: 'api-keys-provisioner-default-role', scopes: ['map-role'] });
  });

  test('a configured client id names the client, its policy and its permissions', () => {
    const json = synth(build('ci-keys'));
    const names = [OpenidClientClientPolicy, UsersAdminPermissions, OpenidClientAdminPermissions, RoleAdminPermissions].flatMap((type) =>
      Object.values(blocksOf(json, type)).map((r) => r.name),
    );
    expect(names).toEqual(['ci-keys', 'ci-keys-users', 'ci-keys-api-roles', 'ci-keys-default-role']);
    expect(JSON.stringify(json)).toHaveResourceWithProperties(OpenidClient, { client_id: 'ci-keys' });
    expect(JSON.stringify(json)).not.toContain('api-keys-provisioner');
  });
});

describe('ReadOnlyIdentity', () => {
  test('a service account with exactly the read-only realm-management roles, and one permission that lists client roles', () => {
    const json = synth((scope) => new ReadOnlyIdentity(scope, 'reader', { realm: realmIn(scope) }));
    expect(JSON.stringify(json)).toHaveResourceWithProperties(OpenidClient, {
      client_id: DEFAULT_READER_CLIENT_ID,
      service_accounts_enabled: true,
    });
    expect(
      Object.values(blocksOf(json, DataKeycloakRole, 'data'))
        .map((r) => r.name)
        .sort(),
    ).toEqual([...READER_REALM_ROLES].sort());
    expect(READER_REALM_ROLES.some((r) => r.startsWith('manage-'))).toBe(false);
    expect(Object.values(blocksOf(json, OpenidClientClientPolicy))).toHaveLength(1);
    expect(Object.values(blocksOf(json, OpenidClientAdminPermissions)).map((p) => p.scopes)).toEqual([['map-roles-client-scope']]);
    expect(Object.values(blocksOf(json, OpenidClientAdminPermissions))[0].client_ids).toBeUndefined();
  });

  test('a configured client id', () => {
    const json = synth((scope) => new ReadOnlyIdentity(scope, 'reader', { realm: realmIn(scope), clientId: 'ci-reader' }));
    expect(JSON.stringify(json)).toHaveResourceWithProperties(OpenidClient, { client_id: 'ci-reader' });
    expect(JSON.stringify(json)).toHaveResourceWithProperties(OpenidClientClientPolicy, { name: 'ci-reader' });
    expect(JSON.stringify(json)).toHaveResourceWithProperties(OpenidClientAdminPermissions, { name: 'ci-reader-list-client-roles' });
  });
});

describe('LoginEvents', () => {
  test('stores only client logins and their errors, for the retention, with the default listener', () => {
    const json = synth((scope) => new LoginEvents(scope, 'login-events', { realm: realmIn(scope), retention: '90d' }));
    expect(JSON.stringify(json)).toHaveResourceWithProperties(RealmEvents, {
      realm_id: 'partners',
      events_enabled: true,
      events_expiration: 90 * 86_400,
      enabled_event_types: [...LOGIN_EVENT_TYPES],
      events_listeners: ['jboss-logging'],
      admin_events_enabled: false,
    });
  });
});

describe('SecretRotationPolicies', () => {
  test('one profile and one policy per grace period, applied one after another', () => {
    const json = synth(
      (scope) =>
        new SecretRotationPolicies(scope, 'secret-rotation', { realm: realmIn(scope), gracePeriods: ['1d', '7d'], maxSecretAge: '30d' }),
    );
    const profiles = Object.values(blocksOf(json, RealmClientPolicyProfile));
    expect(profiles.map((p) => p.executor[0].configuration['rotated-expiration-period'])).toEqual([String(86_400), String(7 * 86_400)]);
    expect(profiles[0].depends_on).toBeUndefined();
    expect(profiles[1].depends_on).toEqual([expect.stringMatching(/^keycloak_realm_client_policy_profile_policy\./)]);
    expect(JSON.stringify(json)).toHaveResourceWithProperties(RealmClientPolicyProfilePolicy, {
      name: 'api-keys-secret-rotation-7d',
      condition: [
        {
          name: 'client-attributes',
          configuration: expect.objectContaining({ attributes: ` ${JSON.stringify([{ key: GRACE_PERIOD_ATTRIBUTE, value: '7d' }])}` }),
        },
      ],
    });
  });
});
