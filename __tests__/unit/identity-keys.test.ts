/**
 * The pipeline identities' key files (config/identity-keys.ts): one PKCS#8 private key per
 * environment and identity, made once (0600 in a 0700 directory), replaced only on purpose
 * (the old file kept), and the client assertion (RFC 7523) an identity signs with it.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { decodeProtectedHeader, importSPKI, jwtVerify } from 'jose';
import { IDENTITY_KEY_ALGORITHM, IdentityKeyStore, publicKeyId, signClientAssertion } from '../../config/identity-keys';
import { removeTempDirs, tempDir } from './helpers';

afterAll(removeTempDirs);

const mode = (file: string) => fs.statSync(file).mode & 0o777;

describe('IdentityKeyStore', () => {
  it("keeps an identity's key in <dir>/<environment>/<client id>.pem", () => {
    const store = new IdentityKeyStore('/keys');
    expect(store.file('prod', 'api-keys-provisioner')).toBe(path.join('/keys', 'prod', 'api-keys-provisioner.pem'));
  });

  it('read: undefined when the file does not exist, and nothing is made', () => {
    const dir = tempDir('keys');
    const store = new IdentityKeyStore(dir);
    expect(store.read('dev', 'api-keys-reader')).toBeUndefined();
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('ensure: makes a PKCS#8 RSA key, 0600 in a 0700 directory, and returns the same key on the next call', () => {
    const store = new IdentityKeyStore(path.join(tempDir('keys'), '.keys'));
    // WHEN the key is asked for the first time
    const first = store.ensure('dev', 'api-keys-provisioner');
    // THEN it is made and written
    expect(first.generated).toBe(true);
    expect(first.file).toBe(store.file('dev', 'api-keys-provisioner'));
    expect(mode(first.file)).toBe(0o600);
    expect(mode(path.dirname(first.file))).toBe(0o700);
    const pem = fs.readFileSync(first.file, 'utf8');
    expect(pem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/); // PKCS#8, not PKCS#1 ("BEGIN RSA PRIVATE KEY")
    expect(first.privateKeyPem).toBe(pem);
    const key = createPrivateKey(pem);
    expect(key.asymmetricKeyType).toBe('rsa');
    expect(key.asymmetricKeyDetails?.modulusLength).toBe(2048);
    // AND the public half and its kid are the file's
    expect(first.publicKeyPem).toBe(createPublicKey(key).export({ format: 'pem', type: 'spki' }).toString());
    expect(first.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    expect(first.kid).toBe(publicKeyId(createPublicKey(key)));
    // WHEN it is asked again
    const second = store.ensure('dev', 'api-keys-provisioner');
    // THEN it is the same key, read, not made
    expect(second).toEqual({ ...first, generated: false });
    expect(store.read('dev', 'api-keys-provisioner')).toEqual(second);
  });

  it('ensure: a key per environment and identity', () => {
    const store = new IdentityKeyStore(tempDir('keys'));
    const kids = [
      store.ensure('dev', 'api-keys-provisioner').kid,
      store.ensure('dev', 'api-keys-reader').kid,
      store.ensure('prod', 'api-keys-provisioner').kid,
    ];
    expect(new Set(kids).size).toBe(3);
    expect(fs.readdirSync(store.dir).sort()).toEqual(['dev', 'prod']);
  });

  it('ensure: never overwrites a file that appeared meanwhile (exclusive create): the key in it wins', () => {
    const store = new IdentityKeyStore(tempDir('keys'));
    const file = store.file('dev', 'api-keys-reader');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const theirs = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    // GIVEN another run writes the file between this run's read and its write
    const read = jest.spyOn(store, 'read').mockReturnValueOnce(undefined);
    fs.writeFileSync(file, theirs, { mode: 0o600 });
    // WHEN this run makes its key
    const got = store.ensure('dev', 'api-keys-reader');
    read.mockRestore();
    // THEN it returns the other run's key, and the file still holds it
    expect(got.privateKeyPem).toBe(theirs);
    expect(got.generated).toBe(false);
    expect(fs.readFileSync(file, 'utf8')).toBe(theirs);
  });

  it('replace: a new key, the old file kept beside it as <identity>.pem.<time>.old', () => {
    const store = new IdentityKeyStore(tempDir('keys'));
    const old = store.ensure('prod', 'api-keys-provisioner');
    const now = new Date('2026-03-04T05:06:07.890Z');
    // WHEN the key is replaced
    const fresh = store.replace('prod', 'api-keys-provisioner', now);
    // THEN the identity has a new key
    expect(fresh.generated).toBe(true);
    expect(fresh.kid).not.toBe(old.kid);
    expect(store.read('prod', 'api-keys-provisioner')?.kid).toBe(fresh.kid);
    expect(mode(fresh.file)).toBe(0o600);
    // AND the old key is still there, under a name that is not a key file of any identity
    const kept = `${old.file}.2026-03-04T05-06-07-890Z.old`;
    expect(fs.readFileSync(kept, 'utf8')).toBe(old.privateKeyPem);
    expect(fs.readdirSync(path.dirname(old.file)).sort()).toEqual(['api-keys-provisioner.pem', path.basename(kept)].sort());
  });

  it('replace: makes the key when there was none', () => {
    const store = new IdentityKeyStore(tempDir('keys'));
    const made = store.replace('dev', 'api-keys-reader');
    expect(made.generated).toBe(true);
    expect(fs.readdirSync(path.dirname(made.file))).toEqual(['api-keys-reader.pem']);
  });

  it('a file that is not a private key is an error naming the file (read and ensure alike), and is left alone', () => {
    const store = new IdentityKeyStore(tempDir('keys'));
    const file = store.file('dev', 'api-keys-provisioner');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // a public key is not a private key either
    const publicPem = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'pem', type: 'spki' }).toString();
    for (const content of ['not a key\n', publicPem]) {
      fs.writeFileSync(file, content);
      expect(() => store.read('dev', 'api-keys-provisioner')).toThrow(`${file} is not a PEM private key`);
      expect(() => store.ensure('dev', 'api-keys-provisioner')).toThrow(`${file} is not a PEM private key`);
      expect(fs.readFileSync(file, 'utf8')).toBe(content);
    }
  });

  it('reads a PKCS#1 key that an administrator put there, and reports it as PKCS#8', () => {
    const store = new IdentityKeyStore(tempDir('keys'));
    const file = store.file('dev', 'api-keys-reader');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    fs.writeFileSync(file, privateKey.export({ format: 'pem', type: 'pkcs1' }).toString(), { mode: 0o600 });
    const key = store.read('dev', 'api-keys-reader')!;
    expect(key.privateKeyPem).toBe(privateKey.export({ format: 'pem', type: 'pkcs8' }).toString());
    expect(key.kid).toBe(publicKeyId(createPublicKey(privateKey)));
  });
});

describe('publicKeyId', () => {
  it('is the base64url SHA-256 of the SPKI encoding: the same for the same key, whichever half or encoding it is read from', () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const kid = publicKeyId(publicKey);
    expect(kid).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(publicKeyId(createPublicKey(privateKey))).toBe(kid);
    expect(publicKeyId(createPublicKey(publicKey.export({ format: 'pem', type: 'pkcs1' }).toString()))).toBe(kid);
    expect(publicKeyId(generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey)).not.toBe(kid);
  });
});

describe('signClientAssertion', () => {
  const store = () => new IdentityKeyStore(tempDir('keys'));
  const AUDIENCE = 'https://sso.example/realms/partners';

  it("is a JWT signed RS256 with the identity's key, kid = publicKeyId, iss = sub = client id, aud = the realm, valid 60 s", async () => {
    const key = store().ensure('dev', 'api-keys-provisioner');
    const now = Date.now();
    // WHEN the identity signs an assertion
    const jwt = signClientAssertion(key.privateKeyPem, 'api-keys-provisioner', AUDIENCE, now);
    // THEN its signature verifies with the public key Keycloak holds, for that audience and issuer
    const { payload, protectedHeader } = await jwtVerify(jwt, await importSPKI(key.publicKeyPem, IDENTITY_KEY_ALGORITHM), {
      audience: AUDIENCE,
      issuer: 'api-keys-provisioner',
      subject: 'api-keys-provisioner',
      algorithms: ['RS256'],
      currentDate: new Date(now),
    });
    expect(protectedHeader).toEqual({ alg: 'RS256', typ: 'JWT', kid: key.kid });
    const seconds = Math.floor(now / 1000);
    expect(payload).toEqual({
      iss: 'api-keys-provisioner',
      sub: 'api-keys-provisioner',
      aud: AUDIENCE,
      jti: expect.stringMatching(/^[0-9a-f-]{36}$/),
      iat: seconds,
      exp: seconds + 60,
    });
  });

  it('is for one use: a new jti each time', () => {
    const key = store().ensure('dev', 'api-keys-reader');
    const jti = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString()).jti;
    expect(jti(signClientAssertion(key.privateKeyPem, 'api-keys-reader', AUDIENCE))).not.toBe(
      jti(signClientAssertion(key.privateKeyPem, 'api-keys-reader', AUDIENCE)),
    );
  });

  it('does not verify with another key, and expires after 60 s', async () => {
    const key = store().ensure('dev', 'api-keys-reader');
    const other = store().ensure('dev', 'api-keys-reader');
    const now = Date.now();
    const jwt = signClientAssertion(key.privateKeyPem, 'api-keys-reader', AUDIENCE, now);
    expect(decodeProtectedHeader(jwt).kid).toBe(key.kid);
    await expect(jwtVerify(jwt, await importSPKI(other.publicKeyPem, 'RS256'), { currentDate: new Date(now) })).rejects.toThrow(
      /signature/i,
    );
    await expect(jwtVerify(jwt, await importSPKI(key.publicKeyPem, 'RS256'), { currentDate: new Date(now + 61_000) })).rejects.toThrow(
      /exp/,
    );
  });
});
