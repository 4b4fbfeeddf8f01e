/**
 * An environment's `caCertificate`: a PEM file of the certificate authorities that Keycloak's
 * TLS certificate chains up to (a company's own CA), read and checked when the project loads.
 * The provider gets the certificates as its `root_ca_certificate`, and the project's own
 * calls (admin API, logins) trust them besides Node.js's default CAs.
 */
import { X509Certificate } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

/** The certificates of one `caCertificate` file. */
export interface CaBundle {
  /** The path as written in environments.yaml (for messages). */
  readonly file: string;
  /** Its certificates, each a PEM block, in file order (private keys and other blocks never included). */
  readonly certificates: readonly string[];
}

/** What is wrong with a `caCertificate` file, in the words of a validation problem. */
export interface CaBundleProblem {
  readonly problem: string;
  readonly hint: string;
}

/** A CA bundle is a few certificates; a system bundle (~150 CAs) is about 220 KB. */
const MAX_BYTES = 1024 * 1024;

/** Any PEM block: its label and its body. */
const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END \1-----/g;

const FIX =
  'point caCertificate at a PEM file holding the CA certificate(s) that signed Keycloak\'s certificate ("-----BEGIN CERTIFICATE-----" blocks)';

/**
 * Reads `file` (absolute, or relative to the project root) as a PEM bundle of certificates.
 * Returns the bundle, or the problem that makes it unusable: missing, unreadable, not a
 * regular file, too big, no certificate in it, a certificate that does not parse, or a
 * private key in it (a CA bundle is public; a key in it is a key leaked into the repository).
 */
export function readCaBundle(root: string, file: string): CaBundle | CaBundleProblem {
  const full = path.resolve(root, file);
  const shown = path.isAbsolute(file) ? file : `${file} (${full})`;
  let text: string;
  try {
    const stat = fs.statSync(full);
    if (!stat.isFile()) return { problem: `${shown} is not a file`, hint: FIX };
    if (stat.size > MAX_BYTES) return { problem: `${shown} is ${stat.size} bytes, more than a CA bundle (1 MB at most)`, hint: FIX };
    text = fs.readFileSync(full, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR')
      return {
        problem: `${shown} does not exist`,
        hint: `${FIX}; a relative path is relative to the project root (where environments.yaml is)`,
      };
    return { problem: `${shown} cannot be read (${code ?? (err as Error).message})`, hint: `make it readable by this user, or ${FIX}` };
  }
  const certificates: string[] = [];
  let index = 0;
  for (const [block, label] of text.matchAll(PEM_BLOCK)) {
    if (/PRIVATE KEY/.test(label))
      return {
        problem: `${shown} contains a private key (${label})`,
        hint: 'a CA bundle holds certificates only: remove the key from the file (and treat it as exposed if the file was shared)',
      };
    if (label !== 'CERTIFICATE') continue;
    index++;
    try {
      new X509Certificate(block);
    } catch (err) {
      return { problem: `certificate ${index} in ${shown} cannot be parsed (${(err as Error).message})`, hint: FIX };
    }
    certificates.push(`${block.replace(/\r\n/g, '\n')}\n`);
  }
  if (certificates.length === 0)
    return {
      problem: `${shown} holds no PEM certificate`,
      hint: `${FIX}; a DER (binary) file converts with \`openssl x509 -inform der -in <file> -out <file>.pem\``,
    };
  return { file, certificates };
}

export function isCaBundle(value: CaBundle | CaBundleProblem): value is CaBundle {
  return 'certificates' in value;
}
