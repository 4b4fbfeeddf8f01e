/**
 * Federated client authentication against the real Keycloak (issue 25): a second realm of the
 * same server plays the customer's issuer (Kubernetes, a CI system, its own OpenID issuer) and
 * gives the workload tokens whose audience is exactly the API realm's issuer URL. The API realm
 * trusts that issuer through platform.yaml `trustedIssuers` (its JWKS URL read from the
 * issuer's discovery document), and a customer file with `auth: { method: federated, issuer,
 * subject }` exchanges the workload's token for an API token. Every other way in is refused,
 * nobody can log in through the issuer's identity provider, and drift, suspension, removal and
 * the usage report work as for any customer.
 */
import * as fs from 'fs';
import * as path from 'path';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { credentials } from '../../engine/credentials';
import { deploy } from '../../engine/deploy';
import { drift } from '../../engine/drift';
import { usage } from '../../engine/usage';
import { keycloakEndpoints } from '../../model/keycloak-url';
import { claims, describeIntegration, TestProject } from './support/harness';

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const ID = 'fed-billing';
const ISSUER_NAME = 'acme-workloads';

describeIntegration('federated client authentication', () => {
  let p: TestProject;
  /** The realm that plays the customer's issuer, and one the platform does not trust. */
  let issuerRealm: string;
  let rogueRealm: string;
  let apiIssuer: string;
  /** `sub` of the workload's tokens (the service account of client `workload` in the issuer realm). */
  let subject: string;
  /** `sub` of the tokens of the issuer's clients whose tokens carry two audiences, and none. */
  let twoAudiencesSubject: string;
  let noAudienceSubject: string;
  const reports = () => path.join(p.dir, 'reports');

  /** Makes a confidential client with a service account in `realm`, its tokens carrying `audiences` (and nothing else in aud). */
  const workloadClient = async (realm: string, clientId: string, audiences: readonly string[]) => {
    const res = await p.admin.request('POST', `/${realm}/clients`, {
      clientId,
      publicClient: false,
      secret: `${clientId}-secret-for-tests`,
      serviceAccountsEnabled: true,
      standardFlowEnabled: false,
      directAccessGrantsEnabled: false,
      // No role reaches the token, so no audience is added for one (e.g. `account`).
      fullScopeAllowed: false,
      protocolMappers: audiences.map((aud, i) => ({
        name: `audience-${i}`,
        protocol: 'openid-connect',
        protocolMapper: 'oidc-audience-mapper',
        config: { 'included.custom.audience': aud, 'access.token.claim': 'true', 'id.token.claim': 'false' },
      })),
    });
    expect(res.status).toBe(201);
  };

  /** A fresh workload token from `realm`'s client `clientId` (as the customer's platform would issue it). */
  const workloadToken = async (realm: string = issuerRealm, clientId = 'workload'): Promise<string> => {
    const res = await fetch(keycloakEndpoints(p.url).token(realm), {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: `${clientId}-secret-for-tests` }),
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { access_token: string }).access_token;
  };

  /** The API realm's token endpoint with the workload token as client assertion (no client id, no secret). */
  const exchange = async (assertion: string): Promise<{ status: number; body: Record<string, any> }> => {
    const res = await fetch(p.tokenEndpoint, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'client_credentials', client_assertion_type: ASSERTION_TYPE, client_assertion: assertion }),
    });
    return { status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, any> };
  };

  const customer = (extra: Record<string, unknown> = {}) => ({
    roles: ['orders:read', 'invoices:read'],
    accessTokenLifespan: 120,
    auth: { method: 'federated', issuer: ISSUER_NAME, subject },
    ...extra,
  });

  beforeAll(async () => {
    p = new TestProject('fed');
    issuerRealm = `${p.realm}-issuer`;
    rogueRealm = `${p.realm}-rogue`;
    apiIssuer = keycloakEndpoints(p.url).realm(p.realm);
    for (const realm of [issuerRealm, rogueRealm]) {
      expect((await p.admin.request('POST', '', { realm, enabled: true })).status).toBe(201);
      await workloadClient(realm, 'workload', [apiIssuer]);
    }
    await workloadClient(issuerRealm, 'other-workload', [apiIssuer]);
    await workloadClient(issuerRealm, 'two-audiences', [apiIssuer, 'https://elsewhere.example']);
    await workloadClient(issuerRealm, 'no-audience', []);
    subject = claims(await workloadToken()).sub;
    twoAudiencesSubject = claims(await workloadToken(issuerRealm, 'two-audiences')).sub;
    noAudienceSubject = claims(await workloadToken(issuerRealm, 'no-audience')).sub;
    // The catalog names the issuer only: its JWKS URL comes from its discovery document.
    p.write(
      'platform.yaml',
      `${p.read('platform.yaml')}\ntrustedIssuers:\n  ${ISSUER_NAME}:\n    issuer: ${p.url}/realms/${issuerRealm}\n`,
    );
    await deploy({ ...p.ws, part: 'platform' });
  });
  afterAll(async () => {
    for (const realm of [issuerRealm, rogueRealm]) await p.admin.request('DELETE', `/${realm}`);
    await p.deleteRealm();
    p.cleanup();
  });

  it("the workload's token carries exactly the API realm's issuer URL as audience (the issuer plays its part)", async () => {
    const c = claims(await workloadToken());
    expect(c.iss).toBe(`${p.url}/realms/${issuerRealm}`);
    expect(c.aud).toBe(apiIssuer);
  });

  it("exchanges the workload's token for an API token with the API as audience and exactly the granted roles", async () => {
    await p.given({ [ID]: customer() });
    const { status, body } = await exchange(await workloadToken());
    expect(status).toBe(200);
    const jwks = createRemoteJWKSet(new URL(`${apiIssuer}/protocol/openid-connect/certs`));
    const { payload } = await jwtVerify(body.access_token, jwks, { issuer: apiIssuer, audience: 'orders-api' });
    expect(([] as string[]).concat(payload.aud as string)).toEqual(['orders-api']);
    expect(payload.azp).toBe(ID);
    const access = (payload.resource_access ?? {}) as Record<string, { roles: string[] }>;
    expect(Object.keys(access)).toEqual(['orders-api']);
    expect([...access['orders-api'].roles].sort()).toEqual(['invoices:read', 'orders:read']);
    expect(payload.exp! - payload.iat!).toBeGreaterThanOrEqual(120);
    expect(payload.exp! - payload.iat!).toBeLessThanOrEqual(121);
    expect(body.refresh_token).toBeUndefined();
  });

  it('refuses another subject, another issuer, a tampered signature, a reused assertion, two audiences, none, and the secret', async () => {
    // (the workloads whose tokens carry two audiences or none are customers too: their tokens are refused for the audience alone)
    await p.given({
      [ID]: customer(),
      'fed-two-audiences': customer({ auth: { method: 'federated', issuer: ISSUER_NAME, subject: twoAudiencesSubject } }),
      'fed-no-audience': customer({ auth: { method: 'federated', issuer: ISSUER_NAME, subject: noAudienceSubject } }),
    });
    expect([...claims(await workloadToken(issuerRealm, 'two-audiences')).aud].sort()).toEqual(
      [apiIssuer, 'https://elsewhere.example'].sort(),
    );
    expect(claims(await workloadToken(issuerRealm, 'no-audience')).aud).toBeUndefined();
    expect((await exchange(await workloadToken(issuerRealm, 'other-workload'))).status).toBe(401);
    expect((await exchange(await workloadToken(rogueRealm))).status).toBe(401);
    const good = await workloadToken();
    const [h, b, sig] = good.split('.');
    const flipped = Buffer.from(sig, 'base64url');
    flipped[10] ^= 0xff;
    expect((await exchange(`${h}.${b}.${flipped.toString('base64url')}`)).status).toBe(401);
    // (a payload changed under the original signature: another subject claimed)
    const forged = Buffer.from(JSON.stringify({ ...claims(await workloadToken(issuerRealm, 'other-workload')), sub: subject })).toString(
      'base64url',
    );
    expect((await exchange(`${h}.${forged}.${sig}`)).status).toBe(401);
    const once = await workloadToken();
    expect((await exchange(once)).status).toBe(200);
    const reused = await exchange(once);
    expect(reused.status).toBe(400);
    expect(reused.body.error_description).toMatch(/reuse/i);
    expect((await exchange(await workloadToken(issuerRealm, 'two-audiences'))).status).toBe(400);
    expect((await exchange(await workloadToken(issuerRealm, 'no-audience'))).status).toBe(400);
    // The secret Keycloak still generates for the client is no way in.
    expect((await p.token(ID, await p.secret(ID))).status).toBe(401);
  });

  it('a suspended customer is refused, and works again when re-enabled', async () => {
    await p.given({ [ID]: customer({ enabled: false }) });
    expect((await exchange(await workloadToken())).status).toBe(401);
    await p.given({ [ID]: customer() });
    expect((await exchange(await workloadToken())).status).toBe(200);
  });

  it('tells the customer what its workload needs, and has no secret to reveal', async () => {
    await p.given({ [ID]: customer() });
    const info = await credentials(p.ws, ID);
    expect(info).toMatchObject({
      client_id: ID,
      token_endpoint: p.tokenEndpoint,
      trusted_issuer: ISSUER_NAME,
      workload_token_issuer: `${p.url}/realms/${issuerRealm}`,
      workload_token_subject: subject,
      workload_token_audience: apiIssuer,
    });
    expect(String(info.request)).toContain(`client_assertion_type=${ASSERTION_TYPE}`);
    expect(JSON.stringify(info)).not.toContain(await p.secret(ID));
    await expect(credentials(p.ws, ID, { reveal: true })).rejects.toThrow(/has no secret to reveal/);
  });

  it("drift reports a hand change of the client's workload subject, and a deploy puts it back", async () => {
    await p.given({ [ID]: customer() });
    const client = await p.client(ID);
    const changed = { ...client, attributes: { ...client.attributes, 'jwt.credential.sub': 'someone-else' } };
    expect((await p.admin.request('PUT', `/${p.realm}/clients/${client.id}`, changed)).status).toBe(204);
    expect((await exchange(await workloadToken())).status).toBe(401);
    expect(await drift({ ...p.ws, part: 'customers' }, reports())).toBe(2);
    const report = fs.readFileSync(path.join(reports(), 'api-keys-local.drift.md'), 'utf8');
    expect(report).toContain(ID);
    expect(report).toContain(`federated workload ${ISSUER_NAME}: someone-else→${ISSUER_NAME}: ${subject}`);
    await p.converge();
    expect((await exchange(await workloadToken())).status).toBe(200);
  });

  it.each([
    ['a person may log in through it (link only off)', { linkOnly: false }, 'person logins refused (link only)'],
    ['it shows on the login page', { hideOnLogin: false }, 'hidden on the login page'],
    ['a first-login flow creates accounts', { firstBrokerLoginFlowAlias: 'first broker login' }, 'first-login flow (creates accounts)'],
    ['it no longer verifies client assertions', { config: { supportsClientAssertions: 'false' } }, 'settings (client assertions)'],
  ])('drift reports an identity provider changed by hand so that %s, and a platform deploy closes it again', async (_, change, words) => {
    const at = `/${p.realm}/identity-provider/instances/${ISSUER_NAME}`;
    const idp = await p.admin.get<Record<string, any>>(at);
    const { config, ...fields } = change as Record<string, any>;
    expect((await p.admin.request('PUT', at, { ...idp, ...fields, config: { ...idp.config, ...(config ?? {}) } })).status).toBe(204);
    expect(await drift({ ...p.ws, part: 'platform' }, reports())).toBe(2);
    expect(fs.readFileSync(path.join(reports(), 'api-keys-local-platform.drift.md'), 'utf8')).toContain(words);
    await deploy({ ...p.ws, part: 'platform' });
    expect(await drift({ ...p.ws, part: 'platform' }, reports())).toBe(0);
    const back = await p.admin.get<Record<string, any>>(at);
    expect(back).toMatchObject({ enabled: true, linkOnly: true, hideOnLogin: true });
    expect(back.firstBrokerLoginFlowAlias ?? '').toBe('');
    expect(back.config).toMatchObject({ supportsClientAssertions: 'true', validateSignature: 'true', useJwksUrl: 'true' });
  });

  it("nobody logs in through the issuer's identity provider: the broker login is refused and no user is created", async () => {
    await p.given({ [ID]: customer() });
    const usersBefore = await p.admin.get<unknown[]>(`/${p.realm}/users?briefRepresentation=true&max=1000`);
    const cookies = new Map<string, string>();
    const get = async (url: string) => {
      const res = await fetch(url, {
        redirect: 'manual',
        headers: { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
      });
      for (const c of res.headers.getSetCookie()) {
        const [kv] = c.split(';');
        const eq = kv.indexOf('=');
        cookies.set(kv.slice(0, eq), kv.slice(eq + 1));
      }
      await res.text();
      return { status: res.status, location: res.headers.get('location') ?? undefined };
    };
    // GIVEN a browser sent to the issuer's identity provider, as a login page link would send it
    const auth = await get(
      `${apiIssuer}/protocol/openid-connect/auth?${new URLSearchParams({
        client_id: 'account-console',
        redirect_uri: `${apiIssuer}/account/`,
        response_type: 'code',
        scope: 'openid',
        kc_idp_hint: ISSUER_NAME,
        code_challenge: 'x'.repeat(43),
        code_challenge_method: 'S256',
      })}`,
    );
    expect(auth.status).toBe(303);
    expect(auth.location).toContain(`/realms/${p.realm}/broker/${ISSUER_NAME}/login?`);
    // WHEN it follows to the broker login endpoint for the alias
    const broker = await get(auth.location!);
    // THEN it is refused (not sent on to any authorization endpoint), and no user exists that was not there before
    expect(broker.status).toBeGreaterThanOrEqual(400);
    expect(broker.location).toBeUndefined();
    const usersAfter = await p.admin.get<unknown[]>(`/${p.realm}/users?briefRepresentation=true&max=1000`);
    expect(usersAfter).toEqual(usersBefore);
    expect(await p.admin.get<unknown[]>(`/${p.realm}/users?idpAlias=${ISSUER_NAME}`)).toEqual([]);
  });

  it('a platform plan stops before any change when an identity provider of that name exists that the project did not make', async () => {
    const platformFile = p.read('platform.yaml');
    try {
      // GIVEN an identity provider made by hand, and platform.yaml trusting an issuer of the same name
      const handMade = {
        alias: 'hand-made',
        providerId: 'oidc',
        enabled: true,
        config: {
          clientId: 'x',
          authorizationUrl: 'https://a.example/auth',
          tokenUrl: 'https://a.example/token',
          clientAuthMethod: 'client_secret_post',
        },
      };
      expect((await p.admin.request('POST', `/${p.realm}/identity-provider/instances`, handMade)).status).toBe(201);
      p.write('platform.yaml', `${platformFile}  hand-made:\n    issuer: ${p.url}/realms/${issuerRealm}\n`);
      // WHEN the platform is deployed THEN it refuses, naming the identity provider and the way out, and changes nothing
      await expect(deploy({ ...p.ws, part: 'platform' })).rejects.toThrow(
        /identity provider "hand-made" \(trusted-issuers\/hand-made\): its alias is the trusted issuer's name in trustedIssuers/,
      );
      expect((await p.admin.get<Record<string, any>>(`/${p.realm}/identity-provider/instances/hand-made`)).linkOnly).toBeFalsy();
    } finally {
      p.write('platform.yaml', platformFile);
      await p.admin.request('DELETE', `/${p.realm}/identity-provider/instances/hand-made`);
    }
  });

  it('the provisioning identity may neither change nor create an identity provider', async () => {
    const { api } = await p.pipelineAfterPlatformDeploy('api-keys-provisioner');
    const at = `/${p.realm}/identity-provider/instances/${ISSUER_NAME}`;
    const idp = await p.admin.get<Record<string, any>>(at);
    expect((await api.request('PUT', at, { ...idp, linkOnly: false })).status).toBe(403);
    expect(
      (await api.request('POST', `/${p.realm}/identity-provider/instances`, { ...idp, alias: 'smuggled', internalId: undefined })).status,
    ).toBe(403);
    expect((await api.request('DELETE', at)).status).toBe(403);
    expect((await p.admin.get<Record<string, any>>(at)).linkOnly).toBe(true);
  });

  it('the usage report counts federated logins', async () => {
    await p.given({ [ID]: customer() });
    const rowOf = async () => (await usage(p.ws, {})).customers.find((r) => r.clientId === ID)!;
    const before = await rowOf();
    for (let i = 0; i < 2; i++) expect((await exchange(await workloadToken())).status).toBe(200);
    const after = await rowOf();
    expect(after.tokens7d - before.tokens7d).toBe(2);
    expect(after.lastToken).toBeDefined();
  });

  it('after the customer file is removed and deployed, the workload is refused', async () => {
    await p.given({ [ID]: customer() });
    expect((await exchange(await workloadToken())).status).toBe(200);
    p.removeCustomer(ID);
    await p.converge();
    expect(await p.admin.findClient(p.realm, ID)).toBeUndefined();
    expect((await exchange(await workloadToken())).status).toBe(401);
  });
});
