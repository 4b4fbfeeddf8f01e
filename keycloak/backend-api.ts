import { Construct } from 'constructs';
import { OpenidClient } from '../.gen/providers/keycloak/openid-client';
import { Role } from '../.gen/providers/keycloak/role';
import { IApiRealm } from './api-realm';
import { literal } from './hcl-literal';
import { NO_LOGIN_FLOWS } from './no-login-flows';

/** The protected API as other constructs need it: its client and its role catalog, owned here or not. */
export interface IBackendApi {
  /** The API's client id (`orders-api`), as plain text: for names, descriptions and messages. */
  readonly clientId: string;
  /** The same client id as a reference: a resource that uses it waits for the API's client. */
  readonly clientIdReference: string;
  /** The API client's internal id (UUID), as a reference. */
  readonly clientUuid: string;
  /** The internal id of one catalog role, as a reference; throws for a name outside the catalog. */
  roleId(name: string): string;
}

/** Settings of the API client this project creates and owns. */
export interface BackendApiProps {
  /** The realm the API lives in. */
  readonly realm: IApiRealm;
  /** Client id of the API; tokens for customers carry it in `aud`. */
  readonly clientId: string;
  /** Display name of the client. */
  readonly name: string;
  /**
   * Description shown in the admin console.
   * @default - no description (written out as an empty string, so one added by hand shows as drift)
   */
  readonly description?: string;
  /** The role catalog: role name -> description. */
  readonly roles: Readonly<Record<string, string>>;
}

/**
 * The protected backend (resource server): a confidential client with every login flow
 * off, so it can authenticate (e.g. for token introspection) but never obtain tokens,
 * and the client roles that customers may be granted.
 */
export class BackendApi extends Construct implements IBackendApi {
  /** The API's client resource. */
  public readonly client: OpenidClient;
  public readonly clientId: string;
  public readonly clientIdReference: string;
  public readonly clientUuid: string;
  private readonly roles = new Map<string, Role>();

  constructor(scope: Construct, id: string, props: BackendApiProps) {
    super(scope, id);
    this.clientId = props.clientId;
    this.client = new OpenidClient(this, 'client', {
      realmId: props.realm.realmId,
      clientId: props.clientId,
      name: literal(props.name),
      description: literal(props.description ?? ''),
      enabled: true,
      accessType: 'CONFIDENTIAL',
      serviceAccountsEnabled: false,
      ...NO_LOGIN_FLOWS,
      fullScopeAllowed: false,
    });
    this.clientIdReference = this.client.clientId;
    this.clientUuid = this.client.id;
    for (const [name, description] of Object.entries(props.roles).sort(([a], [b]) => a.localeCompare(b))) {
      this.roles.set(
        name,
        new Role(this, `role-${name}`, {
          realmId: props.realm.realmId,
          clientId: this.client.id,
          name,
          description: literal(description),
        }),
      );
    }
  }

  public roleId(name: string): string {
    return this.role(name).id;
  }

  /** The catalog role resource of that name; throws for a name outside the catalog (validation prevents it). */
  public role(name: string): Role {
    return roleOf(this.roles, name, `BackendApi ${this.clientId}`);
  }
}

function roleOf(roles: ReadonlyMap<string, Role>, name: string, owner: string): Role {
  const role = roles.get(name);
  if (!role) throw new Error(`${owner}: no role "${name}" in the catalog (${[...roles.keys()].join(', ')})`);
  return role;
}
