import { publicKeyId } from '../config/identity-keys';
import { parsePublicKey } from '../model/auth';

/** The two ways to give a customer's public key for {@link ClientAuthentication.privateKeyJwt}: exactly one is set. */
export interface PrivateKeyJwtOptions {
  /**
   * URL of the customer's JWKS; Keycloak fetches it, so keys can rotate without a change here.
   * @default - none: `publicKey` must be set
   */
  readonly jwksUrl?: string;
  /**
   * The customer's public key or certificate (PEM); written into the client as a one-key JWKS.
   * @default - none: `jwksUrl` must be set
   */
  readonly publicKey?: string;
}

/**
 * How a customer's client authenticates at the token endpoint: a secret that Keycloak
 * generates, a JWT signed with the customer's own key (RFC 7523), the customer's TLS
 * client certificate, or a workload token from an issuer the platform trusts. Each form is Keycloak's client authenticator plus the client attributes
 * that configure it.
 */
export class ClientAuthentication {
  /** HTTP Basic with the client id and a secret that Keycloak generates (Keycloak's `client-secret`). */
  public static secret(): ClientAuthentication {
    return new ClientAuthentication('client-secret', {});
  }

  /** A JWT signed with the customer's private key (Keycloak's `client-jwt`); no shared secret. */
  public static privateKeyJwt(options: PrivateKeyJwtOptions): ClientAuthentication {
    const { jwksUrl, publicKey } = options;
    if ((jwksUrl === undefined) === (publicKey === undefined)) {
      throw new Error(
        `ClientAuthentication.privateKeyJwt needs exactly one of jwksUrl and publicKey (got ${jwksUrl === undefined ? 'neither' : 'both'})`,
      );
    }
    if (jwksUrl !== undefined) return new ClientAuthentication('client-jwt', { 'use.jwks.url': 'true', 'jwks.url': jwksUrl });
    const key = parsePublicKey(publicKey!);
    if (!key) throw new Error('ClientAuthentication.privateKeyJwt: publicKey is not a PEM public key or certificate');
    // The key id is the SHA-256 of the key itself, so the same key always gets the same kid.
    const jwk = {
      ...key.export({ format: 'jwk' }),
      use: 'sig',
      kid: publicKeyId(key),
    };
    return new ClientAuthentication('client-jwt', {
      'use.jwks.url': 'false',
      'use.jwks.string': 'true',
      'jwks.string': JSON.stringify({ keys: [jwk] }),
    });
  }

  /** Mutual TLS: the customer's client certificate, matched exactly by its subject DN (Keycloak's `client-x509`). */
  public static mtls(subjectDn: string): ClientAuthentication {
    return new ClientAuthentication('client-x509', { 'x509.subjectdn': subjectDn, 'x509.allow.regex.pattern.comparison': 'false' });
  }

  /**
   * Federated client authentication (Keycloak's `federated-jwt`): the customer's workload sends
   * a token its own platform issued; the client accepts tokens of the trusted issuer `issuerAlias`
   * (an identity provider of the realm, see TrustedIssuers) whose `sub` is exactly `subject`.
   */
  public static federated(issuerAlias: string, subject: string): ClientAuthentication {
    if (!issuerAlias || !subject) throw new Error('ClientAuthentication.federated needs an issuer alias and a subject');
    return new ClientAuthentication('federated-jwt', { 'jwt.credential.issuer': issuerAlias, 'jwt.credential.sub': subject });
  }

  private constructor(
    /** Keycloak's client authenticator (`client_authenticator_type`). */
    public readonly authenticatorType: string,
    /** Client attributes that configure the authenticator. */
    public readonly attributes: Readonly<Record<string, string>>,
  ) {}

  /** True for the one form that has a secret to rotate. */
  public get usesSecret(): boolean {
    return this.authenticatorType === 'client-secret';
  }
}
