/**
 * Two stacks per environment: `api-keys-<env>-platform` (realm, API, roles, audience scope
 * and the provisioning identity, deployed by an administrator) and `api-keys-<env>`
 * (customers only, deployed by the provisioning identity). Each has its own state; the
 * customers stack only reads what the platform stack owns; the provisioning identity holds
 * exactly the rights that managing customers takes.
 */
import * as fs from 'fs';
import * as path from 'path';
import { BUILT_IN_CLIENT_IDS, PROVISIONER_REALM_ROLES, READER_REALM_ROLES } from '../../keycloak';
import { createPublicKey } from 'crypto';
import { publicKeyId } from '../../config/identity-keys';
import { buildApp, BuildOptions } from '../../stacks/app';
import {
  PLATFORM,
  dataOf,
  dataRef,
  entriesOf,
  find,
  ref,
  removeTempDirs,
  resourcesOf,
  below,
  Synth,
  SynthJson,
  tempDir,
  TestProject,
  VALID_CUSTOMER,
  testIdentityKey,
  testIdentityKeyPair,
  testSettings,
} from './helpers';
import { GenericRoleMapper } from '../../.gen/providers/keycloak/generic-role-mapper';
import { OpenidAudienceProtocolMapper } from '../../.gen/providers/keycloak/openid-audience-protocol-mapper';
import { OpenidClient } from '../../.gen/providers/keycloak/openid-client';
import { OpenidClientAdminPermissions } from '../../.gen/providers/keycloak/openid-client-admin-permissions';
import { OpenidClientClientPolicy } from '../../.gen/providers/keycloak/openid-client-client-policy';
import { OpenidClientDefaultScopes } from '../../.gen/providers/keycloak/openid-client-default-scopes';
import { OpenidClientScope } from '../../.gen/providers/keycloak/openid-client-scope';
import { Realm } from '../../.gen/providers/keycloak/realm';
import { Role } from '../../.gen/providers/keycloak/role';
import { RoleAdminPermissions } from '../../.gen/providers/keycloak/role-admin-permissions';
import { UserRoles } from '../../.gen/providers/keycloak/user-roles';
import { UsersAdminPermissions } from '../../.gen/providers/keycloak/users-admin-permissions';
import { DataKeycloakRealm } from '../../.gen/providers/keycloak/data-keycloak-realm';

afterAll(removeTempDirs);

const CLIENT = OpenidClient.tfResourceType;
const ROLE = Role.tfResourceType;
const USER_ROLES = UserRoles.tfResourceType;
const CLIENT_POLICY = OpenidClientClientPolicy.tfResourceType;
const USERS_PERMISSIONS = UsersAdminPermissions.tfResourceType;
const CLIENT_PERMISSIONS = OpenidClientAdminPermissions.tfResourceType;
const ROLE_PERMISSIONS = RoleAdminPermissions.tfResourceType;

/** Builds the app with buildApp (as the commands do) and returns the targets and stack name -> cdk.tf.json. */
function build(
  root: string,
  env: NodeJS.ProcessEnv,
  options: Pick<BuildOptions, 'environments' | 'parts' | 'protectedClientIds' | 'identityKey'> = {},
) {
  const outdir = tempDir('stacks');
  const { app, targets } = buildApp({ root, outdir, settings: testSettings(env), identityKey: testIdentityKey, ...options });
  app.synth();
  const stacks: Record<string, SynthJson> = {};
  for (const name of fs.readdirSync(path.join(outdir, 'stacks'))) {
    stacks[name] = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', name, 'cdk.tf.json'), 'utf8'));
  }
  return { targets, stacks };
}

/**
 * THEN the identity's client authenticates with private_key_jwt: a one-key JWKS made from the
 * test public key of that identity (what buildApp's identityKey gave), kid = Keycloak's key id.
 */
function expectKeyOf(client: Record<string, any>, identityClientId: string): void {
  const publicKey = createPublicKey(testIdentityKeyPair(identityClientId).publicKeyPem);
  expect(client.client_authenticator_type).toBe('client-jwt');
  expect(client.extra_config).toMatchObject({ 'use.jwks.url': 'false', 'use.jwks.string': 'true' });
  expect(client.extra_config['jwks.url']).toBeUndefined();
  const jwks = JSON.parse(client.extra_config['jwks.string']);
  expect(jwks.keys).toHaveLength(1);
  const { n, e } = publicKey.export({ format: 'jwk' });
  expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', n, e, kid: publicKeyId(publicKey) });
  expect(jwks.keys[0].d).toBeUndefined(); // the public key only
  expect(Object.keys(client).filter((k) => /secret/.test(k))).toEqual([]);
}

const backendOf = (json: SynthJson) => json.terraform.backend as Record<string, Record<string, unknown>>;

describe('two stacks per environment', () => {
  it('builds a platform and a customers stack for each environment, in that order', () => {
    // GIVEN two environments
    const p = new TestProject({ customers: { 'acme.yaml': VALID_CUSTOMER } }).write('environments.yaml', {
      dev: { keycloak: 'https://dev.sso.test' },
      prod: { keycloak: 'https://sso.test' },
    });
    // WHEN the app is built
    const { targets, stacks } = build(p.root, { APIKEYS_STATE_DIR: tempDir('state') });
    // THEN each environment has its platform stack, then its customers stack
    expect(targets.map((t) => [t.environment, t.part, t.stackName])).toEqual([
      ['dev', 'platform', 'api-keys-dev-platform'],
      ['dev', 'customers', 'api-keys-dev'],
      ['prod', 'platform', 'api-keys-prod-platform'],
      ['prod', 'customers', 'api-keys-prod'],
    ]);
    expect(Object.keys(stacks).sort()).toEqual(['api-keys-dev', 'api-keys-dev-platform', 'api-keys-prod', 'api-keys-prod-platform']);
    // AND each stack's file names the stack
    for (const [name, json] of Object.entries(stacks)) expect(json['//'].metadata.stackName).toBe(name);
  });

  it('builds only the parts and environments asked for', () => {
    const p = new TestProject().write('environments.yaml', {
      dev: { keycloak: 'https://dev.sso.test' },
      prod: { keycloak: 'https://sso.test' },
    });
    const env = { APIKEYS_STATE_DIR: tempDir('state') };
    expect(Object.keys(build(p.root, env, { environments: ['prod'], parts: ['customers'] }).stacks)).toEqual(['api-keys-prod']);
    expect(Object.keys(build(p.root, env, { environments: ['prod'], parts: ['platform'] }).stacks)).toEqual(['api-keys-prod-platform']);
    expect(Object.keys(build(p.root, env, { environments: ['dev'] }).stacks).sort()).toEqual(['api-keys-dev', 'api-keys-dev-platform']);
  });

  describe('separate state', () => {
    it('local: the platform state file lies beside the customers state file', () => {
      // GIVEN the local environment with state in a directory
      const p = new TestProject();
      const dir = tempDir('state');
      // WHEN built
      const { stacks } = build(p.root, { KEYCLOAK_URL: 'https://keycloak.test', APIKEYS_STATE_DIR: dir });
      // THEN each stack has its own file, side by side
      expect(backendOf(stacks['api-keys-local'])).toEqual({ local: { path: path.join(dir, 'api-keys-local.tfstate') } });
      expect(backendOf(stacks['api-keys-local-platform'])).toEqual({ local: { path: path.join(dir, 'api-keys-local-platform.tfstate') } });
    });

    it('local with a configured path: the platform state gets "-platform" before ".tfstate"', () => {
      const dir = tempDir('state');
      const p = new TestProject().write('environments.yaml', {
        dev: { keycloak: 'https://dev.sso.test', state: { local: { path: path.join(dir, 'dev.tfstate') } } },
      });
      const { stacks } = build(p.root, {});
      expect(backendOf(stacks['api-keys-dev'])).toEqual({ local: { path: path.join(dir, 'dev.tfstate') } });
      expect(backendOf(stacks['api-keys-dev-platform'])).toEqual({ local: { path: path.join(dir, 'dev-platform.tfstate') } });
    });

    it('pg: the platform state lives in the schema <schema>_platform', () => {
      // GIVEN one environment with the default schema and one with its own
      const connStr = 'postgres://terraform@db.test/terraform?sslmode=require';
      const p = new TestProject().write('environments.yaml', {
        'eu-staging': { keycloak: 'https://staging.sso.test', state: { pg: { connStr } } },
        prod: { keycloak: 'https://sso.test', state: { pg: { connStr, schemaName: 'kc_state' } } },
      });
      // WHEN built
      const { stacks } = build(p.root, {});
      // THEN the customers stack keeps the schema, the platform stack gets its own
      expect(backendOf(stacks['api-keys-eu-staging'])).toEqual({ pg: { conn_str: connStr, schema_name: 'api_keys_eu_staging' } });
      expect(backendOf(stacks['api-keys-eu-staging-platform'])).toEqual({
        pg: { conn_str: connStr, schema_name: 'api_keys_eu_staging_platform' },
      });
      expect(backendOf(stacks['api-keys-prod'])).toEqual({ pg: { conn_str: connStr, schema_name: 'kc_state' } });
      expect(backendOf(stacks['api-keys-prod-platform'])).toEqual({ pg: { conn_str: connStr, schema_name: 'kc_state_platform' } });
    });

    it('s3: the platform state key gets "-platform" before ".tfstate", in the same bucket with the same settings', () => {
      // GIVEN an environment whose state is in S3
      const s3 = {
        bucket: 'state-bucket',
        key: 'keycloak-api-keys/prod.tfstate',
        region: 'eu-central-1',
        endpoint: 'https://s3.test',
        usePathStyle: true,
      };
      const p = new TestProject().write('environments.yaml', { prod: { keycloak: 'https://sso.test', state: { s3 } } });
      // WHEN built
      const { stacks } = build(p.root, {});
      // THEN only the key differs
      const customers = backendOf(stacks['api-keys-prod']).s3;
      const platform = backendOf(stacks['api-keys-prod-platform']).s3;
      expect(customers.key).toBe('keycloak-api-keys/prod.tfstate');
      expect(platform.key).toBe('keycloak-api-keys/prod-platform.tfstate');
      expect({ ...platform, key: undefined }).toEqual({ ...customers, key: undefined });
      expect(platform).toMatchObject({
        bucket: 'state-bucket',
        region: 'eu-central-1',
        encrypt: true,
        use_lockfile: true,
        use_path_style: true,
        endpoints: { s3: 'https://s3.test' },
      });
    });

    it('gives every stack of every environment a state of its own', () => {
      const dir = tempDir('state');
      const connStr = 'postgres://terraform@db.test/terraform';
      const p = new TestProject().write('environments.yaml', {
        dev: { keycloak: 'https://dev.sso.test', state: { local: {} } },
        staging: { keycloak: 'https://staging.sso.test', state: { pg: { connStr } } },
        qa: { keycloak: 'https://qa.sso.test', state: { pg: { connStr } } },
        prod: { keycloak: 'https://sso.test', state: { s3: { bucket: 'state-bucket', key: 'prod.tfstate', region: 'eu-central-1' } } },
      });
      const { stacks } = build(p.root, { APIKEYS_STATE_DIR: dir });
      const locations = Object.values(stacks).map((json) => JSON.stringify(backendOf(json)));
      expect(locations).toHaveLength(8);
      expect(new Set(locations).size).toBe(8);
    });
  });
});

describe('the customers stack', () => {
  /** Resource types a customer consists of. */
  // no scope mappings of their own: the platform's role scopes carry them (see ApiRoleScopes)
  const CUSTOMER_TYPES = [CLIENT, OpenidClientDefaultScopes.tfResourceType, USER_ROLES];

  describe.each([true, false])('with realm.create %s', (create) => {
    let customers: SynthJson;
    let platform: SynthJson;

    beforeAll(() => {
      // GIVEN customers with and without roles
      ({ customers, platform } = new TestProject({
        platform: { ...PLATFORM, realm: { name: 'partners', create } },
        customers: {
          'acme.yaml': { name: 'Acme', contact: 'api@acme.example', roles: ['orders:read', 'orders:write'] },
          'globex.yaml': { name: 'Globex', contact: 'api@globex.example' },
        },
      }).synth());
    });

    it('manages no realm, no role, no client scope and no part of the API client', () => {
      // THEN there is no resource of those types
      for (const type of [Realm.tfResourceType, ROLE, OpenidClientScope.tfResourceType, OpenidAudienceProtocolMapper.tfResourceType]) {
        expect([type, customers.resource?.[type]]).toEqual([type, undefined]);
      }
      expect(
        Object.values(resourcesOf(customers, CLIENT))
          .map((c) => c.client_id)
          .sort(),
      ).toEqual(['acme', 'globex']);
      // AND nothing of the realm's admin permissions
      expect(Object.keys(customers.resource ?? {}).filter((type) => /permission|polic/.test(type))).toEqual([]);
    });

    it("has only the customers' own resources, each below its customer", () => {
      expect(Object.keys(customers.resource ?? {}).sort()).toEqual([...CUSTOMER_TYPES].sort());
      for (const [type, key, body] of entriesOf(customers)) {
        expect([type, key, body['//'].metadata.path]).toEqual([
          type,
          key,
          expect.stringMatching(/^api-keys-local\/customer-(acme|globex)\//),
        ]);
      }
    });

    it('only reads the grant roles (realm roles, no client), from the realm named literally', () => {
      const data = entriesOf(customers, 'data').map(([type, , body]) => [type, body['//'].metadata.path, body.realm_id, body.client_id]);
      expect(data.sort()).toEqual(
        Object.keys(PLATFORM.api.roles)
          .map((name) => [ROLE, `api-keys-local/role-grant-${name}`, 'partners', undefined])
          .sort(),
      );
      expect(
        Object.values(dataOf(customers, ROLE))
          .map((r) => r.name)
          .sort(),
      ).toEqual(
        Object.keys(PLATFORM.api.roles)
          .map((name) => `orders-api-grant-${name}`)
          .sort(),
      );
      // AND every customer resource names the realm the same way
      for (const [type, key, body] of entriesOf(customers)) {
        expect([type, key, body.realm_id]).toEqual([type, key, 'partners']);
      }
    });

    it('references the roles only through those data sources, and names the scopes literally', () => {
      const text = JSON.stringify(customers.resource);
      const references = [...text.matchAll(/\$\{([a-z_.]+)\.([A-Za-z0-9_:-]+)\.[a-z_]+\}/g)].map((m) => m[1]);
      // references go to the customers' own clients or to the grant-role data sources, never to a managed role or a scope
      expect([...new Set(references)].sort()).toEqual([CLIENT, `data.${ROLE}`].sort());
      // the scopes by the names the platform stack gives them
      for (const scopes of Object.values(resourcesOf(customers, OpenidClientDefaultScopes.tfResourceType)).map((r) => r.default_scopes)) {
        expect(scopes).toContain('orders-api-audience');
      }
      expect(find(customers, OpenidClientDefaultScopes.tfResourceType, 'customer-acme/default-scopes').body.default_scopes).toEqual(
        expect.arrayContaining(['orders-api-role-orders:read', 'orders-api-role-orders:write']),
      );
    });

    it('while the platform stack owns the realm, the API client, its roles, their grant roles, their role scopes and the audience scope', () => {
      expect(
        create ? Object.keys(resourcesOf(platform, Realm.tfResourceType)) : Object.keys(dataOf(platform, DataKeycloakRealm.tfResourceType)),
      ).toHaveLength(1);
      expect(
        Object.values(resourcesOf(platform, ROLE))
          .map((r) => r.name)
          .sort(),
      ).toEqual([...Object.keys(PLATFORM.api.roles), ...Object.keys(PLATFORM.api.roles).map((r) => `orders-api-grant-${r}`)].sort());
      expect(
        Object.values(resourcesOf(platform, OpenidClientScope.tfResourceType))
          .map((s) => s.name)
          .sort(),
      ).toEqual(['orders-api-audience', ...Object.keys(PLATFORM.api.roles).map((r) => `orders-api-role-${r}`)].sort());
      expect(
        Object.values(resourcesOf(platform, CLIENT))
          .map((c) => c.client_id)
          .sort(),
      ).toEqual(['api-keys-provisioner', 'api-keys-reader', 'orders-api']);
    });
  });
});

describe('the provisioning identity (platform stack)', () => {
  let synth: Synth;
  let platform: SynthJson;
  let realmId: string;
  let provisioner: { key: string; body: Record<string, any> };
  let policyKey: string;

  beforeAll(() => {
    // GIVEN the test platform, without a provisioner section
    synth = new TestProject({ customers: { 'acme.yaml': VALID_CUSTOMER } }).synth();
    platform = synth.platform;
    realmId = ref(Realm.tfResourceType, find(platform, Realm.tfResourceType, 'realm/realm').key, 'id');
    provisioner = find(platform, CLIENT, 'provisioner/client');
    policyKey = find(platform, CLIENT_POLICY, 'provisioner/policy').key;
  });

  it('lives in a realm with fine-grained admin permissions (v2) enabled', () => {
    expect(find(platform, Realm.tfResourceType, 'realm/realm').body.admin_permissions_enabled).toBe(true);
  });

  it('is a confidential client "api-keys-provisioner" with its service account on and every login flow off', () => {
    expect(provisioner.body).toMatchObject({
      realm_id: realmId,
      client_id: 'api-keys-provisioner',
      enabled: true,
      access_type: 'CONFIDENTIAL',
      client_authenticator_type: 'client-jwt',
      service_accounts_enabled: true,
      standard_flow_enabled: false,
      implicit_flow_enabled: false,
      direct_access_grants_enabled: false,
      standard_token_exchange_enabled: false,
      consent_required: false,
      use_refresh_tokens: false,
      use_refresh_tokens_client_credentials: false,
      valid_redirect_uris: [],
      web_origins: [],
    });
    expect(platform.output?.provisioner_client_id).toEqual({ value: ref(CLIENT, provisioner.key, 'client_id') });
  });

  it('authenticates with a JWT signed by its key (private_key_jwt): Keycloak holds the public key given to buildApp, and no secret', () => {
    expectKeyOf(provisioner.body, 'api-keys-provisioner');
  });

  it('lets its token carry exactly the roles its service account holds, and no other', () => {
    // Keycloak's admin API honours a role only when it is also in the calling client's scope, so
    // the scope is full; what the token can carry is bounded by the exhaustive mapping below.
    expect(provisioner.body.full_scope_allowed).toBe(true);
    expect(find(platform, USER_ROLES, 'provisioner/realm-management-roles').body.exhaustive).toBe(true);
    // AND no role reaches it through any other resource
    for (const type of [
      'keycloak_openid_client_service_account_role',
      'keycloak_openid_client_service_account_realm_role',
      'keycloak_openid_client_scope_mapper',
    ]) {
      expect([type, platform.resource?.[type]]).toEqual([type, undefined]);
    }
    // (the only role mappers are the API role scopes' own, on client scopes, never on a client)
    for (const mapper of Object.values(resourcesOf(platform, GenericRoleMapper.tfResourceType))) {
      expect(mapper).toMatchObject({ client_scope_id: expect.stringMatching(/^\$\{keycloak_openid_client_scope\.role-scopes_/) });
      expect(mapper.client_id).toBeUndefined();
    }
    // (the other role mapping of the platform stack is the read-only identity's, tested below)
    expect(
      Object.values(resourcesOf(platform, USER_ROLES)).filter((r) => r.user_id === ref(CLIENT, provisioner.key, 'service_account_user_id')),
    ).toHaveLength(1);
    expect(Object.keys(resourcesOf(platform, USER_ROLES))).toHaveLength(2);
  });

  describe('its realm-management roles', () => {
    const ALLOWED = ['query-clients', 'view-events', 'view-realm'];
    // each would reach every client (or user) of the realm, switching fine-grained evaluation off for it
    const FORBIDDEN = [
      'manage-clients',
      'view-clients',
      'view-users',
      'query-users',
      'manage-users',
      'manage-realm',
      'manage-authorization',
      'realm-admin',
      'manage-identity-providers',
      'manage-events',
      'impersonation',
      'create-client',
    ];

    it('are exactly query-clients, view-events and view-realm, held exhaustively by its service account', () => {
      expect([...PROVISIONER_REALM_ROLES].sort()).toEqual(ALLOWED);
      const { body } = find(platform, USER_ROLES, 'provisioner/realm-management-roles');
      expect(body).toMatchObject({ realm_id: realmId, user_id: ref(CLIENT, provisioner.key, 'service_account_user_id'), exhaustive: true });
      const lookups = ALLOWED.map((name) => dataRef(ROLE, find(platform, ROLE, `provisioner/role-${name}`, 'data').key, 'id'));
      expect([...body.role_ids].sort()).toEqual(lookups.sort());
    });

    it("are looked up as client roles of the realm's realm-management client", () => {
      const realmManagement = find(platform, CLIENT, 'provisioner/realm-management', 'data');
      expect(realmManagement.body).toMatchObject({ realm_id: realmId, client_id: 'realm-management' });
      for (const name of ALLOWED) {
        expect(find(platform, ROLE, `provisioner/role-${name}`, 'data').body).toMatchObject({
          realm_id: realmId,
          client_id: dataRef(CLIENT, realmManagement.key, 'id'),
          name,
        });
      }
    });

    it('never include client, user, realm, authorization or admin rights', () => {
      const held = (find(platform, USER_ROLES, 'provisioner/realm-management-roles').body.role_ids as string[]).map((id) => {
        const key = /^\$\{data\.keycloak_role\.([^.]+)\.id\}$/.exec(id)![1];
        return dataOf(platform, ROLE)[key].name as string;
      });
      expect(held.sort()).toEqual(ALLOWED);
      const looked = Object.values(dataOf(platform, ROLE)).map((r) => r.name);
      for (const name of FORBIDDEN) {
        expect([name, held.includes(name)]).toEqual([name, false]);
        expect([name, looked.includes(name)]).toEqual([name, false]);
      }
    });
  });

  describe('its fine-grained admin permissions', () => {
    it('are granted to it by a client policy on the admin-permissions client', () => {
      const adminPermissions = find(platform, CLIENT, 'admin-permissions-client', 'data');
      expect(adminPermissions.body).toMatchObject({ realm_id: realmId, client_id: 'admin-permissions' });
      const { body } = find(platform, CLIENT_POLICY, 'provisioner/policy');
      expect(body).toMatchObject({
        realm_id: realmId,
        resource_server_id: dataRef(CLIENT, adminPermissions.key, 'id'),
        clients: [ref(CLIENT, provisioner.key, 'id')],
        logic: 'POSITIVE',
      });
      // the only other policy is the protected clients' one, which names the bearer-only realm-management client alone
      const nobody = find(platform, CLIENT_POLICY, 'protected-clients/nobody').key;
      expect(Object.keys(resourcesOf(platform, CLIENT_POLICY)).sort()).toEqual([policyKey, nobody].sort());
      expect(resourcesOf(platform, CLIENT_POLICY)[nobody]).toMatchObject({
        name: 'api-keys-provisioner-nobody',
        clients: [dataRef(CLIENT, find(platform, CLIENT, 'protected-clients/client-realm-management', 'data').key, 'id')],
        logic: 'POSITIVE',
      });
    });

    it('on users: exactly view and map-roles, never manage or impersonate', () => {
      const all = Object.values(resourcesOf(platform, USERS_PERMISSIONS));
      expect(all).toHaveLength(1);
      const { body } = find(platform, USERS_PERMISSIONS, 'provisioner/users');
      expect(body.realm_id).toBe(realmId);
      expect([...body.scopes].sort()).toEqual(['map-roles', 'view']);
      expect(body.scopes).not.toContain('manage');
      expect(body.scopes).not.toContain('impersonate');
      expect(body.policies).toEqual([ref(CLIENT_POLICY, policyKey, 'id')]);
    });

    it('on clients: view and manage the clients no other permission names (the customers), and only map-roles on the API client', () => {
      const mine = Object.values(resourcesOf(platform, CLIENT_PERMISSIONS)).filter((p) =>
        p.policies.includes(ref(CLIENT_POLICY, policyKey, 'id')),
      );
      expect(mine.map((p) => p['//'].metadata.path).sort()).toEqual([
        'api-keys-local-platform/provisioner/api-roles',
        'api-keys-local-platform/provisioner/customers',
      ]);
      const customers = find(platform, CLIENT_PERMISSIONS, 'provisioner/customers').body;
      expect(customers).toMatchObject({
        realm_id: realmId,
        name: 'api-keys-provisioner-customers',
        scopes: ['view', 'manage'],
        policies: [ref(CLIENT_POLICY, policyKey, 'id')],
        decision_strategy: 'UNANIMOUS',
      });
      // no client_ids: all clients, which Keycloak consults only for clients no permission names
      expect(customers.client_ids).toBeUndefined();
      // AND it is the only permission for all clients in the stack
      expect(Object.values(resourcesOf(platform, CLIENT_PERMISSIONS)).filter((p) => p.client_ids === undefined)).toHaveLength(1);
      const { body } = find(platform, CLIENT_PERMISSIONS, 'provisioner/api-roles');
      expect(body.realm_id).toBe(realmId);
      expect(body.name).toBe('api-keys-provisioner-api-roles');
      expect(body.scopes).toEqual(['map-roles']);
      expect(body.client_ids).toEqual([ref(CLIENT, find(platform, CLIENT, 'api/client').key, 'id')]);
      expect(body.policies).toEqual([ref(CLIENT_POLICY, policyKey, 'id')]);
    });

    it("on roles: only map-role, and only on the grant roles and the realm's default role (which exhaustive customer mappings remove)", () => {
      const all = Object.values(resourcesOf(platform, ROLE_PERMISSIONS));
      expect(all).toHaveLength(1);
      const defaultRole = find(platform, ROLE, 'provisioner/default-role', 'data');
      expect(defaultRole.body).toEqual({ '//': defaultRole.body['//'], realm_id: realmId, name: 'default-roles-partners' });
      const { body } = find(platform, ROLE_PERMISSIONS, 'provisioner/roles');
      const grants = Object.keys(PLATFORM.api.roles)
        .sort()
        .map((role) => ref(ROLE, find(platform, ROLE, `role-grants/grant-${role}`).key, 'id'));
      expect(body).toMatchObject({
        realm_id: realmId,
        name: 'api-keys-provisioner-roles',
        scopes: ['map-role'],
        role_ids: [...grants, dataRef(ROLE, defaultRole.key, 'id')],
        policies: [ref(CLIENT_POLICY, policyKey, 'id')],
      });
      // never the API's client roles themselves
      for (const role of Object.keys(PLATFORM.api.roles))
        expect(body.role_ids).not.toContain(ref(ROLE, find(platform, ROLE, `api/role-${role}`).key, 'id'));
    });

    it('are all there is: no other permission or policy in either stack', () => {
      const permissionTypes = (json: SynthJson) =>
        Object.keys(json.resource ?? {})
          .filter((type) => /permission|polic/.test(type))
          .sort();
      expect(permissionTypes(platform)).toEqual([CLIENT_POLICY, CLIENT_PERMISSIONS, ROLE_PERMISSIONS, USERS_PERMISSIONS].sort());
      expect(permissionTypes(synth.customers)).toEqual([]);
    });
  });

  it('looks up the default role by the lowercased realm name', () => {
    // GIVEN a realm name with capitals (Keycloak names the default role in lower case)
    const { platform } = new TestProject({ platform: { ...PLATFORM, realm: { name: 'Partners-EU', create: true } } }).synth();
    expect(find(platform, ROLE, 'provisioner/default-role', 'data').body.name).toBe('default-roles-partners-eu');
  });

  it('takes its client id from provisioner.clientId in platform.yaml', () => {
    // GIVEN a platform that names its provisioning identity
    const p = new TestProject({
      platform: { ...PLATFORM, provisioner: { clientId: 'ci-deployer' } },
      customers: { 'acme.yaml': VALID_CUSTOMER },
    });
    expect(p.load().platform.provisioner).toEqual({ clientId: 'ci-deployer' });
    // WHEN synthesized
    const { platform, customers } = p.synth();
    // THEN the client, and everything granted to it, is that one
    const client = find(platform, CLIENT, 'provisioner/client');
    expect(client.body.client_id).toBe('ci-deployer');
    expect(
      Object.values(resourcesOf(platform, CLIENT))
        .map((c) => c.client_id)
        .sort(),
    ).toEqual(['api-keys-reader', 'ci-deployer', 'orders-api']);
    expect(find(platform, USER_ROLES, 'provisioner/realm-management-roles').body.user_id).toBe(
      ref(CLIENT, client.key, 'service_account_user_id'),
    );
    expect(find(platform, CLIENT_POLICY, 'provisioner/policy').body.clients).toEqual([ref(CLIENT, client.key, 'id')]);
    expect(platform.output?.provisioner_client_id).toEqual({ value: ref(CLIENT, client.key, 'client_id') });
    expect(JSON.stringify(platform)).not.toContain('"client_id":"api-keys-provisioner"');
    // AND the customers stack is the same as without it
    expect(Object.values(resourcesOf(customers, CLIENT)).map((c) => c.client_id)).toEqual(['acme']);
  });

  it('defaults provisioner.clientId to api-keys-provisioner', () => {
    expect(new TestProject().load().platform.provisioner).toEqual({ clientId: 'api-keys-provisioner' });
  });

  it('rejects a provisioner client id that is not a valid client id', () => {
    const problems = new TestProject({ platform: { ...PLATFORM, provisioner: { clientId: 'CI Deployer' } } }).problems();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^platform\.yaml: provisioner\.clientId: /);
  });
});

describe('the read-only identity (platform stack)', () => {
  let platform: SynthJson;
  let realmId: string;
  let reader: { key: string; body: Record<string, any> };

  beforeAll(() => {
    platform = new TestProject({ customers: { 'acme.yaml': VALID_CUSTOMER } }).synth().platform;
    realmId = ref(Realm.tfResourceType, find(platform, Realm.tfResourceType, 'realm/realm').key, 'id');
    reader = find(platform, CLIENT, 'reader/client');
  });

  it('is a confidential client "api-keys-reader" with its service account on and every login flow off', () => {
    expect(reader.body).toMatchObject({
      realm_id: realmId,
      client_id: 'api-keys-reader',
      access_type: 'CONFIDENTIAL',
      service_accounts_enabled: true,
      standard_flow_enabled: false,
      implicit_flow_enabled: false,
      direct_access_grants_enabled: false,
      use_refresh_tokens: false,
      full_scope_allowed: true,
      client_authenticator_type: 'client-jwt',
    });
    expect(platform.output?.reader_client_id).toEqual({ value: ref(CLIENT, reader.key, 'client_id') });
  });

  it("authenticates with a JWT signed by its own key (not the provisioner's), and no secret", () => {
    expectKeyOf(reader.body, 'api-keys-reader');
    expect(reader.body.extra_config['jwks.string']).not.toBe(find(platform, CLIENT, 'provisioner/client').body.extra_config['jwks.string']);
  });

  it('holds exactly view-events and view-realm of realm-management, exhaustively, and no client, user or manage role', () => {
    const held = (find(platform, USER_ROLES, 'reader/realm-management-roles').body.role_ids as string[]).map((id) => {
      const key = /^\$\{data\.keycloak_role\.([^.]+)\.id\}$/.exec(id)![1];
      return dataOf(platform, ROLE)[key].name as string;
    });
    expect(held.sort()).toEqual(['view-events', 'view-realm']);
    expect([...READER_REALM_ROLES].sort()).toEqual(held);
    expect(held.filter((r) => !/^view-/.test(r))).toEqual([]);
    expect(find(platform, USER_ROLES, 'reader/realm-management-roles').body).toMatchObject({
      user_id: ref(CLIENT, reader.key, 'service_account_user_id'),
      exhaustive: true,
    });
  });

  it("is in no fine-grained admin policy and has no permission of its own (one would also stop the provisioner's permission for all clients)", () => {
    const readerRef = ref(CLIENT, reader.key, 'id');
    // the only policies: the provisioner's and the protected clients' "nobody"
    expect(
      Object.values(resourcesOf(platform, CLIENT_POLICY))
        .map((p) => p['//'].metadata.path)
        .sort(),
    ).toEqual(['api-keys-local-platform/protected-clients/nobody', 'api-keys-local-platform/provisioner/policy']);
    for (const policy of Object.values(resourcesOf(platform, CLIENT_POLICY))) expect(policy.clients).not.toContain(readerRef);
    expect(JSON.stringify(platform)).not.toContain('api-keys-reader-');
    // AND nothing below the reader's construct but its client and its realm-management roles
    for (const type of [CLIENT_POLICY, USERS_PERMISSIONS, CLIENT_PERMISSIONS, ROLE_PERMISSIONS])
      expect([type, below(platform, type, 'reader')]).toEqual([type, []]);
  });

  it("shares the provisioner's one lookup of the admin-permissions client (two lookups read in parallel collide in Keycloak)", () => {
    const lookups = Object.values(dataOf(platform, CLIENT)).filter((c) => c.client_id === 'admin-permissions');
    expect(lookups).toHaveLength(1);
  });

  it('takes its client id from reader.clientId in platform.yaml, default api-keys-reader', () => {
    expect(new TestProject().load().platform.reader).toEqual({ clientId: 'api-keys-reader' });
    const { platform: named } = new TestProject({ platform: { ...PLATFORM, reader: { clientId: 'ci-planner' } } }).synth();
    expect(find(named, CLIENT, 'reader/client').body.client_id).toBe('ci-planner');
  });
});

describe('the protected clients (platform stack)', () => {
  let platform: SynthJson;
  let realmId: string;

  beforeAll(() => {
    platform = new TestProject({ customers: { 'acme.yaml': VALID_CUSTOMER } }).synth().platform;
    realmId = ref(Realm.tfResourceType, find(platform, Realm.tfResourceType, 'realm/realm').key, 'id');
  });

  it("reads each of Keycloak's built-in clients by default, so a missing one fails the plan", () => {
    for (const clientId of BUILT_IN_CLIENT_IDS) {
      expect(find(platform, CLIENT, `protected-clients/client-${clientId}`, 'data').body).toMatchObject({
        realm_id: realmId,
        client_id: clientId,
      });
    }
    expect(below(platform, CLIENT, 'protected-clients')).toEqual([]); // nothing of them managed
  });

  it('names the API, both identities, admin-permissions and the looked-up clients in one permission (view, manage) granted through a policy that matches no caller', () => {
    const { body } = find(platform, CLIENT_PERMISSIONS, 'protected-clients/permission');
    const nobody = find(platform, CLIENT_POLICY, 'protected-clients/nobody');
    expect(body).toMatchObject({
      realm_id: realmId,
      name: 'api-keys-provisioner-protected-clients',
      scopes: ['view', 'manage'],
      policies: [ref(CLIENT_POLICY, nobody.key, 'id')],
      decision_strategy: 'UNANIMOUS',
    });
    expect(body.client_ids).toEqual([
      ref(CLIENT, find(platform, CLIENT, 'api/client').key, 'id'),
      ref(CLIENT, find(platform, CLIENT, 'provisioner/client').key, 'id'),
      ref(CLIENT, find(platform, CLIENT, 'reader/client').key, 'id'),
      dataRef(CLIENT, find(platform, CLIENT, 'admin-permissions-client', 'data').key, 'id'),
      ...[...BUILT_IN_CLIENT_IDS]
        .sort()
        .map((c) => dataRef(CLIENT, find(platform, CLIENT, `protected-clients/client-${c}`, 'data').key, 'id')),
    ]);
    // the API too (its own map-roles permission does not keep view and manage from it), made after that permission
    expect(body.depends_on).toEqual([`${CLIENT_PERMISSIONS}.${find(platform, CLIENT_PERMISSIONS, 'provisioner/api-roles').key}`]);
    expect(nobody.body).toMatchObject({
      name: 'api-keys-provisioner-nobody',
      clients: [dataRef(CLIENT, find(platform, CLIENT, 'protected-clients/client-realm-management', 'data').key, 'id')],
    });
  });

  it("protects the realm's clients that buildApp is given (protectedClientIds), and names them after the provisioner's client id", () => {
    const p = new TestProject({ platform: { ...PLATFORM, provisioner: { clientId: 'ci-deployer' } } });
    const { stacks } = build(
      p.root,
      { APIKEYS_STATE_DIR: tempDir('state') },
      {
        parts: ['platform'],
        protectedClientIds: (env) => (env === 'local' ? ['frontend', 'account', 'realm-management'] : undefined),
      },
    );
    const json = stacks['api-keys-local-platform'];
    expect(
      Object.values(dataOf(json, CLIENT))
        .filter((c) => c['//'].metadata.path.startsWith('api-keys-local-platform/protected-clients/'))
        .map((c) => c.client_id)
        .sort(),
    ).toEqual(['account', 'frontend', 'realm-management']);
    expect(find(json, CLIENT_PERMISSIONS, 'protected-clients/permission').body.name).toBe('ci-deployer-protected-clients');
    expect(find(json, CLIENT_POLICY, 'protected-clients/nobody').body.name).toBe('ci-deployer-nobody');
    expect(find(json, CLIENT_PERMISSIONS, 'protected-clients/permission').body.client_ids).toContain(
      dataRef(CLIENT, find(json, CLIENT, 'protected-clients/client-frontend', 'data').key, 'id'),
    );
  });
});
