import { Construct } from 'constructs';
import { OpenidAudienceProtocolMapper } from '../.gen/providers/keycloak/openid-audience-protocol-mapper';
import { OpenidClientScope } from '../.gen/providers/keycloak/openid-client-scope';
import { ApiRealm } from './api-realm';
import { BackendApi } from './backend-api';

export interface AudienceScopeProps {
  readonly realm: ApiRealm;
  /** The API whose client id goes into `aud`. */
  readonly api: BackendApi;
  /** Client scope name. */
  readonly name: string;
}

/**
 * A client scope whose audience mapper puts the API's client id into the `aud` of access
 * tokens (and of introspection responses), but not of ID tokens. One scope for all customers.
 */
export class AudienceScope extends Construct {
  public readonly scope: OpenidClientScope;
  public readonly name: string;

  constructor(scope: Construct, id: string, props: AudienceScopeProps) {
    super(scope, id);
    this.name = props.name;
    this.scope = new OpenidClientScope(this, 'scope', {
      realmId: props.realm.realmId,
      name: props.name,
      description: `Puts ${props.api.clientId} in the audience of access tokens`,
      includeInTokenScope: true,
    });
    new OpenidAudienceProtocolMapper(this, 'audience', {
      realmId: props.realm.realmId,
      clientScopeId: this.scope.id,
      name: 'audience',
      // A reference to the API client, so the mapper is created after it exists.
      includedClientAudience: props.api.client.clientId,
      addToAccessToken: true,
      addToIdToken: false,
      addToTokenIntrospection: true,
    });
  }
}
