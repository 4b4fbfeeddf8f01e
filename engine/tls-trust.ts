/**
 * Trusting an environment's private CA (`caCertificate`, model/ca-bundle.ts) in this process,
 * and turning a certificate that is not trusted into an error that says what to do.
 *
 * Every HTTPS call the project makes goes through Node.js's built-in `fetch` (the admin API,
 * the identities' logins) or `https` (jose's key sets). The built-in `fetch` takes no CA
 * option: its only per-request hook is undici's `dispatcher`, whose `Agent` class Node.js does
 * not export (the npm `undici` package's may not fit the undici built into each Node.js line).
 * So the CA goes where both look: Node.js's default CA list, extended once per bundle with
 * `tls.setDefaultCACertificates()` (Node.js 22.19+, 24.5+, 26), which keeps the defaults and
 * whatever `NODE_EXTRA_CA_CERTS` added. Verification itself is never switched off.
 *
 * The list is process-wide: a command that works on several environments trusts the union of
 * their CAs from the first call of each on (the engine's provider, a process of its own per
 * stack, trusts exactly its environment's bundle).
 */
import * as tls from 'tls';
import { CaBundle } from '../model/ca-bundle';
import { keycloakBase } from '../model/keycloak-url';
import { UserError } from '../model/problems';

/** The two functions of Node.js 22.19+ that @types/node 20 does not declare. */
interface DefaultCaFunctions {
  getCACertificates?: (type?: 'default' | 'system' | 'bundled' | 'extra') => string[];
  setDefaultCACertificates?: (certs: readonly string[]) => void;
}
const defaults = tls as unknown as DefaultCaFunctions;

/** Certificates this process added to the default list already. */
const added = new Set<string>();

/**
 * Makes this process's HTTPS calls trust `ca` besides Node.js's default CAs. Cheap after the
 * first call for a bundle. Throws a UserError on a Node.js without `tls.setDefaultCACertificates`.
 */
export function trustCa(ca: CaBundle): void {
  const fresh = ca.certificates.filter((c) => !added.has(c));
  if (fresh.length === 0) return;
  if (typeof defaults.setDefaultCACertificates !== 'function' || typeof defaults.getCACertificates !== 'function')
    throw new UserError(
      `caCertificate (${ca.file}) needs Node.js 22.19 or newer, whose HTTPS calls can be told to trust a CA; this is ${process.version}. ` +
        `Use a supported Node.js (docs/node.md), or set NODE_EXTRA_CA_CERTS=${ca.file} for this process instead.`,
    );
  defaults.setDefaultCACertificates([...defaults.getCACertificates('default'), ...fresh]);
  for (const c of fresh) added.add(c);
}

/** Where a TLS problem happened: enough to name the environment and the fix. */
export interface TlsTarget {
  readonly environment: string;
  readonly keycloakUrl: string;
  readonly ca?: CaBundle;
}

/** How a certificate was refused. */
export type TlsRefusal = 'untrusted' | 'name' | 'expired' | 'other';

/** Node.js (OpenSSL) verification codes meaning "no trusted CA issued this certificate". */
const UNTRUSTED_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
]);

/**
 * The certificate refusal in a Node.js error (`fetch failed` carries it as its `cause`),
 * or undefined when the error is not about Keycloak's certificate.
 */
export function nodeTlsRefusal(err: unknown): { kind: TlsRefusal; detail: string } | undefined {
  for (
    let e = err as { code?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0;
    e && depth < 5;
    e = e.cause as typeof e, depth++
  ) {
    const code = typeof e.code === 'string' ? e.code : '';
    const detail = `${code}${typeof e.message === 'string' && e.message !== code ? `: ${e.message}` : ''}`;
    if (UNTRUSTED_CODES.has(code)) return { kind: 'untrusted', detail };
    if (code === 'ERR_TLS_CERT_ALTNAME_INVALID' || code === 'HOSTNAME_MISMATCH') return { kind: 'name', detail };
    if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') return { kind: 'expired', detail };
    if (/^(CERT_|ERR_TLS_CERT|INVALID_CA)/.test(code)) return { kind: 'other', detail };
  }
  return undefined;
}

/** The certificate refusal in the engine's output (the provider is Go: `x509: ...`), or undefined. */
export function engineTlsRefusal(output: string): { kind: TlsRefusal; detail: string } | undefined {
  const m = /(?:tls: [^\n]*?)?x509: [^\n"]*/.exec(output);
  if (!m) return undefined;
  const detail = m[0].trim();
  if (/unknown authority|not standards compliant|certificate is not trusted/.test(detail)) return { kind: 'untrusted', detail };
  if (/is valid for|not valid for any names|cannot validate certificate for/.test(detail)) return { kind: 'name', detail };
  if (/expired|not yet valid/.test(detail)) return { kind: 'expired', detail };
  return { kind: 'other', detail };
}

/**
 * The error for Keycloak's certificate being refused, by Node.js (`by` "this process") or by
 * the engine's provider: names the environment and says what to change, not only the x509 text.
 */
export function tlsRefusalError(target: TlsTarget, refusal: { kind: TlsRefusal; detail: string }, by: string): UserError {
  const env = target.environment;
  const url = keycloakBase(target.keycloakUrl);
  const head = `Environment "${env}": ${by} refused the TLS certificate of Keycloak at ${url} (${refusal.detail}).`;
  switch (refusal.kind) {
    case 'untrusted':
      return new UserError(
        target.ca
          ? `${head} caCertificate is set (${target.ca.file}), but no certificate in it issued Keycloak's certificate: ` +
              'put the CA that did into that file (the root, and any intermediate CA the server does not send; `openssl s_client -connect <host>:443 -showcerts` shows the chain). See docs/private-ca.md.'
          : `${head} If a private (company) CA issued it, add \`caCertificate: <PEM file of that CA>\` to environment "${env}" in environments.yaml ` +
              "(a path relative to the project root, or absolute; docs/private-ca.md). NODE_EXTRA_CA_CERTS (this project's own calls) together with SSL_CERT_FILE (the engine's provider) work too, for every environment.",
      );
    case 'name':
      return new UserError(
        `${head} The certificate is not issued for the host in that URL: write the host name the certificate names into "${env}.keycloak" in environments.yaml (or have the certificate reissued for this name).`,
      );
    case 'expired':
      return new UserError(`${head} The certificate is expired or not yet valid: have it renewed (or check this machine's clock).`);
    default:
      return new UserError(`${head} Check the server's certificate chain (docs/private-ca.md); verification is never switched off.`);
  }
}
