/**
 * Customer authentication other than a shared secret, and secret rotation: validation
 * of the inputs (one test per rule) and what reaches the synthesized client.
 */
import { generateKeyPairSync } from 'crypto';
import { removeTempDirs, resourcesOf, TestProject, VALID_CUSTOMER } from './helpers';
import { OpenidClient } from '../../.gen/providers/keycloak/openid-client';

afterAll(removeTempDirs);

const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PEM = publicKey.export({ format: 'pem', type: 'spki' }).toString();
const indent = (text: string) =>
  text
    .trimEnd()
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');

function customerClient(yaml: string): Record<string, any> {
  const { platform, customers } = new TestProject({ customers: { 'acme.yaml': `${VALID_CUSTOMER}${yaml}` } }).synth();
  const clients = Object.values(resourcesOf(customers, OpenidClient.tfResourceType)).filter((c) => c.client_id === 'acme');
  expect(clients).toHaveLength(1);
  // customers live in the customers stack only
  expect(Object.values(resourcesOf(platform, OpenidClient.tfResourceType)).filter((c) => c.client_id === 'acme')).toEqual([]);
  return clients[0];
}

const problems = (yaml: string) => new TestProject({ customers: { 'acme.yaml': `${VALID_CUSTOMER}${yaml}` } }).problems();

describe('auth: client-secret (the default)', () => {
  it('uses the client-secret authenticator and no key attributes', () => {
    const client = customerClient('');
    expect(client.client_authenticator_type).toBe('client-secret');
    expect(Object.keys(client.extra_config)).toEqual(['api-keys.contact', 'api-keys.stack']);
  });
});

describe('auth: private-key-jwt', () => {
  it('with a public key: client-jwt, the key as a JWKS on the client', () => {
    const client = customerClient(`auth:\n  method: private-key-jwt\n  publicKey: |\n${indent(PEM)}\n`);
    expect(client.client_authenticator_type).toBe('client-jwt');
    expect(client.extra_config['use.jwks.string']).toBe('true');
    expect(client.extra_config['use.jwks.url']).toBe('false');
    const jwks = JSON.parse(client.extra_config['jwks.string']);
    expect(jwks.keys).toEqual([expect.objectContaining({ kty: 'RSA', use: 'sig', e: 'AQAB', kid: expect.any(String) })]);
    expect(client.client_secret_regenerate_when_changed).toBeUndefined();
  });

  it('with an https JWKS URL: client-jwt reading the URL', () => {
    const client = customerClient('auth:\n  method: private-key-jwt\n  jwksUrl: https://keys.acme.example/jwks.json\n');
    expect(client.client_authenticator_type).toBe('client-jwt');
    expect(client.extra_config).toMatchObject({ 'use.jwks.url': 'true', 'jwks.url': 'https://keys.acme.example/jwks.json' });
  });

  it('accepts plain http only to loopback', () => {
    expect(customerClient('auth:\n  method: private-key-jwt\n  jwksUrl: http://127.0.0.1:8081/jwks\n').extra_config['jwks.url']).toBe(
      'http://127.0.0.1:8081/jwks',
    );
    expect(problems('auth:\n  method: private-key-jwt\n  jwksUrl: http://keys.acme.example/jwks\n')).toEqual([
      "customers/acme.yaml: auth.jwksUrl: must be an https URL (http only to 127.0.0.1 or localhost) (use the customer's https JWKS endpoint)",
    ]);
  });

  it('rejects a public key that is not PEM', () => {
    expect(
      problems('auth:\n  method: private-key-jwt\n  publicKey: "-----BEGIN PUBLIC KEY-----\\nnot a key\\n-----END PUBLIC KEY-----"\n'),
    ).toEqual([
      'customers/acme.yaml: auth.publicKey: is not a PEM public key or certificate (paste the customer\'s "-----BEGIN PUBLIC KEY-----" block (e.g. from `openssl pkey -pubout`))',
    ]);
  });

  it('rejects a private key pasted by mistake', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const priv = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    // createPublicKey derives a public key from a private one: the file must still not carry a private key.
    expect(problems(`auth:\n  method: private-key-jwt\n  publicKey: |\n${indent(priv)}\n`)).toEqual([
      'customers/acme.yaml: auth.publicKey: contains a private key (never put a private key in the repository; ask the customer for the public key only)',
    ]);
  });

  it('needs exactly one of jwksUrl and publicKey', () => {
    const expected = [
      'customers/acme.yaml: auth: needs exactly one of jwksUrl and publicKey (set jwksUrl (preferred: keys can rotate) or publicKey, not both)',
    ];
    expect(problems('auth:\n  method: private-key-jwt\n')).toEqual(expected);
    expect(problems(`auth:\n  method: private-key-jwt\n  jwksUrl: https://k.example/jwks\n  publicKey: |\n${indent(PEM)}\n`)).toEqual(
      expected,
    );
  });
});

describe('auth: mtls', () => {
  it('uses client-x509 with the subject DN', () => {
    const client = customerClient('auth:\n  method: mtls\n  subjectDn: "CN=acme-client,O=Acme\\\\, Inc.,C=DE"\n');
    expect(client.client_authenticator_type).toBe('client-x509');
    expect(client.extra_config).toMatchObject({
      'x509.subjectdn': 'CN=acme-client,O=Acme\\, Inc.,C=DE',
      'x509.allow.regex.pattern.comparison': 'false',
    });
  });

  it('rejects a subject that is not a distinguished name', () => {
    expect(problems('auth:\n  method: mtls\n  subjectDn: acme-client\n')).toEqual([
      'customers/acme.yaml: auth.subjectDn: is not a distinguished name (write it as RFC 4514, e.g. "CN=acme-client,O=Acme Corp,C=DE")',
    ]);
  });
});

describe('auth: unknown method', () => {
  it('names the methods there are', () => {
    expect(problems('auth:\n  method: api-key\n')).toEqual([
      'customers/acme.yaml: auth.method: unknown method "api-key" (use one of: client-secret, private-key-jwt, mtls, federated)',
    ]);
  });
});

describe('secretRotation', () => {
  it('sets the regenerate trigger to the rotation value', () => {
    expect(customerClient('secretRotation: "2026-12"\n').client_secret_regenerate_when_changed).toEqual({ rotation: '2026-12' });
  });

  it('is left out until a rotation is asked for', () => {
    expect(customerClient('').client_secret_regenerate_when_changed).toBeUndefined();
  });

  it('rejects a value with spaces or symbols', () => {
    expect(problems('secretRotation: "next month!"\n')).toEqual([
      'customers/acme.yaml: secretRotation: "next month!" must be 1-40 letters, digits or ".", "_", "-" (fix secretRotation)',
    ]);
  });

  it('only applies to client secrets', () => {
    expect(problems('secretRotation: "2026-12"\nauth:\n  method: mtls\n  subjectDn: CN=acme\n')).toEqual([
      'customers/acme.yaml: secretRotation: secretRotation applies only to auth method client-secret (remove secretRotation; keys and certificates are rotated by the customer)',
    ]);
  });
});
