/**
 * What a platform plan reads from the realm first (engine/platform-facts.ts): which clients
 * are not customers and so are kept from the pipeline identities, which of them people log in
 * through, and whether this machine's identity keys are the ones Keycloak holds.
 */
import { generateKeyPairSync } from 'crypto';
import * as fs from 'fs';
import { AdminApi } from '../../engine/admin-api';
import { classifyClients, jwksKeyIds, readPlatformFacts } from '../../engine/platform-facts';
import { IdentityKeyStore } from '../../config/identity-keys';
import { BUILT_IN_CLIENT_IDS, ClientAuthentication } from '../../keycloak';
import { UserError } from '../../model/problems';
import { Target } from '../../stacks/target';
import { removeTempDirs, tempDir, TestProject, VALID_CUSTOMER } from './helpers';

afterAll(removeTempDirs);

const STACK = 'api-keys-local';
/** A confidential client with a service account and every login flow off. */
const machine = (clientId: string, extra: Record<string, unknown> = {}) => ({
  clientId,
  publicClient: false,
  bearerOnly: false,
  standardFlowEnabled: false,
  implicitFlowEnabled: false,
  directAccessGrantsEnabled: false,
  serviceAccountsEnabled: true,
  redirectUris: [],
  attributes: {},
  ...extra,
});
/** A login client: browser flow and redirect URIs. */
const login = (clientId: string, extra: Record<string, unknown> = {}) =>
  machine(clientId, { standardFlowEnabled: true, serviceAccountsEnabled: false, redirectUris: ['https://app.example/*'], ...extra });

/** Keycloak's own clients as a new realm has them. */
const KEYCLOAK_OWN = [
  login('account', { publicClient: true }),
  login('account-console', { publicClient: true }),
  machine('admin-cli', { publicClient: true, directAccessGrantsEnabled: true, serviceAccountsEnabled: false }),
  machine('broker', { bearerOnly: true, serviceAccountsEnabled: false }),
  machine('realm-management', { bearerOnly: true, serviceAccountsEnabled: false }),
  login('security-admin-console', { publicClient: true }),
  machine('admin-permissions', { serviceAccountsEnabled: true }),
];
const OWN = ['orders-api', 'api-keys-provisioner', 'api-keys-reader'];

describe('classifyClients', () => {
  const classify = (clients: Record<string, unknown>[], customerIds: string[] = []) =>
    classifyClients(clients, { customersStack: STACK, customerIds, ownClientIds: OWN });

  it("protects Keycloak's built-in clients, and leaves out the API, the identities and admin-permissions (the platform stack names those itself)", () => {
    const facts = classify([
      ...KEYCLOAK_OWN,
      machine('orders-api', { serviceAccountsEnabled: false }),
      machine('api-keys-provisioner'),
      machine('api-keys-reader'),
    ]);
    expect(facts.protectedClientIds).toEqual([...BUILT_IN_CLIENT_IDS].sort());
    expect(facts.protectedClientIds).not.toContain('admin-permissions');
    for (const id of OWN) expect(facts.protectedClientIds).not.toContain(id);
    // Keycloak's own login clients need no warning
    expect(facts.loginClients).toEqual([]);
  });

  it("protects the company's other clients, machine or login, and lists the login ones with why", () => {
    const facts = classify([...KEYCLOAK_OWN, login('webshop'), machine('spa', { publicClient: true }), machine('billing-service')]);
    expect(facts.protectedClientIds).toEqual(['billing-service', 'spa', 'webshop', ...BUILT_IN_CLIENT_IDS].sort());
    expect(facts.loginClients).toEqual([
      { clientId: 'webshop', why: 'its browser (authorization code) flow is on' },
      { clientId: 'spa', why: 'it is a public client' },
    ]);
  });

  it("treats a client carrying this customers stack's marker as a customer, whatever its shape", () => {
    const facts = classify([
      machine('acme', { attributes: { 'api-keys.stack': STACK } }),
      login('changed-by-hand', { attributes: { 'api-keys.stack': STACK } }),
    ]);
    expect(facts).toEqual({ protectedClientIds: [], loginClients: [] });
  });

  it("protects a client marked by another environment's customers stack that no customer file of this one names", () => {
    const facts = classify([machine('acme', { attributes: { 'api-keys.stack': 'api-keys-prod' } })]);
    expect(facts.protectedClientIds).toEqual(['acme']);
  });

  it('treats a machine-shaped client named by a customer file as a customer (it is about to be adopted)', () => {
    const facts = classify([machine('globex'), machine('billing-service')], ['globex']);
    expect(facts.protectedClientIds).toEqual(['billing-service']);
  });

  it('keeps a login client named by a customer file protected, and lists it: a customer file must never take it over', () => {
    const facts = classify([login('portal'), machine('admin-cli', { publicClient: true })], ['portal', 'admin-cli']);
    expect(facts.protectedClientIds).toEqual(['admin-cli', 'portal']);
    // (admin-cli is Keycloak's own: protected, but no warning)
    expect(facts.loginClients).toEqual([{ clientId: 'portal', why: 'its browser (authorization code) flow is on' }]);
  });
});

describe('jwksKeyIds', () => {
  const jwtClient = (keys: object[]) => ({
    clientId: 'api-keys-provisioner',
    clientAuthenticatorType: 'client-jwt',
    attributes: { 'use.jwks.string': 'true', 'jwks.string': JSON.stringify({ keys }) },
  });

  it("reads the kids of a private_key_jwt client's JWKS", () => {
    expect(jwksKeyIds(jwtClient([{ kid: 'a' }, { kid: 'b' }]))).toEqual(['a', 'b']);
    // as the platform stack writes it
    const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'pem', type: 'spki' }).toString();
    const auth = ClientAuthentication.privateKeyJwt({ publicKey: pem });
    const kid = JSON.parse(auth.attributes['jwks.string']).keys[0].kid;
    expect(jwksKeyIds({ clientAuthenticatorType: auth.authenticatorType, attributes: auth.attributes })).toEqual([kid]);
  });

  it('is empty for no client, a client on a secret, a JWKS URL, and an unreadable JWKS', () => {
    expect(jwksKeyIds(undefined)).toEqual([]);
    expect(jwksKeyIds({ clientAuthenticatorType: 'client-secret', attributes: { 'jwks.string': '{"keys":[{"kid":"a"}]}' } })).toEqual([]);
    expect(jwksKeyIds({ clientAuthenticatorType: 'client-jwt', attributes: { 'use.jwks.url': 'true', 'jwks.url': 'https://x' } })).toEqual(
      [],
    );
    expect(jwksKeyIds({ clientAuthenticatorType: 'client-jwt', attributes: { 'jwks.string': 'not json' } })).toEqual([]);
  });
});

describe('readPlatformFacts', () => {
  /** An admin API whose client list is `clients` (or a status). */
  class Fake extends AdminApi {
    constructor(private readonly clients: Record<string, unknown>[] | number) {
      super({ url: 'http://127.0.0.1:9', loginRealm: 'master', clientId: 'admin-cli', username: 'a', password: 'b' });
    }
    override async request<T>(_method: string, path: string): Promise<{ status: number; data: T }> {
      if (typeof this.clients === 'number') return { status: this.clients, data: undefined as T };
      const first = Number(/[?&]first=(\d+)/.exec(path)?.[1] ?? 0);
      return { status: 200, data: (first > 0 ? [] : this.clients) as T };
    }
  }
  const target = { environment: 'local', realm: 'partners', keycloakUrl: 'https://sso.test' } as Target;
  const project = () => new TestProject({ customers: { 'acme.yaml': VALID_CUSTOMER } }).load();
  const withKey = (clientId: string, publicKeyPem: string) => {
    const auth = ClientAuthentication.privateKeyJwt({ publicKey: publicKeyPem });
    return machine(clientId, { clientAuthenticatorType: auth.authenticatorType, attributes: auth.attributes });
  };
  const read = (api: AdminApi, keys: IdentityKeyStore, replace = false) => readPlatformFacts(api, project(), target, STACK, keys, replace);

  it("a realm not made yet: Keycloak's built-in clients, and a new key for each identity", async () => {
    const keys = new IdentityKeyStore(tempDir('keys'));
    const facts = await read(new Fake(404), keys);
    expect(facts).toEqual({
      protectedClientIds: BUILT_IN_CLIENT_IDS,
      loginClients: [],
      newKeys: ['api-keys-provisioner', 'api-keys-reader'],
    });
    expect(keys.read('local', 'api-keys-provisioner')).toBeDefined();
    expect(keys.read('local', 'api-keys-reader')).toBeDefined();
  });

  it("classifies the realm's clients, and goes on when Keycloak holds this machine's keys", async () => {
    const keys = new IdentityKeyStore(tempDir('keys'));
    const provisioner = keys.ensure('local', 'api-keys-provisioner');
    const reader = keys.ensure('local', 'api-keys-reader');
    const facts = await read(
      new Fake([
        ...KEYCLOAK_OWN,
        withKey('api-keys-provisioner', provisioner.publicKeyPem),
        withKey('api-keys-reader', reader.publicKeyPem),
        machine('acme', { attributes: { 'api-keys.stack': STACK } }),
        login('webshop'),
      ]),
      keys,
    );
    expect(facts.protectedClientIds).toEqual([...BUILT_IN_CLIENT_IDS, 'webshop'].sort());
    expect(facts.loginClients.map((c) => c.clientId)).toEqual(['webshop']);
    expect(facts.newKeys).toEqual([]);
    expect(keys.read('local', 'api-keys-provisioner')?.kid).toBe(provisioner.kid);
  });

  it('refuses when Keycloak holds another key than the one on this machine, or one this machine lacks', async () => {
    const keys = new IdentityKeyStore(tempDir('keys'));
    const elsewhere = new IdentityKeyStore(tempDir('keys'));
    const theirs = elsewhere.ensure('local', 'api-keys-provisioner');
    // no key here
    const missing = read(new Fake([...KEYCLOAK_OWN, withKey('api-keys-provisioner', theirs.publicKeyPem)]), keys);
    await expect(missing).rejects.toThrow(UserError);
    await expect(read(new Fake([...KEYCLOAK_OWN, withKey('api-keys-provisioner', theirs.publicKeyPem)]), keys)).rejects.toThrow(
      `api-keys-provisioner: Keycloak holds its public key (kid ${theirs.kid}), but its private key is not on this machine`,
    );
    // another key here
    const mine = keys.ensure('local', 'api-keys-provisioner');
    await expect(read(new Fake([...KEYCLOAK_OWN, withKey('api-keys-provisioner', theirs.publicKeyPem)]), keys)).rejects.toThrow(
      `the key in ${mine.file} (kid ${mine.kid}) is not the one Keycloak holds (kid ${theirs.kid})`,
    );
    // and the key file is left as it was
    expect(keys.read('local', 'api-keys-provisioner')?.kid).toBe(mine.kid);
  });

  it('APIKEYS_NEW_IDENTITY_KEYS: replaces both keys, keeping the old files', async () => {
    const keys = new IdentityKeyStore(tempDir('keys'));
    const old = keys.ensure('local', 'api-keys-provisioner');
    const facts = await read(new Fake([...KEYCLOAK_OWN, withKey('api-keys-provisioner', old.publicKeyPem)]), keys, true);
    expect(facts.newKeys).toEqual(['api-keys-provisioner', 'api-keys-reader']);
    expect(keys.read('local', 'api-keys-provisioner')?.kid).not.toBe(old.kid);
  });

  it('refuses a list it may not read: a platform plan runs as an administrator', async () => {
    const keys = new IdentityKeyStore(tempDir('keys'));
    await expect(read(new Fake(403), keys)).rejects.toThrow(/refused \(HTTP 403\).*Run it as an administrator/);
    await expect(read(new Fake(500), keys)).rejects.toThrow('GET /partners/clients: HTTP 500');
  });

  it('refuses a list Keycloak filtered without saying so (no realm-management in it, as for a pipeline identity), and makes no key', async () => {
    const dir = tempDir('keys');
    const keys = new IdentityKeyStore(dir);
    for (const listed of [[], [machine('acme', { attributes: { 'api-keys.stack': STACK } })]]) {
      await expect(read(new Fake(listed), keys)).rejects.toThrow(
        `Keycloak listed only part of realm "partners" to this identity (no realm-management client among ${listed.length})`,
      );
    }
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
