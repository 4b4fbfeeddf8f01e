import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { DataKeycloakOpenidClient } from '../.gen/providers/keycloak/data-keycloak-openid-client';
import { OpenidClientAdminPermissions } from '../.gen/providers/keycloak/openid-client-admin-permissions';
import { adminPermissionsClient, clientPolicy } from './admin-permissions';
import { IApiRealm } from './api-realm';
import { RESERVED_CLIENT_IDS } from '../model/platform-rules';

/** The clients Keycloak 26 makes in every realm (besides `admin-permissions`, which is looked up once per stack). */
export const BUILT_IN_CLIENT_IDS: readonly string[] = RESERVED_CLIENT_IDS;

/** The parts of a client representation that tell a login client from a machine credential. */
export interface ClientShape {
  readonly clientId?: string;
  readonly publicClient?: boolean;
  readonly bearerOnly?: boolean;
  readonly standardFlowEnabled?: boolean;
  readonly implicitFlowEnabled?: boolean;
  readonly directAccessGrantsEnabled?: boolean;
  readonly serviceAccountsEnabled?: boolean;
  readonly redirectUris?: readonly string[];
  readonly attributes?: Readonly<Record<string, unknown>>;
}

/**
 * Why a client is one that people (or browsers) use; undefined for a confidential client with
 * every login flow off and no redirect URI. What adoption and the protected-client list go
 * by: a customer file must never take over such a client.
 */
export function loginClientReason(c: ClientShape): string | undefined {
  if (c.publicClient) return 'it is a public client';
  if (c.bearerOnly) return 'it is bearer-only';
  if (c.standardFlowEnabled) return 'its browser (authorization code) flow is on';
  if (c.implicitFlowEnabled) return 'its implicit flow is on';
  if (c.directAccessGrantsEnabled) return 'its password (direct access) grant is on';
  if (String(c.attributes?.['oauth2.device.authorization.grant.enabled']) === 'true') return 'its device flow is on';
  if (String(c.attributes?.['oidc.ciba.grant.enabled']) === 'true') return 'its CIBA flow is on';
  if ((c.redirectUris ?? []).length > 0) return `it has redirect URIs (${c.redirectUris!.slice(0, 2).join(', ')})`;
  return undefined;
}

export interface ProtectedClientsProps {
  /** The realm the clients live in. */
  readonly realm: IApiRealm;
  /** Clients of this stack to protect, as internal ids (references). */
  readonly clients: readonly string[];
  /** Other clients of the realm to protect, by client id; each is read with a data source, so a missing one fails the plan. */
  readonly clientIds: readonly string[];
  /**
   * Prefix of the permission's and policy's names (`<prefix>-protected-clients`, `<prefix>-nobody`).
   * The provisioning identity's client id, so two projects sharing a realm keep theirs apart.
   */
  readonly namePrefix: string;
  /**
   * Resources to create first: other permissions that name one of these clients. Keycloak makes
   * a client's permission resource when the first permission names it, and two permissions
   * naming one client created at once collide (HTTP 409 "Duplicate resource error").
   * @default - none
   */
  readonly after?: readonly ITerraformDependable[];
}

/**
 * Keeps the provisioning identity's "every client" permission away from the given clients.
 * Keycloak's fine-grained admin permissions (v2, measured on 26.7.3) consider a permission for
 * all clients, for one scope of one client, only when no permission naming that client has
 * that scope; where some do, each of them must grant the caller. So one permission naming
 * these clients with `view` and `manage`, granted through a policy that matches no caller (the
 * bearer-only `realm-management` client, which can never obtain a token), leaves them to
 * Keycloak's admin roles alone: an administrator still manages them, the pipeline identities
 * cannot view, change, re-key or delete them. A permission for another scope (the API's
 * `map-roles` for the provisioner) still works beside it.
 */
export class ProtectedClients extends Construct {
  /** The permission resource. */
  public readonly permission: OpenidClientAdminPermissions;

  constructor(scope: Construct, id: string, props: ProtectedClientsProps) {
    super(scope, id);
    const { realmId } = props.realm;
    const lookups = new Map<string, DataKeycloakOpenidClient>();
    // `admin-permissions` is named through the stack's one lookup of it (see adminPermissionsClient).
    for (const clientId of [...new Set(props.clientIds)].filter((c) => c !== 'admin-permissions').sort()) {
      lookups.set(clientId, new DataKeycloakOpenidClient(this, `client-${clientId}`, { realmId, clientId }));
    }
    const realmManagement =
      lookups.get('realm-management') ??
      new DataKeycloakOpenidClient(this, 'client-realm-management', { realmId, clientId: 'realm-management' });
    const nobody = clientPolicy(this, 'nobody', {
      realmId,
      name: `${props.namePrefix}-nobody`,
      description: 'Matches no caller (realm-management is bearer-only): what the protected-clients permission is granted through',
      clients: [realmManagement.id],
    });
    this.permission = new OpenidClientAdminPermissions(this, 'permission', {
      realmId,
      name: `${props.namePrefix}-protected-clients`,
      description: 'Clients that are not customers: no pipeline identity may view, change, re-key or delete them',
      clientIds: [...props.clients, adminPermissionsClient(this, realmId).id, ...[...lookups.values()].map((c) => c.id)],
      scopes: ['view', 'manage'],
      policies: [nobody.id],
      decisionStrategy: 'UNANIMOUS',
      dependsOn: props.after ? [...props.after] : undefined,
    });
  }
}
