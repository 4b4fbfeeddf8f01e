import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { DataKeycloakOpenidClient } from '../.gen/providers/keycloak/data-keycloak-openid-client';
import { DataKeycloakRole } from '../.gen/providers/keycloak/data-keycloak-role';
import { OpenidClient } from '../.gen/providers/keycloak/openid-client';
import { OpenidClientAdminPermissions } from '../.gen/providers/keycloak/openid-client-admin-permissions';
import { OpenidClientClientPolicy } from '../.gen/providers/keycloak/openid-client-client-policy';
import { RoleAdminPermissions } from '../.gen/providers/keycloak/role-admin-permissions';
import { UserRoles } from '../.gen/providers/keycloak/user-roles';
import { UsersAdminPermissions } from '../.gen/providers/keycloak/users-admin-permissions';
import { IApiRealm } from './api-realm';
import { IBackendApi } from './backend-api';
import { NO_LOGIN_FLOWS, NO_REFRESH_TOKENS } from './no-login-flows';
import { DEFAULT_PROVISIONER_CLIENT_ID, DEFAULT_READER_CLIENT_ID } from '../model/platform';

/**
 * A confidential client whose service account is an admin identity holding exactly the given
 * realm-management roles: how both identities of the platform stack are made. Its parts are
 * created in the caller's scope (`client`, `realm-management`, `role-<name>`,
 * `realm-management-roles`), so their state addresses belong to the identity construct.
 */
function adminServiceAccount(
  scope: Construct,
  props: {
    readonly realm: IApiRealm;
    readonly clientId: string;
    readonly name: string;
    readonly description: string;
    readonly realmRoles: readonly string[];
  },
): OpenidClient {
  const { realmId } = props.realm;
  const client = new OpenidClient(scope, 'client', {
    realmId,
    clientId: props.clientId,
    name: props.name,
    description: props.description,
    enabled: true,
    accessType: 'CONFIDENTIAL',
    clientAuthenticatorType: 'client-secret',
    serviceAccountsEnabled: true,
    ...NO_LOGIN_FLOWS,
    ...NO_REFRESH_TOKENS,
    // Its token must carry its realm-management roles for the admin API to honour them;
    // the service account holds exactly those (the mapping below is exhaustive).
    fullScopeAllowed: true,
    accessTokenLifespan: '300',
  });
  const realmManagement = new DataKeycloakOpenidClient(scope, 'realm-management', { realmId, clientId: 'realm-management' });
  new UserRoles(scope, 'realm-management-roles', {
    realmId,
    userId: client.serviceAccountUserId,
    roleIds: props.realmRoles.map(
      (name) => new DataKeycloakRole(scope, `role-${name}`, { realmId, clientId: realmManagement.id, name }).id,
    ),
    exhaustive: true,
  });
  return client;
}

/** Construct id of the stack's one lookup of the `admin-permissions` client. */
const ADMIN_PERMISSIONS_LOOKUP = 'admin-permissions-client';

/**
 * The realm's `admin-permissions` client, the resource server of its fine-grained admin
 * permissions, looked up once per stack (a stack holds one realm's identities). Keycloak
 * creates that client's service-account user on the first read, so two lookups read in
 * parallel by one apply can collide (HTTP 409 "Duplicate resource error").
 */
function adminPermissionsClient(scope: Construct, realmId: string): DataKeycloakOpenidClient {
  const stack = TerraformStack.of(scope);
  const existing = stack.node.tryFindChild(ADMIN_PERMISSIONS_LOOKUP);
  if (existing instanceof DataKeycloakOpenidClient) return existing;
  return new DataKeycloakOpenidClient(stack, ADMIN_PERMISSIONS_LOOKUP, { realmId, clientId: 'admin-permissions' });
}

/**
 * The fine-grained admin policy that names one identity (its service-account client) on the
 * realm's `admin-permissions` client: what its permissions are granted through. Named after
 * the identity's client id.
 */
function identityPolicy(
  scope: Construct,
  realmId: string,
  client: OpenidClient,
  clientId: string,
  description: string,
): OpenidClientClientPolicy {
  return new OpenidClientClientPolicy(scope, 'policy', {
    realmId,
    resourceServerId: adminPermissionsClient(scope, realmId).id,
    name: clientId,
    description,
    clients: [client.id],
    logic: 'POSITIVE',
    decisionStrategy: 'UNANIMOUS',
  });
}

/**
 * Realm-management roles the provisioning identity holds: manage and read clients (the
 * customers, their scopes and scope mappings), read the realm, and read its events (the
 * usage report; `view-events` cannot change the event settings or delete events). No user,
 * realm-settings or role-management rights.
 */
export const PROVISIONER_REALM_ROLES: readonly string[] = ['manage-clients', 'query-clients', 'view-clients', 'view-events', 'view-realm'];

export { DEFAULT_PROVISIONER_CLIENT_ID, DEFAULT_READER_CLIENT_ID };

export interface ProvisioningIdentityProps {
  /**
   * The realm it manages customers in. The realm must have admin permissions (v2) enabled;
   * its name gives the default role (`default-roles-<realm>`) the identity may take away.
   */
  readonly realm: IApiRealm;
  /** The API whose roles (and no others) it may map to customers. */
  readonly api: IBackendApi;
  /**
   * Client id of the identity; its permission policy and permissions are named after it
   * (`<clientId>`, `<clientId>-users`, `<clientId>-api-roles`, `<clientId>-default-role`).
   * @default "api-keys-provisioner" ({@link DEFAULT_PROVISIONER_CLIENT_ID})
   */
  readonly clientId?: string;
}

/**
 * The service account that plans, deploys and checks drift of customers, so that the
 * pipeline never needs an administrator password. Besides the realm-management roles
 * above, fine-grained admin permissions (v2) let it view users and map roles, and map
 * only the API's roles: exactly what giving a customer's service account its roles takes.
 */
export class ProvisioningIdentity extends Construct {
  public readonly client: OpenidClient;

  constructor(scope: Construct, id: string, props: ProvisioningIdentityProps) {
    super(scope, id);
    const { realm, api } = props;
    const { realmId } = realm;
    const clientId = props.clientId ?? DEFAULT_PROVISIONER_CLIENT_ID;
    this.client = adminServiceAccount(this, {
      realm,
      clientId,
      name: 'keycloak-api-keys provisioning identity',
      description: 'Manages customer clients for the pipeline. Secret in the CI secret store only.',
      realmRoles: PROVISIONER_REALM_ROLES,
    });

    const isProvisioner = identityPolicy(this, realmId, this.client, clientId, 'The keycloak-api-keys provisioning identity');
    new UsersAdminPermissions(this, 'users', {
      realmId,
      name: `${clientId}-users`,
      description: "View users and map roles: needed to give customers' service accounts their API roles",
      scopes: ['view', 'map-roles'],
      policies: [isProvisioner.id],
      decisionStrategy: 'UNANIMOUS',
    });
    new OpenidClientAdminPermissions(this, 'api-roles', {
      realmId,
      name: `${clientId}-api-roles`,
      description: 'Map the API roles (and no other client roles)',
      clientIds: [api.clientUuid],
      scopes: ['map-roles'],
      policies: [isProvisioner.id],
      decisionStrategy: 'UNANIMOUS',
    });
    // Keycloak gives every new service account the realm's default role; customers' role
    // mappings are exhaustive, so the provisioner must be able to take that one away.
    const defaultRole = new DataKeycloakRole(this, 'default-role', { realmId, name: `default-roles-${realm.realmName.toLowerCase()}` });
    new RoleAdminPermissions(this, 'default-role-permission', {
      realmId,
      name: `${clientId}-default-role`,
      description: "Remove the realm's default role from customers' service accounts",
      roleIds: [defaultRole.id],
      scopes: ['map-role'],
      policies: [isProvisioner.id],
      decisionStrategy: 'UNANIMOUS',
    });
  }
}

/**
 * Realm-management roles the read-only identity holds: read clients (customers, their
 * scopes, scope mappings and secrets, which the provider reads back), users (customers'
 * service accounts and their role mappings), the realm, and its events (the nightly usage
 * report). Every `manage-*` role is left out, so Keycloak refuses each write it attempts.
 */
export const READER_REALM_ROLES: readonly string[] = [
  'query-clients',
  'view-clients',
  'query-users',
  'view-users',
  'view-realm',
  'view-events',
];

export interface ReadOnlyIdentityProps {
  /** The realm it reads. */
  readonly realm: IApiRealm;
  /**
   * Client id of the identity.
   * @default "api-keys-reader" ({@link DEFAULT_READER_CLIENT_ID})
   */
  readonly clientId?: string;
}

/**
 * The service account that plans changes nobody has reviewed yet (pull requests) and checks
 * drift. It can refresh and plan the customers stack and nothing more: a pull-request plan
 * runs with the pull request's data files, so its credentials must not be able to change
 * Keycloak even if that plan were subverted. Besides the read-only realm-management roles it
 * holds one fine-grained permission that only lets it list every client role at once. It
 * still reads customers' client secrets (refreshing a client reads its secret), so its
 * secret belongs in the secret store too.
 */
export class ReadOnlyIdentity extends Construct {
  public readonly client: OpenidClient;

  constructor(scope: Construct, id: string, props: ReadOnlyIdentityProps) {
    super(scope, id);
    this.client = adminServiceAccount(this, {
      realm: props.realm,
      clientId: props.clientId ?? DEFAULT_READER_CLIENT_ID,
      name: 'keycloak-api-keys read-only identity',
      description: 'Plans pull requests and checks drift; cannot change anything. Secret in the CI secret store only.',
      realmRoles: READER_REALM_ROLES,
    });
    const realmId = props.realm.realmId;
    const clientId = props.clientId ?? DEFAULT_READER_CLIENT_ID;
    // Keycloak lists every client role of the realm in one paged call (the admin console's
    // role picker, `ui-ext/available-roles/clients/<id>`) only to an identity that may put
    // roles of every client into a client's scope. Without that list the bulk check behind
    // fast plans and drift reads each customer's role mappings, one request per customer.
    // The permission alone writes nothing: changing a client's or a client scope's scope
    // mappings also takes `manage` (or `configure`) on it, which this identity never gets
    // (reader.test.ts tries both).
    const isReader = identityPolicy(this, realmId, this.client, clientId, 'The keycloak-api-keys read-only identity');
    new OpenidClientAdminPermissions(this, 'list-client-roles', {
      realmId,
      name: `${clientId}-list-client-roles`,
      description: 'Lets the read-only identity list every client role at once; it still cannot change any scope mapping',
      scopes: ['map-roles-client-scope'],
      policies: [isReader.id],
      decisionStrategy: 'UNANIMOUS',
    });
  }
}
