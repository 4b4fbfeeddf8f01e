/**
 * Federated client authentication (issue 25): the trusted-issuer catalog in platform.yaml, a
 * customer's `auth: { method: federated, issuer, subject }`, what they synthesize to, and what
 * the engine says about them (feature check, collisions, plan summary).
 */
import * as fs from 'fs';
import * as path from 'path';
import { CLIENT_AUTH_FEDERATED, featuresNeeded, judgeServer, serverFacts } from '../../engine/server-features';
import { namedObjects } from '../../engine/platform-collisions';
import { summarizePlan } from '../../engine/plan-summary';
import { discoverIssuerJwksUrls } from '../../engine/issuer-discovery';
import * as http from 'http';
import { AddressInfo } from 'net';
import { ClientAuthentication, UNUSED_AUTHORIZATION_URL, UNUSED_CLIENT_SECRET, UNUSED_TOKEN_URL } from '../../keycloak';
import { CUSTOMERS_STACK, find, PLATFORM, PLATFORM_STACK, removeTempDirs, resourcesOf, synthApp, TestProject } from './helpers';

const ISSUER = 'https://kubernetes.acme.example';
const JWKS = 'https://kubernetes.acme.example/openid/v1/jwks';
const SUB = 'system:serviceaccount:billing:invoicer';

const platformWith = (trustedIssuers: unknown) => ({ ...PLATFORM, trustedIssuers });
const TRUSTED = { 'acme-k8s': { issuer: ISSUER, jwksUrl: JWKS } };
const federated = (extra: Record<string, unknown> = {}) => ({
  name: 'Billing',
  contact: 'ops@acme.example',
  auth: { method: 'federated', issuer: 'acme-k8s', subject: SUB },
  ...extra,
});

afterAll(removeTempDirs);

describe('validation', () => {
  it('refuses an unknown issuer name, naming the file, the field and the known names', () => {
    const p = new TestProject({
      platform: platformWith(TRUSTED),
      customers: { 'billing.yaml': federated({ auth: { method: 'federated', issuer: 'acme-k8', subject: SUB } }) },
    });
    expect(p.problems()).toEqual([
      'customers/billing.yaml: auth.issuer: unknown issuer "acme-k8" (did you mean "acme-k8s"? known: acme-k8s (trustedIssuers in platform.yaml))',
    ]);
  });

  it('refuses a federated customer when platform.yaml trusts no issuer', () => {
    const p = new TestProject({ customers: { 'billing.yaml': federated() } });
    expect(p.problems()).toEqual([
      'customers/billing.yaml: auth.issuer: unknown issuer "acme-k8s" (platform.yaml has no trustedIssuers; an administrator adds the issuer there first (a platform deploy))',
    ]);
  });

  it('refuses an empty subject', () => {
    const p = new TestProject({
      platform: platformWith(TRUSTED),
      customers: { 'billing.yaml': federated({ auth: { method: 'federated', issuer: 'acme-k8s', subject: '  ' } }) },
    });
    const lines = p.problems();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^customers\/billing\.yaml: auth\.subject: must not be empty \(write the `sub` claim/);
  });

  it('refuses two customers with the same issuer and subject, naming the later file and the earlier one', () => {
    const p = new TestProject({
      platform: platformWith(TRUSTED),
      customers: { 'billing.yaml': federated(), 'invoices.yaml': federated() },
    });
    expect(p.problems()).toEqual([
      `customers/invoices.yaml: auth.subject: issuer "acme-k8s" with subject "${SUB}" is also used by customers/billing.yaml (environment local) (one workload identity authenticates as one customer: give this customer its own workload (another service account or subject), or merge the two files)`,
    ]);
  });

  it('accepts the same subject at two issuers, and another subject at the same issuer', () => {
    const p = new TestProject({
      platform: platformWith({ ...TRUSTED, github: { issuer: 'https://token.actions.githubusercontent.com', jwksUrl: JWKS } }),
      customers: {
        'billing.yaml': federated(),
        'invoices.yaml': federated({ auth: { method: 'federated', issuer: 'github', subject: SUB } }),
        'reports.yaml': federated({ auth: { method: 'federated', issuer: 'acme-k8s', subject: `${SUB}2` } }),
      },
    });
    expect(p.load().customers.map((c) => c.clientId)).toEqual(['billing', 'invoices', 'reports']);
  });

  it('refuses an http issuer that is not on a loopback address, and a name that cannot be an alias', () => {
    const p = new TestProject({
      platform: platformWith({ 'Acme K8s': { issuer: ISSUER }, 'acme-k8s': { issuer: 'http://kubernetes.acme.example', jwksUrl: JWKS } }),
    });
    const lines = p.problems().join('\n');
    expect(lines).toMatch(/platform\.yaml: trustedIssuers(\.|\[")Acme K8s.*must be 2-63 lowercase ASCII letters/);
    expect(lines).toMatch(
      /platform\.yaml: trustedIssuers\.acme-k8s\.issuer: must be an https URL \(http only to 127\.0\.0\.1 or localhost\)/,
    );
  });

  it('refuses secretRotation for a federated customer (it has no secret)', () => {
    const p = new TestProject({ platform: platformWith(TRUSTED), customers: { 'billing.yaml': federated({ secretRotation: '2026-12' }) } });
    expect(p.problems().join('\n')).toMatch(/secretRotation applies only to auth method client-secret/);
  });
});

describe('synthesis', () => {
  const synth = (issuerJwksUrls?: ReadonlyMap<string, string>, trusted: unknown = TRUSTED) => {
    const p = new TestProject({ platform: platformWith(trusted), customers: { 'billing.yaml': federated() } });
    return synthApp({ root: p.root, environments: ['local'], issuerJwksUrls: () => issuerJwksUrls });
  };

  it('makes one identity provider per trusted issuer that verifies client assertions only and lets nobody log in', () => {
    const stacks = synth();
    const { body } = find(stacks[PLATFORM_STACK], 'keycloak_oidc_identity_provider', 'trusted-issuers/acme-k8s');
    expect(body).toMatchObject({
      alias: 'acme-k8s',
      issuer: ISSUER,
      jwks_url: JWKS,
      validate_signature: true,
      extra_config: { supportsClientAssertions: 'true' },
      enabled: true,
      hide_on_login_page: true,
      link_only: true,
      first_broker_login_flow_alias: '',
      post_broker_login_flow_alias: '',
      authenticate_by_default: false,
      store_token: false,
      trust_email: false,
      authorization_url: UNUSED_AUTHORIZATION_URL,
      token_url: UNUSED_TOKEN_URL,
    });
    // no secret: the provider insists on one, so it gets a placeholder, write-only (never in the state)
    expect(body.client_secret).toBeUndefined();
    expect(body.client_secret_wo).toBe(UNUSED_CLIENT_SECRET);
    expect(Object.keys(resourcesOf(stacks[PLATFORM_STACK], 'keycloak_oidc_identity_provider'))).toHaveLength(1);
  });

  it('makes no identity provider without trusted issuers', () => {
    const p = new TestProject();
    const stacks = synthApp({ root: p.root, environments: ['local'] });
    expect(resourcesOf(stacks[PLATFORM_STACK], 'keycloak_oidc_identity_provider')).toEqual({});
  });

  it("gives the customer's client the federated authenticator, the issuer's alias and the subject", () => {
    const { body } = find(synth()[CUSTOMERS_STACK], 'keycloak_openid_client', 'customer-billing/client');
    expect(body.client_authenticator_type).toBe('federated-jwt');
    expect(body.extra_config).toMatchObject({ 'jwt.credential.issuer': 'acme-k8s', 'jwt.credential.sub': SUB });
    expect(body.client_secret_regenerate_when_changed).toBeUndefined();
  });

  it("takes the JWKS URL from the issuer's discovery document when platform.yaml gives none, and stops without one", () => {
    const noJwks = { 'acme-k8s': { issuer: ISSUER } };
    const discovered = 'https://kubernetes.acme.example/keys';
    const { body } = find(
      synth(new Map([['acme-k8s', discovered]]), noJwks)[PLATFORM_STACK],
      'keycloak_oidc_identity_provider',
      'trusted-issuers/acme-k8s',
    );
    expect(body.jwks_url).toBe(discovered);
    expect(() => synth(undefined, noJwks)).toThrow(
      /platform\.yaml trustedIssuers\.acme-k8s: no jwksUrl, and its discovery document was not read/,
    );
  });

  it('ClientAuthentication.federated refuses an empty issuer or subject', () => {
    expect(() => ClientAuthentication.federated('', SUB)).toThrow(/needs an issuer alias and a subject/);
    expect(() => ClientAuthentication.federated('acme-k8s', '')).toThrow(/needs an issuer alias and a subject/);
    expect(ClientAuthentication.federated('acme-k8s', SUB).usesSecret).toBe(false);
  });

  it('lists the identity provider among the named objects checked before a platform plan, with its import id', () => {
    const json = synth()[PLATFORM_STACK];
    const idp = namedObjects(json as any, PLATFORM_STACK).find((o) => o.type === 'keycloak_oidc_identity_provider');
    expect(idp).toMatchObject({ name: 'acme-k8s', path: 'trusted-issuers/acme-k8s' });
    expect(idp!.description).toMatch(/client assertions only/);
  });
});

describe('older servers', () => {
  const recorded = (name: string): unknown =>
    JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'serverinfo', `keycloak-${name}.json`), 'utf8'));
  const where = 'local (realm partners)';

  it('needs client-auth-federated when platform.yaml trusts an issuer or a customer is federated, and not otherwise', () => {
    expect(featuresNeeded({ platform: { trustedIssuers: {} } })).not.toContain(CLIENT_AUTH_FEDERATED);
    expect(featuresNeeded({ platform: { trustedIssuers: TRUSTED } })).toContain(CLIENT_AUTH_FEDERATED);
    expect(featuresNeeded({ platform: {}, customers: [{ auth: { method: 'federated', issuer: 'a', subject: 'b' } }] })).toContain(
      CLIENT_AUTH_FEDERATED,
    );
  });

  it('refuses the catalog on a recorded 26.4.7 (feature off) and accepts it on a recorded 26.7.3', () => {
    const needed = featuresNeeded({ platform: { trustedIssuers: TRUSTED } });
    const old = judgeServer(serverFacts(recorded('26.4.7-defaults-admin')), needed, where);
    expect(old.errors).toEqual([
      expect.stringMatching(
        /^local \(realm partners\): platform\.yaml trustedIssuers and customers with auth method federated .* needs Keycloak's feature client-auth-federated \(CLIENT_AUTH_FEDERATED\), which Keycloak 26\.4\.7 has off\. Start Keycloak with --features=client-auth-federated/,
      ),
    ]);
    expect(judgeServer(serverFacts(recorded('26.7.3-defaults-admin')), needed, where).errors).toEqual([]);
  });
});

describe('plan summary', () => {
  const client = (before: Record<string, unknown>, after: Record<string, unknown>) => ({
    format_version: '1.2',
    resource_changes: [
      {
        address: 'keycloak_openid_client.customer-acme_client_C59DA64E',
        mode: 'managed',
        type: 'keycloak_openid_client',
        name: 'customer-acme_client_C59DA64E',
        provider_name: 'registry.terraform.io/keycloak/keycloak',
        change: { actions: ['update'], before, after, after_unknown: {}, before_sensitive: {}, after_sensitive: {} },
      },
    ],
  });
  const contact = { 'api-keys.contact': 'a@acme.example' };

  it('names a move to federated with the workload identity', () => {
    const s = summarizePlan(
      client(
        { client_id: 'acme', client_authenticator_type: 'client-secret', extra_config: contact },
        {
          client_id: 'acme',
          client_authenticator_type: 'federated-jwt',
          extra_config: { ...contact, 'jwt.credential.issuer': 'acme-k8s', 'jwt.credential.sub': SUB },
        },
      ),
      ['acme'],
    );
    expect(s.customers.changed[0].headline).toBe(`Changed: acme (auth client-secret→federated (acme-k8s: ${SUB}))`);
  });

  it('names another workload identity of a federated customer', () => {
    const fed = (sub: string) => ({
      client_id: 'acme',
      client_authenticator_type: 'federated-jwt',
      extra_config: { ...contact, 'jwt.credential.issuer': 'acme-k8s', 'jwt.credential.sub': sub },
    });
    const s = summarizePlan(client(fed('system:serviceaccount:billing:old'), fed(SUB)), ['acme']);
    expect(s.customers.changed[0].headline).toBe(
      `Changed: acme (federated workload acme-k8s: system:serviceaccount:billing:old→acme-k8s: ${SUB})`,
    );
  });

  it('names a hand change that would open an identity provider in reviewer words', () => {
    const idp = (linkOnly: boolean, flow: string) => ({
      alias: 'acme-k8s',
      link_only: linkOnly,
      first_broker_login_flow_alias: flow,
      extra_config: { supportsClientAssertions: 'true' },
    });
    const s = summarizePlan(
      {
        format_version: '1.2',
        resource_changes: [
          {
            address: 'keycloak_oidc_identity_provider.trusted-issuers_acme-k8s_44BF5C0F',
            mode: 'managed',
            type: 'keycloak_oidc_identity_provider',
            name: 'trusted-issuers_acme-k8s_44BF5C0F',
            provider_name: 'registry.terraform.io/keycloak/keycloak',
            change: {
              actions: ['update'],
              before: idp(false, 'first broker login'),
              after: idp(true, ''),
              after_unknown: {},
              before_sensitive: {},
              after_sensitive: {},
            },
          },
        ],
      },
      [],
      'platform',
    );
    expect(s.platform.map((g) => g.headline)).toEqual([
      'Changed: trusted issuers (identity provider acme-k8s: first-login flow (creates accounts), person logins refused (link only))',
    ]);
  });
});

describe('issuer discovery', () => {
  let server: http.Server;
  let base: string;
  /** What the little issuer below answers at its discovery URL: path -> [status, body]. */
  const answers = new Map<string, [number, unknown]>();
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const [status, body] = answers.get(req.url ?? '') ?? [404, {}];
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((r) => server.close(r)));

  it("reads jwks_uri from the issuer's discovery document, only for issuers without jwksUrl", async () => {
    answers.set('/good/.well-known/openid-configuration', [200, { issuer: `${base}/good`, jwks_uri: `${base}/good/keys` }]);
    const found = await discoverIssuerJwksUrls({
      trustedIssuers: { good: { issuer: `${base}/good` }, given: { issuer: `${base}/none`, jwksUrl: `${base}/none/keys` } },
    });
    expect([...found]).toEqual([['good', `${base}/good/keys`]]);
  });

  it('stops, naming the issuer, the URL and the fix, when the document is missing or names another issuer', async () => {
    answers.set('/other/.well-known/openid-configuration', [200, { issuer: 'https://elsewhere.example', jwks_uri: `${base}/k` }]);
    await expect(discoverIssuerJwksUrls({ trustedIssuers: { gone: { issuer: `${base}/gone` } } })).rejects.toThrow(
      `platform.yaml trustedIssuers.gone: its discovery document ${base}/gone/.well-known/openid-configuration could not be read (HTTP 404); set trustedIssuers.gone.jwksUrl in platform.yaml to the issuer's JWKS URL`,
    );
    await expect(discoverIssuerJwksUrls({ trustedIssuers: { other: { issuer: `${base}/other` } } })).rejects.toThrow(
      /trustedIssuers\.other: the discovery document .* names issuer "https:\/\/elsewhere\.example", not "http:\/\/127\.0\.0\.1:\d+\/other"/,
    );
  });
});
