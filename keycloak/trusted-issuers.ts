import { Construct } from 'constructs';
import { OidcIdentityProvider } from '../.gen/providers/keycloak/oidc-identity-provider';
import { IApiRealm } from './api-realm';
import { literal } from './hcl-literal';

/**
 * Where a client-assertion identity provider would send a browser, and where it would redeem a
 * code: Keycloak requires both, this use never calls either. The `.invalid` top-level domain
 * never resolves (RFC 2606), so even a login that got past `linkOnly` would end there.
 */
export const UNUSED_AUTHORIZATION_URL = 'https://client-assertions-only.invalid/authorize';
export const UNUSED_TOKEN_URL = 'https://client-assertions-only.invalid/token';
/** The client id Keycloak requires of an OpenID identity provider; never sent anywhere. */
export const UNUSED_CLIENT_ID = 'client-assertions-only';

/** What the provider requires as the client secret: a placeholder, never used and not a secret. */
export const UNUSED_CLIENT_SECRET = 'not-a-secret-client-assertions-only';

/** One issuer of workload tokens, as the construct takes it. */
export interface TrustedIssuer {
  /** The identity provider's alias: the name in platform.yaml, and what customers' `jwt.credential.issuer` names. */
  readonly alias: string;
  /** The `iss` claim of the workload tokens. */
  readonly issuer: string;
  /** Where Keycloak fetches the issuer's signing keys. */
  readonly jwksUrl: string;
}

export interface TrustedIssuersProps {
  readonly realm: IApiRealm;
  readonly issuers: readonly TrustedIssuer[];
}

/**
 * The issuers whose workload tokens customers may present instead of a secret (Keycloak's
 * federated client authentication): one OpenID identity provider per issuer that only
 * verifies client assertions. Nobody can log in or link an account through it, and every
 * setting that would open it is written out, so that a change by hand shows up as drift:
 * - `linkOnly`: the broker login endpoint refuses a browser login (measured: 502 on 26.7.3);
 * - no first-login and no post-login flow: no account is created or linked by a login;
 * - hidden on the login page, and the authorization and token URLs point to a domain that
 *   never resolves; the client secret the provider insists on is a placeholder, write-only.
 * It stays `enabled`: a disabled provider is refused for client assertions too (401).
 */
export class TrustedIssuers extends Construct {
  /** Alias -> identity provider. */
  public readonly providers: ReadonlyMap<string, OidcIdentityProvider>;

  constructor(scope: Construct, id: string, props: TrustedIssuersProps) {
    super(scope, id);
    const providers = new Map<string, OidcIdentityProvider>();
    for (const issuer of props.issuers) {
      providers.set(
        issuer.alias,
        new OidcIdentityProvider(this, issuer.alias, {
          realm: props.realm.realmId,
          alias: issuer.alias,
          displayName: literal(`Workload tokens of ${issuer.alias} (client assertions only)`),
          enabled: true,
          hideOnLoginPage: true,
          linkOnly: true,
          firstBrokerLoginFlowAlias: '',
          postBrokerLoginFlowAlias: '',
          authenticateByDefault: false,
          storeToken: false,
          addReadTokenRoleOnCreate: false,
          trustEmail: false,
          syncMode: 'LEGACY',
          issuer: literal(issuer.issuer),
          jwksUrl: literal(issuer.jwksUrl),
          validateSignature: true,
          authorizationUrl: UNUSED_AUTHORIZATION_URL,
          tokenUrl: UNUSED_TOKEN_URL,
          clientId: UNUSED_CLIENT_ID,
          // The provider sets useJwksUrl itself when jwksUrl is given (and refuses it here).
          extraConfig: { supportsClientAssertions: 'true' },
          // The provider insists on a secret; write-only, so the state never holds it, and no
          // secret anyway: nothing ever authenticates with it (the token URL never resolves).
          clientSecretWo: UNUSED_CLIENT_SECRET,
          clientSecretWoVersion: '1',
        }),
      );
    }
    this.providers = providers;
  }
}
