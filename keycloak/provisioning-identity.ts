import { Construct } from 'constructs';
import { DataKeycloakOpenidClient } from '../.gen/providers/keycloak/data-keycloak-openid-client';
import { DataKeycloakRole } from '../.gen/providers/keycloak/data-keycloak-role';
import { OpenidClient } from '../.gen/providers/keycloak/openid-client';
import { OpenidClientAdminPermissions } from '../.gen/providers/keycloak/openid-client-admin-permissions';
import { RoleAdminPermissions } from '../.gen/providers/keycloak/role-admin-permissions';
import { UserRoles } from '../.gen/providers/keycloak/user-roles';
import { UsersAdminPermissions } from '../.gen/providers/keycloak/users-admin-permissions';
import { clientPolicy } from './admin-permissions';
import { IApiRealm } from './api-realm';
import { IBackendApi } from './backend-api';
import { ClientAuthentication } from './client-authentication';
import { NO_LOGIN_FLOWS, NO_REFRESH_TOKENS } from './no-login-flows';
import { IApiRoleGrants } from './role-grants';
import { DEFAULT_PROVISIONER_CLIENT_ID, DEFAULT_READER_CLIENT_ID } from '../model/platform';
import { MARKER_ATTRIBUTE } from './marker';

/**
 * A confidential client whose service account is an admin identity holding exactly the given
 * realm-management roles, and that authenticates with a JWT signed by its own private key
 * (`private_key_jwt`): reading the client shows only the public key, so no admin-API read
 * gives anyone its credentials. How both identities of the platform stack are made. Its parts
 * are created in the caller's scope (`client`, `realm-management`, `role-<name>`,
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
    readonly publicKey: string;
    readonly marker?: string;
  },
): OpenidClient {
  const { realmId } = props.realm;
  const authentication = ClientAuthentication.privateKeyJwt({ publicKey: props.publicKey });
  const client = new OpenidClient(scope, 'client', {
    realmId,
    clientId: props.clientId,
    name: props.name,
    description: props.description,
    enabled: true,
    accessType: 'CONFIDENTIAL',
    clientAuthenticatorType: authentication.authenticatorType,
    extraConfig: { ...authentication.attributes, ...(props.marker ? { [MARKER_ATTRIBUTE]: props.marker } : {}) },
    serviceAccountsEnabled: true,
    ...NO_LOGIN_FLOWS,
    ...NO_REFRESH_TOKENS,
    // Its token must carry its realm-management roles for the admin API to honour them;
    // the service account holds exactly those (the mapping is exhaustive).
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

/**
 * Realm-management roles the provisioning identity holds: list clients (Keycloak still shows
 * it only the ones it may view), read the realm (the grant roles) and its events (the usage
 * report; `view-events` cannot change the event settings or delete events). No client, user,
 * realm-settings or role-management role: each of those would switch Keycloak's fine-grained
 * evaluation off for it and reach every client of the realm (`manage-clients` or
 * `view-clients` reach the company's login clients and read every secret).
 */
export const PROVISIONER_REALM_ROLES: readonly string[] = ['query-clients', 'view-events', 'view-realm'];

export { DEFAULT_PROVISIONER_CLIENT_ID, DEFAULT_READER_CLIENT_ID };

export interface ProvisioningIdentityProps {
  /**
   * The realm it manages customers in. The realm must have admin permissions (v2) enabled;
   * its name gives the default role (`default-roles-<realm>`) the identity may take away.
   */
  readonly realm: IApiRealm;
  /** The API: the one client whose roles (and no others) it may map, for customers made before the grant roles. */
  readonly api: IBackendApi;
  /** The grant roles it gives customers' service accounts (and no other realm role but the default one, which it takes away). */
  readonly grants: IApiRoleGrants;
  /** The catalog (role names), whose grant roles it may map. */
  readonly roles: readonly string[];
  /**
   * The identity's public key (PEM, SPKI); the pipeline holds the private key and signs its
   * client assertions with it (`private_key_jwt`).
   */
  readonly publicKey: string;
  /**
   * Client id of the identity; its permission policy and permissions are named after it
   * (`<clientId>`, `<clientId>-customers`, `<clientId>-users`, `<clientId>-api-roles`,
   * `<clientId>-roles`).
   * @default "api-keys-provisioner" ({@link DEFAULT_PROVISIONER_CLIENT_ID})
   */
  readonly clientId?: string;
  /**
   * The platform stack's name, written into the client's \`api-keys.stack\` attribute: how a
   * platform plan that lost its state knows the client as its own and adopts it.
   * @default - no marker
   */
  readonly marker?: string;
}

/**
 * The service account that deploys customers and checks their drift, so that the pipeline
 * never needs an administrator password. Fine-grained admin permissions (v2) give it exactly
 * what customers take: view and manage every client that no other permission names (the
 * customers; {@link ProtectedClients} names every other client of the realm, the API
 * included), view users and map roles to them, map the grant roles and take
 * away the realm's default role, and map the API's client roles (so that a deploy can remove
 * an API role that a customer's service account holds directly).
 */
export class ProvisioningIdentity extends Construct {
  public readonly client: OpenidClient;
  /** The fine-grained policy that matches this identity. */
  public readonly policyId: string;
  /** Its permission on the API client (`map-roles`). */
  public readonly apiRoles: OpenidClientAdminPermissions;

  constructor(scope: Construct, id: string, props: ProvisioningIdentityProps) {
    super(scope, id);
    const { realm, api, grants } = props;
    const { realmId } = realm;
    const clientId = props.clientId ?? DEFAULT_PROVISIONER_CLIENT_ID;
    this.client = adminServiceAccount(this, {
      realm,
      clientId,
      name: 'keycloak-api-keys provisioning identity',
      description: 'Manages customer clients for the pipeline. Authenticates with a key only the pipeline holds.',
      realmRoles: PROVISIONER_REALM_ROLES,
      publicKey: props.publicKey,
      marker: props.marker,
    });

    const isProvisioner = clientPolicy(this, 'policy', {
      realmId,
      name: clientId,
      description: 'The keycloak-api-keys provisioning identity',
      clients: [this.client.id],
    });
    this.policyId = isProvisioner.id;
    // Keycloak consults a permission for all clients, for a scope of a client, only where no
    // permission naming that client has that scope (ProtectedClients names every other client
    // with view and manage), and two such permissions for different callers deny both: so this
    // is the one permission for all clients in the realm.
    new OpenidClientAdminPermissions(this, 'customers', {
      realmId,
      name: `${clientId}-customers`,
      description: 'View, create, change and delete the clients that no other permission names: the customers',
      scopes: ['view', 'manage'],
      policies: [isProvisioner.id],
      decisionStrategy: 'UNANIMOUS',
    });
    // Map the API's roles; view and manage of the API are kept away by ProtectedClients.
    this.apiRoles = new OpenidClientAdminPermissions(this, 'api-roles', {
      realmId,
      name: `${clientId}-api-roles`,
      description: "Map the API's client roles (not view, change or re-key the API client)",
      clientIds: [api.clientUuid],
      scopes: ['map-roles'],
      policies: [isProvisioner.id],
      decisionStrategy: 'UNANIMOUS',
    });
    new UsersAdminPermissions(this, 'users', {
      realmId,
      name: `${clientId}-users`,
      description: "View users and map roles: needed to give customers' service accounts their grant roles",
      scopes: ['view', 'map-roles'],
      policies: [isProvisioner.id],
      decisionStrategy: 'UNANIMOUS',
    });
    // Keycloak gives every new service account the realm's default role; customers' role
    // mappings are exhaustive, so the provisioner must be able to take that one away.
    const defaultRole = new DataKeycloakRole(this, 'default-role', { realmId, name: `default-roles-${realm.realmName.toLowerCase()}` });
    new RoleAdminPermissions(this, 'roles', {
      realmId,
      name: `${clientId}-roles`,
      description: "Map the grant roles to customers' service accounts, and take the realm's default role away",
      roleIds: [...[...props.roles].sort().map((role) => grants.roleId(role)), defaultRole.id],
      scopes: ['map-role'],
      policies: [isProvisioner.id],
      decisionStrategy: 'UNANIMOUS',
    });
  }
}

/**
 * Realm-management roles the read-only identity holds: read the realm (the grant roles that a
 * pull-request plan reads) and its events (the usage report). Nothing else: Keycloak cannot
 * let it read customers without also letting it read every other client of the realm, secrets
 * included, or without giving it the provisioner's rights over customers (SECURITY.md), so it
 * plans against the recorded state and never reads a client.
 */
export const READER_REALM_ROLES: readonly string[] = ['view-events', 'view-realm'];

export interface ReadOnlyIdentityProps {
  /** The realm it reads. */
  readonly realm: IApiRealm;
  /** The identity's public key (PEM, SPKI), as for {@link ProvisioningIdentityProps.publicKey}. */
  readonly publicKey: string;
  /**
   * Client id of the identity.
   * @default "api-keys-reader" ({@link DEFAULT_READER_CLIENT_ID})
   */
  readonly clientId?: string;
  /**
   * The platform stack's name, written into the client's \`api-keys.stack\` attribute: how a
   * platform plan that lost its state knows the client as its own and adopts it.
   * @default - no marker
   */
  readonly marker?: string;
}

/**
 * The service account that plans changes nobody has reviewed yet (pull requests) and reads
 * the usage report. A pull-request plan runs with the pull request's data files, so this
 * identity can change nothing and read no client at all: not a customer, not the API, not the
 * identities. It plans the customers stack against the recorded state (no refresh), reading
 * only the grant roles.
 */
export class ReadOnlyIdentity extends Construct {
  public readonly client: OpenidClient;

  constructor(scope: Construct, id: string, props: ReadOnlyIdentityProps) {
    super(scope, id);
    this.client = adminServiceAccount(this, {
      realm: props.realm,
      clientId: props.clientId ?? DEFAULT_READER_CLIENT_ID,
      name: 'keycloak-api-keys read-only identity',
      description: 'Plans pull requests against the recorded state; reads no client and changes nothing. Authenticates with a key.',
      realmRoles: READER_REALM_ROLES,
      publicKey: props.publicKey,
      marker: props.marker,
    });
  }
}
