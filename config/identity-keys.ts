/**
 * The pipeline identities' key pairs (`private_key_jwt`): one private key per environment and
 * identity, in `<dir>/<environment>/<identity client id>.pem` (PKCS#8, mode 0600, in a 0700
 * directory; `.keys/` in the project unless `APIKEYS_IDENTITY_KEYS_DIR` says otherwise, and
 * never committed). Keycloak holds only the public key, so reading an identity's client gives
 * nobody a way in. The platform stack puts the public key into the identity's client; `npm run
 * credentials -- <identity> --reveal` prints the private key for the pipeline's secret store.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject, randomUUID, sign } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { UserError } from '../model/problems';

/** The algorithm the identities sign with: RS256, the provider's default (`jwt_signing_alg`). */
export const IDENTITY_KEY_ALGORITHM = 'RS256';

/** Keycloak's key id for a public key: the SHA-256 of its SPKI encoding (base64url), so one key always gets one id. */
export function publicKeyId(key: KeyObject): string {
  return createHash('sha256')
    .update(key.export({ format: 'der', type: 'spki' }))
    .digest('base64url');
}

/** One identity's key pair as read from its file. */
export interface IdentityKey {
  /** The file the private key is in. */
  readonly file: string;
  /** PKCS#8 PEM of the private key. */
  readonly privateKeyPem: string;
  /** SPKI PEM of the public key: what goes into Keycloak. */
  readonly publicKeyPem: string;
  /** Keycloak's key id of the public key ({@link publicKeyId}). */
  readonly kid: string;
  /** True when this call made the key (the file did not exist). */
  readonly generated: boolean;
}

/** The identities' key files of one project. */
export class IdentityKeyStore {
  /** @param dir the directory that holds one folder per environment */
  constructor(public readonly dir: string) {}

  /** The file of an identity's private key. */
  file(environment: string, clientId: string): string {
    return path.join(this.dir, environment, `${clientId}.pem`);
  }

  /** The identity's key, or undefined when its file does not exist. Throws when the file is not a private key. */
  read(environment: string, clientId: string): IdentityKey | undefined {
    const file = this.file(environment, clientId);
    let pem: string;
    try {
      pem = fs.readFileSync(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
    return describe(file, pem, false);
  }

  /**
   * The identity's key, made first when its file does not exist (RSA 2048). Created
   * exclusively, so two runs at once end with the same key: the loser reads the winner's.
   */
  ensure(environment: string, clientId: string): IdentityKey {
    const existing = this.read(environment, clientId);
    if (existing) return existing;
    const file = this.file(environment, clientId);
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    // A directory that existed already may be wider: the key must not be.
    fs.chmodSync(path.dirname(file), 0o700);
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    try {
      fs.writeFileSync(file, pem, { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return this.read(environment, clientId)!;
      throw err;
    }
    return describe(file, pem, true);
  }

  /**
   * Replaces the identity's key with a new one; the old file is kept beside it as
   * `<identity>.pem.<time>.old` so that nothing is lost by accident.
   */
  replace(environment: string, clientId: string, now = new Date()): IdentityKey {
    const file = this.file(environment, clientId);
    if (fs.existsSync(file)) fs.renameSync(file, `${file}.${now.toISOString().replace(/[:.]/g, '-')}.old`);
    return this.ensure(environment, clientId);
  }
}

function describe(file: string, pem: string, generated: boolean): IdentityKey {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    throw new UserError(
      `${file} is not a PEM private key: put the identity's key (PKCS#8 PEM, as \`npm run credentials -- <identity> --reveal\` printed it) there, or remove the file`,
    );
  }
  const publicKey = createPublicKey(key);
  return {
    file,
    privateKeyPem: key.export({ format: 'pem', type: 'pkcs8' }).toString(),
    publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    kid: publicKeyId(publicKey),
    generated,
  };
}

/**
 * A client assertion (RFC 7523) for `private_key_jwt`: a JWT the identity signs with its
 * private key, valid for 60 s and for one use, whose audience is the realm's issuer URL.
 */
export function signClientAssertion(privateKeyPem: string, clientId: string, audience: string, now = Date.now()): string {
  const key = createPrivateKey(privateKeyPem);
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const seconds = Math.floor(now / 1000);
  const header = { alg: IDENTITY_KEY_ALGORITHM, typ: 'JWT', kid: publicKeyId(createPublicKey(key)) };
  const claims = { iss: clientId, sub: clientId, aud: audience, jti: randomUUID(), iat: seconds, exp: seconds + 60 };
  const signed = `${encode(header)}.${encode(claims)}`;
  return `${signed}.${sign('sha256', Buffer.from(signed), key).toString('base64url')}`;
}
