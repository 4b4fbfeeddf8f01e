import { Construct } from 'constructs';
import { OpenidAudienceProtocolMapper } from '../.gen/providers/keycloak/openid-audience-protocol-mapper';
import { OpenidClientScope } from '../.gen/providers/keycloak/openid-client-scope';
import { IApiRealm } from './api-realm';
import { IBackendApi } from './backend-api';

/** The client scope that puts the API into the audience of customers' tokens, owned here or not. */
export interface IAudienceScope {
  /** The scope's name as written in the platform configuration (plain text). */
  readonly name: string;
  /** The same name as a reference: a client that lists it as a default scope waits for the scope. */
  readonly nameReference: string;
}

/** Settings of the audience scope this project creates and owns. */
export interface AudienceScopeProps {
  /** The realm the scope lives in. */
  readonly realm: IApiRealm;
  /** The API whose client id goes into `aud`. */
  readonly api: IBackendApi;
  /** Client scope name. */
  readonly name: string;
}

/**
 * A client scope whose audience mapper puts the API's client id into the `aud` of access
 * tokens (and of introspection responses), but not of ID tokens. One scope for all customers.
 */
export class AudienceScope extends Construct implements IAudienceScope {
  /**
   * A scope that another stack owns, known by its name only (nothing read, nothing managed):
   * Keycloak shows client scopes only to identities that may view every client, which the
   * read-only identity may not. A missing scope fails the apply that attaches it.
   */
  public static fromName(name: string): IAudienceScope {
    return { name, nameReference: name };
  }

  /** The client scope resource. */
  public readonly scope: OpenidClientScope;
  public readonly name: string;
  public readonly nameReference: string;

  constructor(scope: Construct, id: string, props: AudienceScopeProps) {
    super(scope, id);
    this.name = props.name;
    this.scope = new OpenidClientScope(this, 'scope', {
      realmId: props.realm.realmId,
      name: props.name,
      description: `Puts ${props.api.clientId} in the audience of access tokens`,
      includeInTokenScope: true,
    });
    this.nameReference = this.scope.name;
    new OpenidAudienceProtocolMapper(this, 'audience', {
      realmId: props.realm.realmId,
      clientScopeId: this.scope.id,
      name: 'audience',
      // A reference to the API client, so the mapper is created after it exists.
      includedClientAudience: props.api.clientIdReference,
      addToAccessToken: true,
      addToIdToken: false,
      addToTokenIntrospection: true,
    });
  }
}
