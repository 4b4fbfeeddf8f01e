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
  ApiRoleGrants,
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
  IApiRoleGrants,
  IApiRoleScopes,
  IAudienceScope,
  IBackendApi,
  LOGIN_EVENT_TYPES,
  LoginEvents,
  MARKER_ATTRIBUTE,
  loginClientReason,
  ProtectedClients,
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
/** The grant roles as a plain object. */
const FAKE_GRANTS: IApiRoleGrants = { roleId: (name) => `\${keycloak_role.grant-${name.replace(':', '-')}.id}` };
/** A public key (PEM) for the identities. */
const PUBLIC_KEY = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'pem', type: 'spki' }).toString();
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
});

describe('ApiRoleGrants', () => {
  test('owned: one realm role per catalog role, a composite of exactly that API role', () => {
    const json = synth(
      (scope) => new ApiRoleGrants(scope, 'role-grants', { realm: realmIn(scope), api: FAKE_API, roles: ['orders:write', 'orders:read'] }),
    );
    const roles = Object.values(blocksOf(json, Role));
    expect(roles.map((r) => r.name)).toEqual(['orders-api-grant-orders:read', 'orders-api-grant-orders:write']);
    expect(roles.map((r) => r.composite_roles)).toEqual([[FAKE_API.roleId('orders:read')], [FAKE_API.roleId('orders:write')]]);
    // realm roles: no client
    for (const r of roles) expect(r.client_id).toBeUndefined();
  });

  test('fromLookup: one realm-role data source per role named <id>-<role>, nothing managed; a role outside the catalog throws', () => {
    let read!: IApiRoleGrants;
    const json = synth(
      (scope) =>
        (read = ApiRoleGrants.fromLookup(scope, 'role-grant', {
          realm: realmIn(scope),
          apiClientId: 'orders-api',
          roles: ['orders:write', 'orders:read'],
        })),
    );
    expect(json.resource).toBeUndefined();
    const data = Object.values(blocksOf(json, DataKeycloakRole, 'data'));
    expect(data.map((d) => d.name).sort()).toEqual(['orders-api-grant-orders:read', 'orders-api-grant-orders:write']);
    for (const d of data) expect(d.client_id).toBeUndefined();
    expect(read.roleId('orders:read')).toMatch(/^\$\{TfToken/);
    expect(() => read.roleId('invoices:read')).toThrow('no role "invoices:read" in the catalog (orders:read, orders:write)');
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

  test('fromName: the name alone, nothing read or managed (the read-only identity may not read client scopes)', () => {
    const read = AudienceScope.fromName('orders-aud');
    expect(read).toEqual({ name: 'orders-aud', nameReference: 'orders-aud' });
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

  test('fromNames: the derived names, nothing read or managed; a role outside the catalog throws', () => {
    const read: IApiRoleScopes = ApiRoleScopes.fromNames({ apiClientId: 'orders-api', roles: ['orders:write', 'orders:read'] });
    expect(read.nameReference('orders:read')).toBe('orders-api-role-orders:read');
    expect(() => read.nameReference('invoices:read')).toThrow('no role "invoices:read" in the catalog (orders:write, orders:read)');
  });

  test('a customer given the scopes by name lists those names as default scopes and reads no client scope', () => {
    const json = synth(
      (scope) =>
        new CustomerClient(scope, customerConstructId('acme'), {
          realm: realmIn(scope),
          grants: FAKE_GRANTS,
          audienceScope: AudienceScope.fromName('orders-api-audience'),
          roleScopes: ApiRoleScopes.fromNames({ apiClientId: 'orders-api', roles: ['orders:read', 'orders:write'] }),
          clientId: 'acme',
          name: 'Acme',
          contact: 'api@acme.example',
          accessTokenLifespan: 600,
          stackName: 'api-keys-test',
          roles: ['orders:write'],
        }),
    );
    expect(Object.values(blocksOf(json, OpenidClientDefaultScopes))[0].default_scopes).toEqual([
      'orders-api-audience',
      'basic',
      'roles',
      'service_account',
      'orders-api-role-orders:write',
    ]);
    expect(blocksOf(json, DataKeycloakOpenidClientScope, 'data')).toEqual({});
    expect(json.data).toBeUndefined();
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
        grants: FAKE_GRANTS,
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

  test("roles: the service account holds exactly their grant roles, and each is allowed into tokens by its role scope, no mapping of the client's own", () => {
    const json = synth(props({ roles: ['orders:read', 'orders:write'] }));
    expect(JSON.stringify(json)).toHaveResourceWithProperties(UserRoles, {
      user_id: refTo(OpenidClient, 'service_account_user_id'),
      role_ids: [FAKE_GRANTS.roleId('orders:read'), FAKE_GRANTS.roleId('orders:write')],
      exhaustive: true,
    });
    // never the API's client roles themselves
    expect(JSON.stringify(json)).not.toContain(FAKE_API.roleId('orders:read'));
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
        grants: FAKE_GRANTS,
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
    new ProvisioningIdentity(scope, 'provisioner', {
      realm: ApiRealm.fromRealmName(scope, 'realm', 'Partners'),
      api: FAKE_API,
      grants: FAKE_GRANTS,
      roles: ['orders:read', 'orders:write'],
      publicKey: PUBLIC_KEY,
      clientId,
    });

  test('default: a service account that signs its assertions with its key (no secret), with exactly the provisioner realm-management roles', () => {
    const json = synth(build());
    expect(JSON.stringify(json)).toHaveResourceWithProperties(OpenidClient, {
      client_id: DEFAULT_PROVISIONER_CLIENT_ID,
      client_authenticator_type: 'client-jwt',
      service_accounts_enabled: true,
      full_scope_allowed: true,
    });
    const client = Object.values(blocksOf(json, OpenidClient))[0];
    const jwks = JSON.parse(client.extra_config['jwks.string']);
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', use: 'sig' });
    expect(jwks.keys[0].d).toBeUndefined(); // a public key only
    expect(Object.values(blocksOf(json, DataKeycloakRole, 'data')).map((r) => r.name)).toEqual(
      expect.arrayContaining([...PROVISIONER_REALM_ROLES, 'default-roles-partners']),
    );
    expect(JSON.stringify(json)).toHaveResourceWithProperties(UserRoles, { exhaustive: true });
    expect(Object.values(blocksOf(json, UserRoles))[0].role_ids).toHaveLength(PROVISIONER_REALM_ROLES.length);
  });

  test('holds no realm-management role that would switch fine-grained evaluation off for clients, users or the realm', () => {
    for (const role of ['manage-clients', 'view-clients', 'manage-users', 'view-users', 'manage-realm', 'realm-admin'])
      expect(PROVISIONER_REALM_ROLES).not.toContain(role);
  });

  test('default: fine-grained permissions: the clients no other permission names, map the API roles, view and map users, map the grant roles and the default role', () => {
    const json = synth(build());
    const text = JSON.stringify(json);
    expect(text).toHaveResourceWithProperties(OpenidClientClientPolicy, { name: 'api-keys-provisioner', logic: 'POSITIVE' });
    const clientPermissions = Object.values(blocksOf(json, OpenidClientAdminPermissions));
    // exactly one permission for all clients (no client_ids): the customers
    expect(clientPermissions.filter((p) => p.client_ids === undefined)).toEqual([
      expect.objectContaining({ name: 'api-keys-provisioner-customers', scopes: ['view', 'manage'] }),
    ]);
    expect(text).toHaveResourceWithProperties(OpenidClientAdminPermissions, {
      name: 'api-keys-provisioner-api-roles',
      client_ids: [FAKE_API.clientUuid],
      scopes: ['map-roles'],
    });
    expect(text).toHaveResourceWithProperties(UsersAdminPermissions, { name: 'api-keys-provisioner-users', scopes: ['view', 'map-roles'] });
    const roles = Object.values(blocksOf(json, RoleAdminPermissions));
    expect(roles).toHaveLength(1);
    expect(roles[0]).toMatchObject({ name: 'api-keys-provisioner-roles', scopes: ['map-role'] });
    expect(roles[0].role_ids).toEqual([
      FAKE_GRANTS.roleId('orders:read'),
      FAKE_GRANTS.roleId('orders:write'),
      expect.stringContaining('default-role'),
    ]);
  });

  test('a configured client id names the client, its policy and its permissions', () => {
    const json = synth(build('ci-keys'));
    const names = [OpenidClientClientPolicy, UsersAdminPermissions, OpenidClientAdminPermissions, RoleAdminPermissions].flatMap((type) =>
      Object.values(blocksOf(json, type)).map((r) => r.name),
    );
    expect(names.sort()).toEqual(['ci-keys', 'ci-keys-api-roles', 'ci-keys-customers', 'ci-keys-roles', 'ci-keys-users']);
    expect(JSON.stringify(json)).toHaveResourceWithProperties(OpenidClient, { client_id: 'ci-keys' });
    expect(JSON.stringify(json)).not.toContain('api-keys-provisioner');
  });
});

describe('ReadOnlyIdentity', () => {
  test('a service account with a key, view-realm and view-events only, and no fine-grained permission at all', () => {
    const json = synth((scope) => new ReadOnlyIdentity(scope, 'reader', { realm: realmIn(scope), publicKey: PUBLIC_KEY }));
    expect(JSON.stringify(json)).toHaveResourceWithProperties(OpenidClient, {
      client_id: DEFAULT_READER_CLIENT_ID,
      client_authenticator_type: 'client-jwt',
      service_accounts_enabled: true,
    });
    expect(
      Object.values(blocksOf(json, DataKeycloakRole, 'data'))
        .map((r) => r.name)
        .sort(),
    ).toEqual([...READER_REALM_ROLES].sort());
    expect([...READER_REALM_ROLES].sort()).toEqual(['view-events', 'view-realm']);
    // Any permission of its own would, in Keycloak, also stop the provisioner's permission for all clients.
    expect(blocksOf(json, OpenidClientClientPolicy)).toEqual({});
    expect(blocksOf(json, OpenidClientAdminPermissions)).toEqual({});
  });

  test('a configured client id', () => {
    const json = synth(
      (scope) => new ReadOnlyIdentity(scope, 'reader', { realm: realmIn(scope), clientId: 'ci-reader', publicKey: PUBLIC_KEY }),
    );
    expect(JSON.stringify(json)).toHaveResourceWithProperties(OpenidClient, { client_id: 'ci-reader' });
  });
});

describe('ProtectedClients', () => {
  test('one permission naming the given clients (view, manage) through a policy that matches no caller', () => {
    const json = synth(
      (scope) =>
        new ProtectedClients(scope, 'protected-clients', {
          realm: realmIn(scope),
          clients: ['${keycloak_openid_client.provisioner.id}'],
          clientIds: ['frontend', 'account', 'admin-permissions', 'realm-management'],
          namePrefix: 'api-keys-provisioner',
        }),
    );
    const lookups = Object.values(blocksOf(json, DataKeycloakOpenidClient, 'data')).map((d) => d.client_id);
    // admin-permissions is read once per stack (Keycloak makes its service account on the first read)
    expect(lookups.sort()).toEqual(['account', 'admin-permissions', 'frontend', 'realm-management']);
    const permission = Object.values(blocksOf(json, OpenidClientAdminPermissions))[0];
    expect(permission).toMatchObject({ name: 'api-keys-provisioner-protected-clients', scopes: ['view', 'manage'] });
    expect(permission.client_ids).toHaveLength(5);
    expect(permission.client_ids[0]).toBe('${keycloak_openid_client.provisioner.id}');
    const policy = Object.values(blocksOf(json, OpenidClientClientPolicy))[0];
    expect(policy).toMatchObject({ name: 'api-keys-provisioner-nobody', logic: 'POSITIVE' });
    // realm-management: bearer-only, never a caller
    expect(policy.clients).toEqual([expect.stringContaining('client-realm-management')]);
  });

  test('loginClientReason tells login clients from machine credentials', () => {
    const machine = { publicClient: false, serviceAccountsEnabled: true, standardFlowEnabled: false, redirectUris: [] };
    expect(loginClientReason(machine)).toBeUndefined();
    expect(loginClientReason({ ...machine, publicClient: true })).toBe('it is a public client');
    expect(loginClientReason({ ...machine, bearerOnly: true })).toBe('it is bearer-only');
    expect(loginClientReason({ ...machine, standardFlowEnabled: true })).toMatch(/browser/);
    expect(loginClientReason({ ...machine, implicitFlowEnabled: true })).toMatch(/implicit/);
    expect(loginClientReason({ ...machine, directAccessGrantsEnabled: true })).toMatch(/password/);
    expect(loginClientReason({ ...machine, attributes: { 'oauth2.device.authorization.grant.enabled': 'true' } })).toMatch(/device/);
    expect(loginClientReason({ ...machine, attributes: { 'oidc.ciba.grant.enabled': 'true' } })).toMatch(/CIBA/);
    expect(loginClientReason({ ...machine, redirectUris: ['https://app.example/*'] })).toMatch(/redirect URIs/);
    // a confidential client without a service account is not a login client (introspection, say)
    expect(loginClientReason({ ...machine, serviceAccountsEnabled: false })).toBeUndefined();
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
