import { createHash } from 'crypto';
import { DataResource } from 'cdktf';
import { Construct } from 'constructs';
import { GenericRoleMapper } from '../.gen/providers/keycloak/generic-role-mapper';
import { OpenidClient } from '../.gen/providers/keycloak/openid-client';
import { OpenidClientDefaultScopes } from '../.gen/providers/keycloak/openid-client-default-scopes';
import { UserRoles } from '../.gen/providers/keycloak/user-roles';
import { CustomerAuth, parsePublicKey } from '../model/auth';
import { Customer } from '../model/customer';
import { effectiveEnabled } from '../model/lifecycle';
import { IBackendApi } from './api-reference';
import { literal } from './hcl-literal';
import { NO_LOGIN_FLOWS, NO_REFRESH_TOKENS } from './no-login-flows';

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

/**
 * Client attribute naming the stack that created the client. A client that carries its
 * stack's marker but is missing from that stack's state was created by this project (an
 * interrupted deploy, a lost state file) and is adopted automatically; a client without it
 * was made by hand or by another tool and is adopted only when asked (`npm run adopt`).
 */
export const MARKER_ATTRIBUTE = 'api-keys.stack';

/** Keycloak's client authenticator and the client attributes that configure it. */
export function authenticatorOf(auth: CustomerAuth): { type: string; attributes: Record<string, string> } {
  switch (auth.method) {
    case 'client-secret':
      return { type: 'client-secret', attributes: {} };
    case 'private-key-jwt': {
      if (auth.jwksUrl !== undefined) {
        return { type: 'client-jwt', attributes: { 'use.jwks.url': 'true', 'jwks.url': auth.jwksUrl } };
      }
      const key = parsePublicKey(auth.publicKey!)!;
      const jwk = {
        ...key.export({ format: 'jwk' }),
        use: 'sig',
        kid: createHash('sha256')
          .update(key.export({ format: 'der', type: 'spki' }))
          .digest('base64url'),
      };
      return {
        type: 'client-jwt',
        attributes: { 'use.jwks.url': 'false', 'use.jwks.string': 'true', 'jwks.string': JSON.stringify({ keys: [jwk] }) },
      };
    }
    case 'mtls':
      return { type: 'client-x509', attributes: { 'x509.subjectdn': auth.subjectDn, 'x509.allow.regex.pattern.comparison': 'false' } };
  }
}

export interface CustomerClientProps {
  /** The realm (its name is its id). */
  readonly realmId: string;
  /** The API whose roles the customer is granted. */
  readonly api: IBackendApi;
  /** Name of the audience scope (a reference, so the scope is checked to exist). */
  readonly audienceScopeName: string;
  readonly customer: Customer;
  /** The deploy's clock: from its `expires` date on, the customer is disabled. */
  readonly now: Date;
  /** Name of the stack that manages the client, recorded as its marker attribute. */
  readonly stackName: string;
  /**
   * Import id (`<realm>/<client UUID>`) of an existing client to adopt instead of creating
   * one. @default - none: the client is created
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
    const { realmId, api, audienceScopeName, customer } = props;
    const authenticator = authenticatorOf(customer.auth);
    const attributes: Record<string, string> = {
      [CONTACT_ATTRIBUTE]: customer.contact,
      [MARKER_ATTRIBUTE]: props.stackName,
      ...(customer.expires ? { [EXPIRES_ATTRIBUTE]: customer.expires } : {}),
      ...(customer.secretGracePeriod ? { [GRACE_PERIOD_ATTRIBUTE]: customer.secretGracePeriod } : {}),
      ...authenticator.attributes,
    };
    this.client = new OpenidClient(this, 'client', {
      realmId,
      clientId: customer.clientId,
      name: literal(customer.name),
      description: literal(customer.description ?? ''),
      // An expired key is disabled, not deleted: its secret and history stay for a renewal.
      enabled: effectiveEnabled(customer, props.now),
      accessType: 'CONFIDENTIAL',
      clientAuthenticatorType: authenticator.type,
      // Changing the value rotates the secret (the provider calls Keycloak's regenerate
      // endpoint). With the platform's rotation policy for the customer's grace period, the
      // old secret keeps working for that period; without one it stops working at once.
      clientSecretRegenerateWhenChanged: customer.secretRotation !== undefined ? { rotation: customer.secretRotation } : undefined,
      serviceAccountsEnabled: true,
      ...NO_LOGIN_FLOWS,
      ...NO_REFRESH_TOKENS,
      fullScopeAllowed: false,
      accessTokenLifespan: String(customer.accessTokenLifespan),
      extraConfig: Object.fromEntries(Object.entries(attributes).map(([k, v]) => [k, literal(v)])),
    });
    // Only the client is imported: its secret is read, never set. The other resources of a
    // customer (default scopes, role mapping, scope mappings) are authoritative settings
    // that the engine simply writes again.
    if (props.adoptFrom) this.client.importFrom(props.adoptFrom);

    new OpenidClientDefaultScopes(this, 'default-scopes', {
      realmId,
      clientId: this.client.id,
      defaultScopes: [audienceScopeName, ...BUILT_IN_DEFAULT_SCOPES],
    });

    // The service account holds exactly the granted roles: the mapping is exhaustive, so a
    // role added in the admin console (or Keycloak's default realm roles) shows up as drift
    // and is removed by the next deploy.
    new UserRoles(this, 'service-account-roles', {
      realmId,
      userId: this.client.serviceAccountUserId,
      roleIds: customer.roles.map((name) => api.roleId(name)),
      exhaustive: true,
    });
    // With full_scope_allowed off, a role reaches the token only when it is both held by
    // the service account and in the client's scope.
    //
    // The provider deletes one client-role scope mapping with a DELETE that names no role,
    // which Keycloak reads as "remove every scope mapping to this API" (measured: provider
    // 5.9.0, Keycloak 26.7.3). Taking one role away therefore took the customer's other roles
    // out of its tokens as well, until a second deploy. So a customer's mappings are replaced
    // together whenever its role set changes: `role-set` is replaced, which orders every old
    // mapping's deletion before it and every current mapping's creation after it.
    const roleSet = new DataResource(this, 'role-set', { triggersReplace: { roles: customer.roles.join(',') } });
    for (const name of customer.roles) {
      const mapper = new GenericRoleMapper(this, `scope-${name}`, {
        realmId,
        clientId: this.client.id,
        roleId: api.roleId(name),
        dependsOn: [roleSet],
      });
      // A plain address: cdktf 0.21 writes `replaceTriggeredBy: [resource]` as "${...}",
      // which the engine rejects inside lifecycle.
      mapper.addOverride('lifecycle.replace_triggered_by', [`${DataResource.tfResourceType}.${roleSet.friendlyUniqueId}`]);
    }
  }
}
