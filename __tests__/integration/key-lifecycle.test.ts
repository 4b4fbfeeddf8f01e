/**
 * The life of a key on the real server: a rotation whose old secret keeps working for the
 * customer's grace period and then stops, an expiry date that disables the customer, and a
 * usage report that shows exactly who fetched tokens, who failed and who did nothing. The
 * pipeline's part runs with the provisioning identity, as in CI. Each test starts from the
 * customer files it names (`given`), so the tests pass in any order.
 */
import * as fs from 'fs';
import * as path from 'path';
import { AdminApi } from '../../engine/admin-api';
import { credentials } from '../../engine/credentials';
import { deploy } from '../../engine/deploy';
import { drift } from '../../engine/drift';
import { planForReview } from '../../engine/plan-review';
import { usage } from '../../engine/usage';
import { usageMarkdown } from '../../engine/usage';
import { RunContext } from '../../engine/steps';
import { CustomerSpec, describeIntegration, planIsEmpty, TestProject } from './support/harness';

/** The grace period of the rotation test: short enough to wait for. */
const GRACE_SECONDS = 20;
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const rotation = (id: string) => ({ id, gracePeriod: `${GRACE_SECONDS}s` });

/** Every customer of the realm, as the first test finds them; `changes` replaces some. */
const customers = (changes: Record<string, CustomerSpec> = {}): Record<string, CustomerSpec> => ({
  'rot-short': { roles: ['orders:read'], secretRotation: rotation('v1') },
  'rot-other': { roles: ['orders:read'] },
  'exp-soon': { roles: [], expires: day(10) },
  'exp-later': { roles: [], expires: day(60) },
  'u-busy': { roles: ['orders:read'] },
  'u-wrong': { roles: [] },
  'u-idle': { roles: [] },
  'u-off': { roles: [], enabled: false },
  // had a token, then expired (see beforeAll)
  'u-lapsed': { roles: [], expires: day(-1) },
  // the read-only identity's usage test makes its own failures here
  'r-wrong': { roles: [] },
  ...changes,
});
/** The files as the rotation tests leave them (in file order). */
const ROTATED = { 'rot-short': { roles: ['orders:read'], secretRotation: rotation('v2') } };
const ROTATED_BOTH = { ...ROTATED, 'rot-other': { roles: ['orders:read'], secretRotation: 'v2' } };

describeIntegration('key lifecycle', () => {
  let p: TestProject;
  let pipeline: RunContext;
  let asProvisioner: AdminApi;
  const reports = () => path.join(p.dir, 'reports');

  beforeAll(async () => {
    p = new TestProject('keys');
    // GIVEN a platform whose rotation catalog has a short grace period besides the usual ones
    const platformFile = path.join(p.dir, 'platform.yaml');
    const platform = fs.readFileSync(platformFile, 'utf8');
    fs.writeFileSync(platformFile, platform.replace('gracePeriods: [1d, 7d, 30d]', `gracePeriods: [${GRACE_SECONDS}s, 1d, 7d, 30d]`));
    expect(fs.readFileSync(platformFile, 'utf8')).toContain(`${GRACE_SECONDS}s`);
    // AND an administrator deployed the platform part; the pipeline holds only the provisioner's credentials
    await deploy({ ...p.ws, part: 'platform' });
    ({ ctx: pipeline, api: asProvisioner } = await p.pipelineIdentity('api-keys-provisioner'));

    // AND a customer that fetched a token, then expired (a past date is refused for a new customer)
    p.setCustomers(customers({ 'u-lapsed': { roles: [], expires: day(60) } }));
    await deploy(pipeline);
    expect((await p.token('u-lapsed', await p.secret('u-lapsed'))).status).toBe(200);
    p.setCustomers(customers());
    await deploy(pipeline);
    expect((await p.token('u-lapsed', await p.secret('u-lapsed'))).status).toBe(401);
  });
  afterAll(async () => {
    await p.deleteRealm();
    p.cleanup();
  });

  it('rotation: old and new secret both work for the grace period, then only the new one; others untouched', async () => {
    await p.given(customers(), pipeline);
    const [old, other] = [await p.secret('rot-short'), await p.secret('rot-other')];
    expect((await p.token('rot-short', old)).status).toBe(200);
    // WHEN the rotation value changes, the reviewed plan says until when the old secret works
    p.writeCustomer('rot-short', ROTATED['rot-short']);
    const { summary, planFile } = await planForReview(pipeline, reports());
    expect(summary.customers.changed.map((g) => g.name)).toEqual(['rot-short']);
    const md = fs.readFileSync(path.join(reports(), `api-keys-local.plan.md`), 'utf8');
    expect(md).toMatch(
      new RegExp(
        `rotates \`rot-short\`'s secret; the old one keeps working until \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC \\(${GRACE_SECONDS}s after the deploy\\)`,
      ),
    );
    await deploy(pipeline, { planFile });
    const rotatedAt = Date.now();
    const current = await p.secret('rot-short');
    expect(current).not.toBe(old);
    // THEN both secrets get tokens during the grace period
    expect((await p.token('rot-short', old)).status).toBe(200);
    expect((await p.token('rot-short', current)).status).toBe(200);
    // AND the other customer keeps its secret, which works
    expect(await p.secret('rot-other')).toBe(other);
    expect((await p.token('rot-other', other)).status).toBe(200);
    // AND credentials shows both expiry times, and neither secret without being asked
    const info = await credentials(p.ws, 'rot-short');
    expect(info.previous_secret_works_until).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
    expect(
      Math.abs(
        Date.parse(String(info.previous_secret_works_until).replace(' UTC', ':00Z').replace(' ', 'T')) - (rotatedAt + GRACE_SECONDS * 1000),
      ),
    ).toBeLessThan(120_000);
    expect(info.secret_expires).not.toBe('never');
    expect(JSON.stringify(info)).not.toContain(old);
    expect(JSON.stringify(info)).not.toContain(current);
    // AND the previous secret (a client attribute in Keycloak now) reached no plan, report or
    // current state (the engine's .backup is the state before the deploy, when it was current)
    const state = path.join(p.dir, 'state');
    for (const file of [
      ...fs.readdirSync(reports()).map((f) => path.join(reports(), f)),
      ...fs
        .readdirSync(state)
        .filter((f) => !f.endsWith('.backup'))
        .map((f) => path.join(state, f)),
    ]) {
      expect([file, fs.readFileSync(file).includes(old)]).toEqual([file, false]);
    }
    // AND the rotation policies and attributes cause no lasting diff. (Keycloak 26.7.3 attaches the
    // `service_account` scope again on every update of a client, so the deploy after any client
    // change repairs that first; a known one-off, not from rotation.)
    await deploy(p.ws);
    expect(await planIsEmpty(p.ws)).toBe(true);

    // WHEN the grace period is over
    await sleep(Math.max(0, rotatedAt + (GRACE_SECONDS + 3) * 1000 - Date.now()));
    // THEN only the new secret works
    expect((await p.token('rot-short', old)).status).toBe(401);
    expect((await p.token('rot-short', current)).status).toBe(200);
    expect((await credentials(p.ws, 'rot-short')).previous_secret_works_until).toMatch(/\(expired\)$/);
  });

  it('a customer without the short grace period gets its own (7 days): its old secret still works after 20 s', async () => {
    await p.given(customers(ROTATED), pipeline);
    const old = await p.secret('rot-other');
    p.writeCustomer('rot-other', ROTATED_BOTH['rot-other']);
    await deploy(pipeline);
    const current = await p.secret('rot-other');
    const info = await credentials(p.ws, 'rot-other');
    expect(Date.parse(String(info.previous_secret_works_until).replace(' UTC', ':00Z').replace(' ', 'T'))).toBeGreaterThan(
      Date.now() + 6 * 86_400_000,
    );
    await sleep((GRACE_SECONDS + 3) * 1000);
    expect((await p.token('rot-other', old)).status).toBe(200);
    expect((await p.token('rot-other', current)).status).toBe(200);
  });

  it('expiry: a past date disables the client on the next deploy, and its tokens are refused', async () => {
    await p.given(customers(ROTATED_BOTH), pipeline);
    const secret = await p.secret('exp-later');
    expect((await p.token('exp-later', secret)).status).toBe(200);
    const yesterday = day(-1);
    p.writeCustomer('exp-later', { roles: [], expires: yesterday });
    const { planFile } = await planForReview(pipeline, reports());
    expect(fs.readFileSync(path.join(reports(), 'api-keys-local.plan.md'), 'utf8')).toContain(
      `- \`exp-later\` expired on ${yesterday}: this deploy disables it`,
    );
    await deploy(pipeline, { planFile });
    const refused = await p.token('exp-later', secret);
    expect(refused.status).toBe(401);
    expect(refused.body.access_token).toBeUndefined();
    expect((await p.client('exp-later')).enabled).toBe(false);
    // AND the secret is kept, for a renewal
    expect(await p.secret('exp-later')).toBe(secret);
  });

  it('expiry: a new customer that has already expired is refused before anything is applied', async () => {
    p.writeCustomer('exp-typo', { roles: [], expires: day(-400) });
    try {
      await expect(deploy(pipeline)).rejects.toThrow(`customers/exp-typo.yaml: expires: ${day(-400)} is not after today`);
      expect(await p.admin.findClient(p.realm, 'exp-typo')).toBeUndefined();
    } finally {
      p.removeCustomer('exp-typo');
    }
  });

  it('expiry: the drift report lists customers expiring within 30 days, and writes the nightly issue body', async () => {
    // GIVEN exp-later expired (an existing customer, so a past date is accepted); given() also
    // repairs the `service_account` scope that disabling it brings back (see above)
    await p.given(customers({ ...ROTATED_BOTH, 'exp-later': { roles: [], expires: day(-1) } }), pipeline);
    expect(await drift(pipeline, reports())).toBe(0);
    const md = fs.readFileSync(path.join(reports(), 'api-keys-local.drift.md'), 'utf8');
    expect(md).toContain(`- \`exp-soon\` expires on ${day(10)} (in 10 days)`);
    const issue = fs.readFileSync(path.join(reports(), 'api-keys-local.expiring.md'), 'utf8');
    expect(issue).toContain(`| \`exp-soon\` | ${day(10)} | 10 |`);
    expect(issue).toContain('`exp-later`');
    expect(JSON.parse(fs.readFileSync(path.join(reports(), 'api-keys-local.drift.json'), 'utf8')).lifecycle.expiring).toEqual([
      { clientId: 'exp-soon', expires: day(10), days: 10 },
    ]);
  });

  it('usage: tokens for some customers, a wrong secret for one, nothing for another; the report shows exactly that', async () => {
    const busy = await p.secret('u-busy');
    for (let i = 0; i < 3; i++) expect((await p.token('u-busy', busy)).status).toBe(200);
    for (let i = 0; i < 2; i++) expect((await p.token('u-wrong', 'not-the-secret')).status).toBe(401);
    expect((await p.token('u-off', await p.secret('u-off'))).status).toBe(401);
    // WHEN the pipeline's identity reads the usage
    const report = await usage(pipeline, {});
    const rows = Object.fromEntries(report.customers.map((r) => [r.clientId, r]));
    // THEN exactly what happened
    expect(rows['u-busy']).toMatchObject({ status: 'enabled', tokens7d: 3, tokens30d: 3, failures24h: 0, flags: [] });
    expect(Date.now() - Date.parse(rows['u-busy'].lastToken!)).toBeLessThan(600_000);
    expect(rows['u-wrong']).toMatchObject({
      tokens30d: 0,
      failures24h: 2,
      failureErrors24h: { invalid_client_credentials: 2 },
      flags: ['never-used', 'failing-now'],
    });
    expect(rows['u-idle']).toMatchObject({ tokens30d: 0, failures24h: 0, flags: ['never-used'] });
    expect(rows['u-off']).toMatchObject({
      status: 'disabled',
      failureErrors24h: { client_disabled: 1 },
      flags: ['never-used', 'failing-now', 'disabled-but-trying'],
    });
    expect(rows['u-lapsed']).toMatchObject({ status: 'expired', flags: ['failing-now', 'disabled-but-trying'] });
    expect(rows['u-lapsed'].tokens30d).toBeGreaterThan(0);
    expect(report.pages).toBeGreaterThanOrEqual(1);
    // AND the same report in small pages is the same (events are aggregated once, whatever the paging)
    const { usageReport } = await import('../../engine/usage');
    const project = (await import('../../engine/validate')).validate(p.ws);
    const paged = await usageReport(asProvisioner, { environment: 'local', realm: p.realm }, project.customers, '90d', { pageSize: 2 });
    expect(paged.pages).toBeGreaterThan(3);
    expect(paged.customers.filter((r) => r.clientId.startsWith('u-'))).toEqual(report.customers.filter((r) => r.clientId.startsWith('u-')));
    // AND the Markdown has one row per customer, secrets nowhere
    const md = usageMarkdown(report);
    expect(md).toContain('| `u-idle` | enabled | - | 0 | 0 | 0 | never used |');
    expect(md).toContain('| `u-wrong` | enabled | - | 0 | 0 | 2 (invalid_client_credentials ×2) | never used, failing now |');
    expect(md).not.toContain(busy);
  });

  it('the provisioning identity can read events but not change what is stored, or delete events; no admin events exist', async () => {
    expect((await asProvisioner.request('GET', `/${p.realm}/events?max=1`)).status).toBe(200);
    const config = await p.admin.get<Record<string, unknown>>(`/${p.realm}/events/config`);
    expect(config).toMatchObject({ eventsEnabled: true, eventsExpiration: 90 * 86_400 });
    expect([...(config.enabledEventTypes as string[])].sort()).toEqual(['CLIENT_LOGIN', 'CLIENT_LOGIN_ERROR']);
    expect((await asProvisioner.request('PUT', `/${p.realm}/events/config`, { ...config, eventsEnabled: false })).status).toBe(403);
    expect((await asProvisioner.request('DELETE', `/${p.realm}/events`)).status).toBe(403);
    // view-events also reads admin events (Keycloak has no finer role); the platform stack keeps
    // them off, so there are none to read.
    expect(await asProvisioner.request('GET', `/${p.realm}/admin-events?max=1`)).toEqual({ status: 200, data: [] });
    expect(config).toMatchObject({ adminEventsEnabled: false, adminEventsDetailsEnabled: false });
    expect((await p.admin.get<Record<string, unknown>>(`/${p.realm}/events/config`)).eventsEnabled).toBe(true);
  });

  it('the read-only identity (the nightly job) gets the same usage report, and cannot change the events either', async () => {
    const reader = await p.pipelineIdentity('api-keys-reader');
    // GIVEN two failed token requests of its own (the usage test's counts stay its own)
    for (let i = 0; i < 2; i++) expect((await p.token('r-wrong', 'not-the-secret')).status).toBe(401);
    const report = await usage(reader.ctx, {});
    expect(report.customers.find((r) => r.clientId === 'r-wrong')).toMatchObject({
      failures24h: 2,
      failureErrors24h: { invalid_client_credentials: 2 },
      flags: ['never-used', 'failing-now'],
    });
    // the same report as the provisioning identity's, customer for customer
    expect(report.customers).toEqual((await usage(pipeline, {})).customers);
    const asReader = reader.api;
    const config = await p.admin.get<Record<string, unknown>>(`/${p.realm}/events/config`);
    expect((await asReader.request('PUT', `/${p.realm}/events/config`, { ...config, eventsEnabled: false })).status).toBe(403);
    expect((await asReader.request('DELETE', `/${p.realm}/events`)).status).toBe(403);
  });
});
