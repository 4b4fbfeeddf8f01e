/**
 * A private certificate authority made for one test run: a CA certificate and server
 * certificates it issues (for `localhost` and 127.0.0.1), as a company CA issues Keycloak's.
 * Keys come from node's crypto; node-forge writes the X.509 certificates (node cannot).
 */
import { generateKeyPairSync, randomBytes } from 'crypto';
import * as forge from 'node-forge';

export interface Issued {
  /** The certificate, PEM. */
  readonly cert: string;
  /** Its private key, PEM (PKCS#8). */
  readonly key: string;
}

function keyPair(): { publicKey: forge.pki.PublicKey; privateKey: forge.pki.PrivateKey; keyPem: string } {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyPem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  const forgeKey = forge.pki.privateKeyFromPem(keyPem) as forge.pki.rsa.PrivateKey;
  return { privateKey: forgeKey, publicKey: forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e), keyPem };
}

function certificate(subject: string, publicKey: forge.pki.PublicKey, days: number): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  // A positive serial number (the high bit clear), random so that two runs never collide.
  cert.serialNumber = `01${randomBytes(15).toString('hex')}`;
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + days * 86_400_000);
  cert.setSubject([{ name: 'commonName', value: subject }]);
  return cert;
}

export class TestCa {
  readonly cert: string;
  private readonly forgeCert: forge.pki.Certificate;
  private readonly privateKey: forge.pki.PrivateKey;

  /** A self-signed CA certificate named `name`, valid for `days`. */
  constructor(name = 'keycloak-api-keys test CA', days = 2) {
    const { publicKey, privateKey } = keyPair();
    const cert = certificate(name, publicKey, days);
    cert.setIssuer(cert.subject.attributes);
    cert.setExtensions([
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
      { name: 'subjectKeyIdentifier' },
    ]);
    cert.sign(privateKey as forge.pki.rsa.PrivateKey, forge.md.sha256.create());
    this.forgeCert = cert;
    this.privateKey = privateKey;
    this.cert = forge.pki.certificateToPem(cert).replace(/\r\n/g, '\n');
  }

  /** A server certificate for `hosts` (DNS names; IP addresses as such), issued by this CA. */
  issue(hosts: readonly string[] = ['localhost', '127.0.0.1'], days = 2): Issued {
    const { publicKey, keyPem } = keyPair();
    const cert = certificate(hosts[0], publicKey, days);
    cert.setIssuer(this.forgeCert.subject.attributes);
    cert.setExtensions([
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: hosts.map((h) => (/^[\d.]+$/.test(h) ? { type: 7, ip: h } : { type: 2, value: h })),
      },
      { name: 'authorityKeyIdentifier', keyIdentifier: this.forgeCert.generateSubjectKeyIdentifier().getBytes() },
    ]);
    cert.sign(this.privateKey as forge.pki.rsa.PrivateKey, forge.md.sha256.create());
    return { cert: forge.pki.certificateToPem(cert).replace(/\r\n/g, '\n'), key: keyPem };
  }
}
