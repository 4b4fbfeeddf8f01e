/**
 * How a customer authenticates at the token endpoint: a client secret (the default), a
 * signed JWT (private_key_jwt, RFC 7523) with a key the customer keeps, or mutual TLS
 * with the customer's certificate, or a token the customer's own platform issues to its workload
 * (federated client authentication). The last three leave no shared secret to leak.
 */
import { createPublicKey, KeyObject } from 'crypto';
import { z } from 'zod';

/** https, or http only to loopback (tests and local development). */
export function isAllowedJwksUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && (url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]');
}

/** The public key of a PEM (SPKI public key or X.509 certificate), or undefined when it does not parse. */
export function parsePublicKey(pem: string): KeyObject | undefined {
  try {
    const key = createPublicKey(pem);
    return key.type === 'public' ? key : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Parses an RFC 4514 distinguished name (`CN=client,O=Acme\, Inc.,C=DE`) into its
 * attribute/value pairs, or undefined when it is not one.
 */
export function parseDistinguishedName(dn: string): { type: string; value: string }[] | undefined {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < dn.length; i++) {
    const ch = dn[i];
    if (ch === '\\') {
      if (i + 1 >= dn.length) return undefined;
      current += ch + dn[++i];
    } else if (ch === ',') {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  const out: { type: string; value: string }[] = [];
  for (const part of parts) {
    const eq = part.indexOf('=');
    if (eq <= 0) return undefined;
    const type = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (!/^([A-Za-z][A-Za-z0-9-]*|\d+(\.\d+)+)$/.test(type) || value === '') return undefined;
    out.push({ type, value });
  }
  return out;
}

export const authSchema = z
  .discriminatedUnion('method', [
    z.strictObject({
      method: z.literal('client-secret').describe('HTTP Basic with the client id and a secret Keycloak generates (default).'),
    }),
    z
      .strictObject({
        method: z.literal('private-key-jwt').describe("A JWT signed with the customer's private key (RFC 7523); no shared secret."),
        jwksUrl: z
          .string()
          .refine(isAllowedJwksUrl, {
            message: 'must be an https URL (http only to 127.0.0.1 or localhost)',
            params: { hint: "use the customer's https JWKS endpoint" },
          })
          .optional()
          .describe("URL of the customer's JWKS (keys can rotate without a change here)."),
        publicKey: z
          .string()
          .max(16_384)
          .refine((v) => !/PRIVATE KEY/.test(v), {
            message: 'contains a private key',
            params: { hint: 'never put a private key in the repository; ask the customer for the public key only' },
            abort: true,
          })
          .refine((v) => parsePublicKey(v) !== undefined, {
            message: 'is not a PEM public key or certificate',
            params: { hint: 'paste the customer\'s "-----BEGIN PUBLIC KEY-----" block (e.g. from `openssl pkey -pubout`)' },
          })
          .optional()
          .describe("The customer's public key (PEM), when it has no JWKS URL."),
      })
      .refine((v) => (v.jwksUrl === undefined) !== (v.publicKey === undefined), {
        message: 'needs exactly one of jwksUrl and publicKey',
        params: { hint: 'set jwksUrl (preferred: keys can rotate) or publicKey, not both' },
      }),
    z.strictObject({
      method: z.literal('mtls').describe("Mutual TLS: the customer's client certificate, matched by subject DN."),
      subjectDn: z
        .string()
        .max(1024)
        .refine((v) => parseDistinguishedName(v) !== undefined, {
          message: 'is not a distinguished name',
          params: { hint: 'write it as RFC 4514, e.g. "CN=acme-client,O=Acme Corp,C=DE"' },
        })
        .describe("Subject DN of the customer's client certificate (RFC 4514)."),
    }),
    z.strictObject({
      method: z
        .literal('federated')
        .describe(
          "Federated client authentication: the customer's workload sends a token its own platform issued (Kubernetes, a CI system, its OpenID issuer); no secret, no key.",
        ),
      issuer: z.string().min(1).describe("Name of the trusted issuer in platform.yaml trustedIssuers that issues the workload's tokens."),
      subject: z
        .string()
        .trim()
        .refine((v) => v.length > 0, {
          message: 'must not be empty',
          params: { hint: "write the `sub` claim of the workload's token, e.g. system:serviceaccount:billing:invoicer" },
        })
        .max(255)
        .describe("The `sub` claim of the workload's token (e.g. system:serviceaccount:<namespace>:<service account>)."),
    }),
  ])
  .default({ method: 'client-secret' })
  .describe('How the customer authenticates at the token endpoint.');

export type CustomerAuth = z.output<typeof authSchema>;
