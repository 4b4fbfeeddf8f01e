import { Construct } from 'constructs';
import { DataKeycloakOpenidClient } from '../.gen/providers/keycloak/data-keycloak-openid-client';
import { DataKeycloakRole } from '../.gen/providers/keycloak/data-keycloak-role';
import { OpenidClient } from '../.gen/providers/keycloak/openid-client';
import { Role } from '../.gen/providers/keycloak/role';
import { IApiRealm } from './api-realm';
import { literal } from './hcl-literal';
import { NO_LOGIN_FLOWS } from './no-login-flows';
import { MARKER_ATTRIBUTE } from './marker';

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
  /**
   * Display name of the client.
   * @default - the client id
   */
  readonly name?: string;
  /**
   * Description shown in the admin console.
   * @default - no description (written out as an empty string, so one added by hand shows as drift)
   */
  readonly description?: string;
  /** The role catalog: role name -> description. */
  readonly roles: Readonly<Record<string, string>>;
  /**
   * The platform stack's name, written into the client's and its roles' \`api-keys.stack\` attribute: how a
   * platform plan that lost its state knows them as its own and adopts them.
   * @default - no marker
   */
  readonly marker?: string;
}

/** An API client that exists already and is managed elsewhere: its realm, client id and the catalog roles it must have. */
export interface ExistingBackendApiProps {
  readonly realm: IApiRealm;
  readonly clientId: string;
  /** The catalog's role names; each must exist on the client (a missing one fails the read). */
  readonly roles: readonly string[];
}

/**
 * The protected backend (resource server): a confidential client with every login flow
 * off, so it can authenticate (e.g. for token introspection) but never obtain tokens,
 * and the client roles that customers may be granted. A backend managed elsewhere is
 * referenced with {@link BackendApi.fromExisting}.
 */
export class BackendApi extends Construct implements IBackendApi {
  /**
   * The company's own backend client and the catalog roles on it, read with data sources and
   * never changed: not its settings, its secret or its roles. Roles of the client that the
   * catalog does not list are not read at all.
   */
  public static fromExisting(scope: Construct, id: string, props: ExistingBackendApiProps): IBackendApi {
    return new ExistingBackendApi(scope, id, props);
  }

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
      name: literal(props.name ?? props.clientId),
      description: literal(props.description ?? ''),
      enabled: true,
      accessType: 'CONFIDENTIAL',
      serviceAccountsEnabled: false,
      ...NO_LOGIN_FLOWS,
      fullScopeAllowed: false,
      ...(props.marker ? { extraConfig: { [MARKER_ATTRIBUTE]: props.marker } } : {}),
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
          ...(props.marker ? { attributes: { [MARKER_ATTRIBUTE]: props.marker } } : {}),
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

/** A backend client managed elsewhere: data sources only. */
class ExistingBackendApi extends Construct implements IBackendApi {
  public readonly clientId: string;
  public readonly clientIdReference: string;
  public readonly clientUuid: string;
  private readonly roles = new Map<string, DataKeycloakRole>();

  constructor(scope: Construct, id: string, props: ExistingBackendApiProps) {
    super(scope, id);
    this.clientId = props.clientId;
    const client = new DataKeycloakOpenidClient(this, 'client', { realmId: props.realm.realmId, clientId: props.clientId });
    this.clientIdReference = client.clientId;
    this.clientUuid = client.id;
    for (const name of [...props.roles].sort((a, b) => a.localeCompare(b))) {
      this.roles.set(name, new DataKeycloakRole(this, `role-${name}`, { realmId: props.realm.realmId, clientId: client.id, name }));
    }
  }

  public roleId(name: string): string {
    return roleOf(this.roles, name, `BackendApi ${this.clientId} (existing)`).id;
  }
}

function roleOf<R>(roles: ReadonlyMap<string, R>, name: string, owner: string): R {
  const role = roles.get(name);
  if (!role) throw new Error(`${owner}: no role "${name}" in the catalog (${[...roles.keys()].join(', ')})`);
  return role;
}
