import { Construct } from 'constructs';
import { DataKeycloakRole } from '../.gen/providers/keycloak/data-keycloak-role';
import { Role } from '../.gen/providers/keycloak/role';
import { IApiRealm } from './api-realm';
import { IBackendApi } from './backend-api';
import { MARKER_ATTRIBUTE } from './marker';

/**
 * The name of the realm role through which customers hold one API role:
 * `<api client id>-grant-<role>` (`orders-api-grant-orders:read`), derived from platform.yaml.
 */
export function roleGrantName(apiClientId: string, role: string): string {
  return `${apiClientId}-grant-${role}`;
}

/** The API's grant roles as a customer client needs them, owned here or not. */
export interface IApiRoleGrants {
  /** The internal id of the grant role of `role`, as a reference; throws for a name outside the catalog. */
  roleId(role: string): string;
}

/** Settings of the grant roles this project creates and owns. */
export interface ApiRoleGrantsProps {
  /** The realm the roles live in. */
  readonly realm: IApiRealm;
  /** The API whose catalog roles get a grant role each. */
  readonly api: IBackendApi;
  /** The role catalog (names). */
  readonly roles: readonly string[];
  /**
   * The platform stack's name, written into each role's \`api-keys.stack\` attribute: how a
   * platform plan that lost its state knows the roles as its own and adopts them.
   * @default - no marker
   */
  readonly marker?: string;
}

/** What {@link ApiRoleGrants.fromLookup} reads. */
export interface ApiRoleGrantsLookupProps {
  /** The realm the roles live in. */
  readonly realm: IApiRealm;
  /** Client id of the API (plain text: the role names derive from it). */
  readonly apiClientId: string;
  /** The role catalog (names); each grant role is read, so a platform without it fails the plan early. */
  readonly roles: readonly string[];
}

/**
 * One realm role per API role, a composite of exactly that client role. Customers' service
 * accounts hold these instead of the API's client roles, so that the provisioning identity
 * never has to read the API client: Keycloak shows a client's roles only to an identity that
 * may view the client, and viewing a client includes its secret. Holding the grant role gives
 * the API role (composites are effective roles); tokens still carry only the client role,
 * through the role's client scope, because customers have `full_scope_allowed` off.
 */
export class ApiRoleGrants extends Construct implements IApiRoleGrants {
  /**
   * Grant roles that another stack owns, read with one data source each (`<id>-<role>` in
   * `scope`), never managed. Reading a realm role needs `view-realm` only.
   */
  public static fromLookup(scope: Construct, id: string, props: ApiRoleGrantsLookupProps): IApiRoleGrants {
    const ids = new Map<string, string>();
    for (const role of [...props.roles].sort()) {
      const read = new DataKeycloakRole(scope, `${id}-${role}`, {
        realmId: props.realm.realmId,
        name: roleGrantName(props.apiClientId, role),
      });
      ids.set(role, read.id);
    }
    return { roleId: (role) => idOf(ids, role, `ApiRoleGrants.fromLookup ${props.apiClientId}`) };
  }

  /** The realm role resource of each catalog role. */
  public readonly roles = new Map<string, Role>();
  private readonly apiClientId: string;

  constructor(scope: Construct, id: string, props: ApiRoleGrantsProps) {
    super(scope, id);
    this.apiClientId = props.api.clientId;
    for (const role of [...props.roles].sort()) {
      this.roles.set(
        role,
        new Role(this, `grant-${role}`, {
          realmId: props.realm.realmId,
          name: roleGrantName(props.api.clientId, role),
          description: `Grants ${props.api.clientId}'s role ${role} to the customers that hold it (keycloak-api-keys)`,
          compositeRoles: [props.api.roleId(role)],
          ...(props.marker ? { attributes: { [MARKER_ATTRIBUTE]: props.marker } } : {}),
        }),
      );
    }
  }

  public roleId(role: string): string {
    const grant = this.roles.get(role);
    if (!grant)
      throw new Error(`ApiRoleGrants ${this.apiClientId}: no role "${role}" in the catalog (${[...this.roles.keys()].join(', ')})`);
    return grant.id;
  }
}

function idOf(ids: ReadonlyMap<string, string>, role: string, owner: string): string {
  const id = ids.get(role);
  if (!id) throw new Error(`${owner}: no role "${role}" in the catalog (${[...ids.keys()].join(', ')})`);
  return id;
}
