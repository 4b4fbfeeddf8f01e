import { Construct } from 'constructs';
import { OpenidClient } from '../.gen/providers/keycloak/openid-client';
import { OpenidClientDefaultScopes } from '../.gen/providers/keycloak/openid-client-default-scopes';
import { UserRoles } from '../.gen/providers/keycloak/user-roles';
import { IApiRealm } from './api-realm';
import { IAudienceScope } from './audience-scope';
import { ClientAuthentication } from './client-authentication';
import { CLIENT_RESOURCE_ID } from './customer-id';
import { literal } from './hcl-literal';
import { NO_LOGIN_FLOWS, NO_REFRESH_TOKENS } from './no-login-flows';
import { IApiRoleGrants } from './role-grants';
import { IApiRoleScopes } from './role-scopes';
import { MARKER_ATTRIBUTE } from './marker';

export { MARKER_ATTRIBUTE };

/**
 * Built-in client scopes a customer's tokens need besides the audience scope:
 * `basic` carries `sub` (Keycloak 25+), `roles` puts the granted API roles in
 * `resource_access`, and `service_account` adds `client_id` (plus `clientHost` and
 * `clientAddress`, where the token request came from). Everything else Keycloak would attach
 * by default (profile, email, web-origins, acr, organization...) is left off.
 *
 * Why `service_account` is declared rather than detached: Keycloak (26.1+) attaches it again
 * every time a service-account client is updated, after the default-scopes resource has
 * run, so detaching it made every description or enabled change leave drift behind that
 * only a second deploy cleared. Its claims are harmless for machine tokens: `client_id` is
 * the claim RFC 9068 expects in JWT access tokens (the API can use it instead of `azp`), and
 * the request's address is the customer's own, which the API sees on every call anyway.
 */
export const BUILT_IN_DEFAULT_SCOPES: readonly string[] = ['basic', 'roles', 'service_account'];

/** Client attribute that records the customer's technical contact. */
export const CONTACT_ATTRIBUTE = 'api-keys.contact';
/** Client attribute that records the expiry date (for people reading the admin console). */
export const EXPIRES_ATTRIBUTE = 'api-keys.expires';
/**
 * Client attribute naming the customer's rotation grace period; the platform's client
 * policy for that period matches on it (see secret-rotation-policies.ts).
 */
export const GRACE_PERIOD_ATTRIBUTE = 'api-keys.secret-grace-period';

export interface CustomerClientProps {
  /** The realm the client lives in. */
  readonly realm: IApiRealm;
  /**
   * The API's grant roles: the customer's service account holds the grant role of each granted
   * API role (a realm role that is a composite of it), never the client role itself.
   */
  readonly grants: IApiRoleGrants;
  /** The scope that puts the API into the audience of the customer's tokens. */
  readonly audienceScope: IAudienceScope;
  /** The API's role scopes: the scope of each granted role lets that role into the customer's tokens. */
  readonly roleScopes: IApiRoleScopes;
  /** Keycloak client id (the customer file's name). */
  readonly clientId: string;
  /** Display name of the client. */
  readonly name: string;
  /** Email address of the customer's technical contact, recorded as a client attribute. */
  readonly contact: string;
  /**
   * Description shown in the admin console.
   * @default - no description (written out as an empty string, so one added by hand shows as drift)
   */
  readonly description?: string;
  /**
   * Whether the client may obtain tokens. A disabled client keeps its secret and history
   * (an expired key is disabled, not deleted, so that a renewal keeps its secret).
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Roles of the API granted to the customer's service account and allowed into its tokens.
   * @default - none: tokens carry no API role
   */
  readonly roles?: readonly string[];
  /** Access-token lifespan in seconds. */
  readonly accessTokenLifespan: number;
  /**
   * How the client authenticates at the token endpoint.
   * @default ClientAuthentication.secret()
   */
  readonly authentication?: ClientAuthentication;
  /**
   * Changing this value rotates the client secret on the next deploy. Only with a secret.
   * @default - the secret is never rotated
   */
  readonly secretRotation?: string;
  /**
   * The rotation grace period (e.g. `7d`), recorded as a client attribute: the platform's
   * client policy for that period then applies to this client.
   * @default - no grace period: after a rotation the old secret stops working at once
   */
  readonly secretGracePeriod?: string;
  /**
   * The date the key stops working (`YYYY-MM-DD`), recorded as a client attribute for people
   * reading the admin console. Disabling the client on that date is `enabled`'s job.
   * @default - no expiry date recorded
   */
  readonly expires?: string;
  /** Name of the stack that manages the client, recorded as its marker attribute. */
  readonly stackName: string;
  /**
   * Import id (`<realm>/<client UUID>`) of an existing client to adopt instead of creating one.
   * @default - none: the client is created
   */
  readonly adoptFrom?: string;
}

/**
 * One customer: a confidential client that can only use the client-credentials grant,
 * whose service account holds exactly the granted API roles, and whose tokens carry
 * the API in `aud`. Every security-relevant attribute is written out, so that a change
 * made in the admin console shows up as drift.
 */
export class CustomerClient extends Construct {
  public readonly client: OpenidClient;

  constructor(scope: Construct, id: string, props: CustomerClientProps) {
    super(scope, id);
    const { grants } = props;
    const realmId = props.realm.realmId;
    const roles = props.roles ?? [];
    const authentication = props.authentication ?? ClientAuthentication.secret();
    if (props.secretRotation !== undefined && !authentication.usesSecret) {
      throw new Error(
        `CustomerClient ${props.clientId}: secretRotation "${props.secretRotation}" needs ClientAuthentication.secret() ` +
          `(got ${authentication.authenticatorType}); leave secretRotation out`,
      );
    }
    const attributes: Record<string, string> = {
      [CONTACT_ATTRIBUTE]: props.contact,
      [MARKER_ATTRIBUTE]: props.stackName,
      ...(props.expires ? { [EXPIRES_ATTRIBUTE]: props.expires } : {}),
      ...(props.secretGracePeriod ? { [GRACE_PERIOD_ATTRIBUTE]: props.secretGracePeriod } : {}),
      ...authentication.attributes,
    };
    this.client = new OpenidClient(this, CLIENT_RESOURCE_ID, {
      realmId,
      clientId: props.clientId,
      name: literal(props.name),
      description: literal(props.description ?? ''),
      enabled: props.enabled ?? true,
      accessType: 'CONFIDENTIAL',
      clientAuthenticatorType: authentication.authenticatorType,
      // Changing the value rotates the secret (the provider calls Keycloak's regenerate
      // endpoint). With the platform's rotation policy for the customer's grace period, the
      // old secret keeps working for that period; without one it stops working at once.
      clientSecretRegenerateWhenChanged: props.secretRotation !== undefined ? { rotation: props.secretRotation } : undefined,
      serviceAccountsEnabled: true,
      ...NO_LOGIN_FLOWS,
      ...NO_REFRESH_TOKENS,
      fullScopeAllowed: false,
      accessTokenLifespan: String(props.accessTokenLifespan),
      extraConfig: Object.fromEntries(Object.entries(attributes).map(([k, v]) => [k, literal(v)])),
    });
    // Only the client is imported: its secret is read, never set. The other resources of a
    // customer (default scopes, service-account roles) are authoritative settings
    // that the engine simply writes again.
    if (props.adoptFrom) this.client.importFrom(props.adoptFrom);

    // With full_scope_allowed off, a role reaches the token only when it is both held by the
    // service account and in the client's scope: here through the role's client scope (one per
    // API role, made by the platform stack), a default scope like the audience. So the default
    // scopes, one authoritative list, also decide which roles may enter tokens: a role scope
    // attached or detached by hand shows up as drift on this list.
    new OpenidClientDefaultScopes(this, 'default-scopes', {
      realmId,
      clientId: this.client.id,
      defaultScopes: [
        props.audienceScope.nameReference,
        ...BUILT_IN_DEFAULT_SCOPES,
        ...roles.map((name) => props.roleScopes.nameReference(name)),
      ],
    });

    // The service account holds exactly the grant roles of the granted API roles: the mapping
    // is exhaustive, so a role added in the admin console (or Keycloak's default realm roles)
    // shows up as drift and is removed by the next deploy.
    new UserRoles(this, 'service-account-roles', {
      realmId,
      userId: this.client.serviceAccountUserId,
      roleIds: roles.map((name) => grants.roleId(name)),
      exhaustive: true,
    });
  }
}
