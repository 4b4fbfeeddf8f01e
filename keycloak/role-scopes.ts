import { Construct } from 'constructs';
import { GenericRoleMapper } from '../.gen/providers/keycloak/generic-role-mapper';
import { OpenidClientScope } from '../.gen/providers/keycloak/openid-client-scope';
import { IApiRealm } from './api-realm';
import { IBackendApi } from './backend-api';

/**
 * The name of the client scope that lets one API role into tokens: `<api client id>-role-<role>`
 * (`orders-api-role-orders:read`), derived from platform.yaml, so two APIs in one realm never
 * share one.
 */
export function roleScopeName(apiClientId: string, role: string): string {
  return `${apiClientId}-role-${role}`;
}

/** Whether a client scope name is the role scope of that role (of any API). */
export function isRoleScopeOf(scopeName: string, role: string): boolean {
  return scopeName.endsWith(`-role-${role}`);
}

/** The API's role scopes as a customer client needs them, owned here or not. */
export interface IApiRoleScopes {
  /**
   * The name of the scope that lets `role` into tokens, as a reference: a client that lists it
   * as a default scope waits for the scope. Throws for a name outside the catalog.
   */
  nameReference(role: string): string;
}

/** Settings of the role scopes this project creates and owns. */
export interface ApiRoleScopesProps {
  /** The realm the scopes live in. */
  readonly realm: IApiRealm;
  /** The API whose catalog roles get a scope each. */
  readonly api: IBackendApi;
  /** The role catalog (names). */
  readonly roles: readonly string[];
}

/** What {@link ApiRoleScopes.fromNames} needs. */
export interface ApiRoleScopesNamesProps {
  /** Client id of the API (plain text: the scope names derive from it). */
  readonly apiClientId: string;
  /** The role catalog (names). */
  readonly roles: readonly string[];
}

/**
 * One client scope per API role, each holding the scope mapping of its role and nothing else
 * (no protocol mappers, not named in the token's `scope` claim). A customer client with
 * `full_scope_allowed = false` lets a role into its tokens when one of its default scopes maps
 * it, so a customer has the scope of each granted role as a default scope instead of scope
 * mappings of its own. Tokens are the same (Keycloak joins a client's own scope mappings with
 * those of its client scopes), and a customer costs a default-scope attachment per role instead
 * of a mapping resource that the engine creates, reads back and refreshes one by one.
 */
export class ApiRoleScopes extends Construct implements IApiRoleScopes {
  /**
   * Role scopes that another stack owns, known by their names only (nothing read, nothing
   * managed): Keycloak shows client scopes only to identities that may view every client,
   * which the read-only identity may not. A missing scope fails the apply that attaches it;
   * the grant roles ({@link ApiRoleGrants.fromLookup}) fail the plan earlier.
   */
  public static fromNames(props: ApiRoleScopesNamesProps): IApiRoleScopes {
    const names = new Map(props.roles.map((role) => [role, roleScopeName(props.apiClientId, role)]));
    return { nameReference: (role) => referenceOf(names, role, `ApiRoleScopes.fromNames ${props.apiClientId}`) };
  }

  /** The client scope resource of each role. */
  public readonly scopes = new Map<string, OpenidClientScope>();
  private readonly apiClientId: string;

  constructor(scope: Construct, id: string, props: ApiRoleScopesProps) {
    super(scope, id);
    this.apiClientId = props.api.clientId;
    for (const role of [...props.roles].sort()) {
      const clientScope = new OpenidClientScope(this, `scope-${role}`, {
        realmId: props.realm.realmId,
        name: roleScopeName(props.api.clientId, role),
        description: `Lets the ${props.api.clientId} role ${role} into the tokens of clients that hold it`,
        // Not in the `scope` claim: tokens stay exactly as they were with per-client mappings.
        includeInTokenScope: false,
      });
      new GenericRoleMapper(this, `mapping-${role}`, {
        realmId: props.realm.realmId,
        clientScopeId: clientScope.id,
        roleId: props.api.roleId(role),
      });
      this.scopes.set(role, clientScope);
    }
  }

  public nameReference(role: string): string {
    const scope = this.scopes.get(role);
    if (!scope)
      throw new Error(`ApiRoleScopes ${this.apiClientId}: no role "${role}" in the catalog (${[...this.scopes.keys()].join(', ')})`);
    return scope.name;
  }
}

function referenceOf(names: ReadonlyMap<string, string>, role: string, owner: string): string {
  const name = names.get(role);
  if (!name) throw new Error(`${owner}: no role "${role}" in the catalog (${[...names.keys()].join(', ')})`);
  return name;
}
