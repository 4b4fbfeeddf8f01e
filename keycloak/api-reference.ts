import { Construct } from 'constructs';
import { DataKeycloakOpenidClient } from '../.gen/providers/keycloak/data-keycloak-openid-client';
import { DataKeycloakOpenidClientScope } from '../.gen/providers/keycloak/data-keycloak-openid-client-scope';
import { DataKeycloakRole } from '../.gen/providers/keycloak/data-keycloak-role';

/** What a customer client needs to know about the API: its client and its roles. */
export interface IBackendApi {
  /** The API's client id (`orders-api`). */
  readonly clientId: string;
  /** The API client's internal id (UUID), as a reference. */
  readonly clientUuid: string;
  /** The internal id of one catalog role, as a reference. */
  roleId(name: string): string;
}

export interface ApiReferenceProps {
  /** The realm name. */
  readonly realm: string;
  readonly clientId: string;
  /** The role catalog (names). */
  readonly roles: readonly string[];
  /** The audience scope's name. */
  readonly audienceScope: string;
}

/**
 * The API, its roles and the audience scope as the customers stack sees them: read from
 * Keycloak (data sources), never managed. They belong to the platform stack, which a
 * privileged identity deploys; the provisioning identity only manages customers.
 */
export class ApiReference extends Construct implements IBackendApi {
  public readonly clientId: string;
  public readonly clientUuid: string;
  /** The audience scope's name, read back so that a missing scope fails the plan early. */
  public readonly audienceScopeName: string;
  private readonly roles = new Map<string, DataKeycloakRole>();

  constructor(scope: Construct, id: string, props: ApiReferenceProps) {
    super(scope, id);
    this.clientId = props.clientId;
    this.clientUuid = new DataKeycloakOpenidClient(this, 'client', { realmId: props.realm, clientId: props.clientId }).id;
    for (const name of [...props.roles].sort()) {
      this.roles.set(name, new DataKeycloakRole(this, `role-${name}`, { realmId: props.realm, clientId: this.clientUuid, name }));
    }
    this.audienceScopeName = new DataKeycloakOpenidClientScope(this, 'audience-scope', {
      realmId: props.realm,
      name: props.audienceScope,
    }).name;
  }

  public roleId(name: string): string {
    const role = this.roles.get(name);
    if (!role) throw new Error(`ApiReference ${this.clientId}: no role "${name}" in the catalog (${[...this.roles.keys()].join(', ')})`);
    return role.id;
  }
}
