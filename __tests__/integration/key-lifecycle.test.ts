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
import { CustomerSpec, describeIntegration, planIsEmpty, sleep, TestProject } from './support/harness';

/**
 * The grace period of the rotation test: short enough to wait for, long enough for the rest of
 * the apply and the first checks after the rotation, however loaded the machine (the test reads
 * when the grace period ends from Keycloak, and says so if the checks came too late).
 */
const GRACE_SECONDS = 60;
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
/** When Keycloak stops accepting a client's previous secret (its rotation attribute), in ms since 1970. */
const previousSecretEnds = (client: Record<string, any>): number => {
  const seconds = Number(client.attributes?.['client.secret.rotated.expiration.time']);
  if (!(seconds > 0))
    throw new Error(`client ${client.clientId} has no rotated secret (attributes: ${Object.keys(client.attributes ?? {}).join(', ')})`);
  return seconds * 1000;
};
/** Parses the `credentials` command's "YYYY-MM-DD HH:MM UTC" (to the minute). */
const utcMinute = (text: unknown): number => Date.parse(String(text).replace(' UTC', ':00Z').replace(' ', 'T'));
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
    ({ ctx: pipeline, api: asProvisioner } = await p.pipelineAfterPlatformDeploy('api-keys-provisioner'));

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
    const deployStarted = Date.now();
    await deploy(pipeline, { planFile });
    // (the first thing after the deploy: the old secret during the grace period)
    const oldDuringGrace = await p.token('rot-short', old);
    const checkedAt = Date.now();
    const current = await p.secret('rot-short');
    expect(current).not.toBe(old);
    // Keycloak's own end of the grace period: the rotation happened during the deploy
    const graceEnds = previousSecretEnds(await p.client('rot-short'));
    expect(graceEnds).toBeGreaterThanOrEqual(deployStarted + GRACE_SECONDS * 1000 - 1000);
    if (checkedAt >= graceEnds)
      throw new Error(
        `the old secret was checked ${(checkedAt - graceEnds) / 1000} s after its grace period ended: the apply took longer than ${GRACE_SECONDS} s after the rotation`,
      );
    // THEN both secrets get tokens during the grace period
    expect(oldDuringGrace.status).toBe(200);
    expect((await p.token('rot-short', current)).status).toBe(200);
    // AND the other customer keeps its secret, which works
    expect(await p.secret('rot-other')).toBe(other);
    expect((await p.token('rot-other', other)).status).toBe(200);
    // AND credentials shows both expiry times (to the minute), and neither secret without being asked
    const info = await credentials(p.ws, 'rot-short');
    expect(info.previous_secret_works_until).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
    expect(utcMinute(info.previous_secret_works_until)).toBe(Math.floor(graceEnds / 60_000) * 60_000);
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

    // WHEN the grace period is over (by Keycloak's reckoning, on this machine's clock)
    await sleep(Math.max(0, graceEnds + 2000 - Date.now()));
    // THEN only the new secret works
    expect((await p.token('rot-short', old)).status).toBe(401);
    expect((await p.token('rot-short', current)).status).toBe(200);
    expect((await credentials(p.ws, 'rot-short')).previous_secret_works_until).toMatch(/\(expired\)$/);
  });

  it('a customer without the short grace period gets its own (7 days): Keycloak keeps its old secret that long, and both work', async () => {
    await p.given(customers(ROTATED), pipeline);
    const old = await p.secret('rot-other');
    p.writeCustomer('rot-other', ROTATED_BOTH['rot-other']);
    const deployStarted = Date.now();
    await deploy(pipeline);
    const current = await p.secret('rot-other');
    expect(current).not.toBe(old);
    // the end of its grace period, as Keycloak enforces it and as credentials shows it
    const graceEnds = previousSecretEnds(await p.client('rot-other'));
    expect(graceEnds).toBeGreaterThanOrEqual(deployStarted + 7 * 86_400_000 - 1000);
    expect(graceEnds).toBeLessThanOrEqual(Date.now() + 7 * 86_400_000);
    const info = await credentials(p.ws, 'rot-other');
    expect(utcMinute(info.previous_secret_works_until)).toBe(Math.floor(graceEnds / 60_000) * 60_000);
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
    await p.given(customers(), pipeline);
    const rowsOf = async () => Object.fromEntries((await usage(pipeline, {})).customers.map((r) => [r.clientId, r]));
    // (counts are taken relative to this test's own requests: other tests may use these customers too)
    const before = await rowsOf();
    const busy = await p.secret('u-busy');
    const firstRequest = Date.now();
    for (let i = 0; i < 3; i++) expect((await p.token('u-busy', busy)).status).toBe(200);
    for (let i = 0; i < 2; i++) expect((await p.token('u-wrong', 'not-the-secret')).status).toBe(401);
    expect((await p.token('u-off', await p.secret('u-off'))).status).toBe(401);
    const since = Date.now();
    // WHEN the pipeline's identity reads the usage
    const report = await usage(pipeline, {});
    const rows = Object.fromEntries(report.customers.map((r) => [r.clientId, r]));
    const delta = (id: string) => ({
      tokens7d: rows[id].tokens7d - before[id].tokens7d,
      tokens30d: rows[id].tokens30d - before[id].tokens30d,
      failures24h: rows[id].failures24h - before[id].failures24h,
    });
    // THEN exactly what happened
    expect(delta('u-busy')).toEqual({ tokens7d: 3, tokens30d: 3, failures24h: 0 });
    expect(rows['u-busy']).toMatchObject({ status: 'enabled', flags: [] });
    expect(Date.parse(rows['u-busy'].lastToken!)).toBeLessThanOrEqual(since);
    expect(Date.parse(rows['u-busy'].lastToken!)).toBeGreaterThanOrEqual(firstRequest - 1000);
    expect(delta('u-wrong')).toEqual({ tokens7d: 0, tokens30d: 0, failures24h: 2 });
    expect(rows['u-wrong']).toMatchObject({ tokens30d: 0, flags: ['never-used', 'failing-now'] });
    expect(
      rows['u-wrong'].failureErrors24h.invalid_client_credentials - (before['u-wrong'].failureErrors24h.invalid_client_credentials ?? 0),
    ).toBe(2);
    expect(rows['u-idle']).toMatchObject({ tokens30d: 0, failures24h: 0, flags: ['never-used'] });
    expect(delta('u-off')).toEqual({ tokens7d: 0, tokens30d: 0, failures24h: 1 });
    expect(rows['u-off'].failureErrors24h.client_disabled - (before['u-off'].failureErrors24h.client_disabled ?? 0)).toBe(1);
    expect(rows['u-off']).toMatchObject({ status: 'disabled', flags: ['never-used', 'failing-now', 'disabled-but-trying'] });
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
    const wrong = rows['u-wrong'].failures24h;
    expect(md).toContain(
      `| \`u-wrong\` | enabled | - | 0 | 0 | ${wrong} (invalid_client_credentials ×${wrong}) | never used, failing now |`,
    );
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
    await p.given(customers(), pipeline);
    const reader = await p.pipelineAfterPlatformDeploy('api-keys-reader');
    const wrongOf = async (ctx: RunContext) => (await usage(ctx, {})).customers.find((r) => r.clientId === 'r-wrong')!;
    const before = await wrongOf(reader.ctx);
    // GIVEN two failed token requests of its own (counted relative to what was there before)
    for (let i = 0; i < 2; i++) expect((await p.token('r-wrong', 'not-the-secret')).status).toBe(401);
    const report = await usage(reader.ctx, {});
    const after = report.customers.find((r) => r.clientId === 'r-wrong')!;
    expect(after.failures24h - before.failures24h).toBe(2);
    expect(after.failureErrors24h.invalid_client_credentials - (before.failureErrors24h.invalid_client_credentials ?? 0)).toBe(2);
    expect(after).toMatchObject({ tokens30d: 0, flags: ['never-used', 'failing-now'] });
    // the same report as the provisioning identity's, customer for customer
    expect(report.customers).toEqual((await usage(pipeline, {})).customers);
    const asReader = reader.api;
    const config = await p.admin.get<Record<string, unknown>>(`/${p.realm}/events/config`);
    expect((await asReader.request('PUT', `/${p.realm}/events/config`, { ...config, eventsEnabled: false })).status).toBe(403);
    expect((await asReader.request('DELETE', `/${p.realm}/events`)).status).toBe(403);
  });
});
