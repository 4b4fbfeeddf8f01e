/**
 * The signing keys of a trusted issuer that platform.yaml gives without `jwksUrl`: read from the
 * issuer's OpenID discovery document before a platform plan, so that the identity provider gets
 * the URL the issuer publishes (Keycloak itself does not read discovery for it).
 */
import { isAllowedJwksUrl } from '../model/auth';
import { Platform } from '../model/platform';
import { UserError } from '../model/problems';

/** Where an issuer publishes its discovery document (OpenID Connect Discovery 1.0, section 4). */
export function discoveryUrl(issuer: string): string {
  return `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
}

/**
 * The jwks_uri of each trusted issuer without a jwksUrl, from its discovery document.
 * @throws UserError naming the issuer, the URL and the fix when a document cannot be read or does not fit
 */
export async function discoverIssuerJwksUrls(
  platform: Pick<Platform, 'trustedIssuers'>,
  file = 'platform.yaml',
  fetchImpl: typeof fetch = fetch,
): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const [name, entry] of Object.entries(platform.trustedIssuers)) {
    if (entry.jwksUrl !== undefined) continue;
    const url = discoveryUrl(entry.issuer);
    const fix = `set trustedIssuers.${name}.jwksUrl in ${file} to the issuer's JWKS URL`;
    let doc: { issuer?: unknown; jwks_uri?: unknown };
    try {
      const res = await fetchImpl(url, { signal: AbortSignal.timeout(10_000) });
      if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
      doc = (await res.json()) as typeof doc;
    } catch (err) {
      throw new UserError(
        `${file} trustedIssuers.${name}: its discovery document ${url} could not be read (${(err as Error).message}); ${fix}`,
      );
    }
    if (doc.issuer !== entry.issuer)
      throw new UserError(
        `${file} trustedIssuers.${name}: the discovery document ${url} names issuer ${JSON.stringify(doc.issuer)}, not ${JSON.stringify(entry.issuer)}; correct issuer (it must equal the tokens' iss claim) or ${fix}`,
      );
    if (typeof doc.jwks_uri !== 'string' || !isAllowedJwksUrl(doc.jwks_uri))
      throw new UserError(
        `${file} trustedIssuers.${name}: the discovery document ${url} has no usable jwks_uri (${JSON.stringify(doc.jwks_uri)}); ${fix}`,
      );
    found.set(name, doc.jwks_uri);
  }
  return found;
}
