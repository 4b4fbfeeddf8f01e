import { Construct } from 'constructs';
import { OpenidClient } from '../.gen/providers/keycloak/openid-client';
import { Role } from '../.gen/providers/keycloak/role';
import { IBackendApi } from './api-reference';
import { ApiRealm } from './api-realm';
import { literal } from './hcl-literal';
import { NO_LOGIN_FLOWS } from './no-login-flows';

export interface BackendApiProps {
  readonly realm: ApiRealm;
  /** Client id of the API; tokens for customers carry it in `aud`. */
  readonly clientId: string;
  readonly name: string;
  /** @default - no description */
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
  public readonly client: OpenidClient;
  public readonly clientId: string;
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

  /** The catalog role of that name; throws for a name outside the catalog (validation prevents it). */
  public roleId(name: string): string {
    return this.role(name).id;
  }

  public role(name: string): Role {
    const role = this.roles.get(name);
    if (!role) throw new Error(`BackendApi ${this.clientId}: no role "${name}" in the catalog (${[...this.roles.keys()].join(', ')})`);
    return role;
  }
}
