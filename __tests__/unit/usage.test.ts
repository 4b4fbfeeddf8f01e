/**
 * The usage report's rules without a server: one pass over login events gives, per customer,
 * the last token, counts over 7 and 30 days, failures in 24 hours, and each flag.
 */
import { Customer } from '../../model/customer';
import { aggregateUsage, LoginEvent, UsageReport, usageMarkdown } from '../../engine/usage';

const NOW = new Date('2026-11-29T12:00:00Z');
const H = 3_600_000;
const D = 24 * H;
const ago = (ms: number) => NOW.getTime() - ms;

const customer = (clientId: string, extra: Partial<Customer> = {}): Customer => ({
  clientId,
  file: `customers/${clientId}.yaml`,
  name: clientId,
  contact: `ops@${clientId}.example`,
  enabled: true,
  roles: [],
  accessTokenLifespan: 300,
  environments: ['local'],
  auth: { method: 'client-secret' },
  ...extra,
});
const ok = (clientId: string, time: number): LoginEvent => ({ type: 'CLIENT_LOGIN', clientId, time });
const fail = (clientId: string, time: number, error = 'invalid_client_credentials'): LoginEvent => ({
  type: 'CLIENT_LOGIN_ERROR',
  clientId,
  time,
  error,
});

const rowsOf = (customers: Customer[], events: LoginEvent[], unusedDays = 30) => {
  const { customers: rows, otherClients } = aggregateUsage(customers, events, NOW, unusedDays);
  return { rows: Object.fromEntries(rows.map((r) => [r.clientId, r])), otherClients };
};

describe('aggregateUsage', () => {
  it('counts tokens over 7 and 30 days and keeps the last one', () => {
    const { rows } = rowsOf(
      [customer('acme')],
      [ok('acme', ago(H)), ok('acme', ago(6 * D)), ok('acme', ago(8 * D)), ok('acme', ago(31 * D))],
    );
    expect(rows.acme).toMatchObject({
      status: 'enabled',
      tokens7d: 2,
      tokens30d: 3,
      failures24h: 0,
      lastToken: new Date(ago(H)).toISOString(),
      flags: [],
    });
  });

  it('flags a customer with no token at all as never used', () => {
    expect(rowsOf([customer('idle')], []).rows.idle).toMatchObject({
      tokens7d: 0,
      tokens30d: 0,
      lastToken: undefined,
      flags: ['never-used'],
    });
  });

  it('flags a customer whose last token is older than the unused threshold', () => {
    const events = [ok('old', ago(40 * D))];
    expect(rowsOf([customer('old')], events).rows.old.flags).toEqual(['unused']);
    expect(rowsOf([customer('old')], events, 60).rows.old.flags).toEqual([]);
  });

  it('counts failures of the last 24 hours by error, and flags failing now when no token came after them', () => {
    const { rows } = rowsOf(
      [customer('broken'), customer('recovered')],
      [
        ok('broken', ago(2 * D)),
        fail('broken', ago(2 * H)),
        fail('broken', ago(H)),
        fail('broken', ago(30 * H)),
        fail('recovered', ago(2 * H)),
        ok('recovered', ago(H)),
      ],
    );
    expect(rows.broken).toMatchObject({ failures24h: 2, failureErrors24h: { invalid_client_credentials: 2 }, flags: ['failing-now'] });
    expect(rows.recovered).toMatchObject({ failures24h: 1, flags: [] });
  });

  it('flags a failing customer that never had a token as both never used and failing now', () => {
    expect(rowsOf([customer('typo')], [fail('typo', ago(H))]).rows.typo.flags).toEqual(['never-used', 'failing-now']);
  });

  it('flags a disabled or expired customer that tried within 7 days', () => {
    const { rows } = rowsOf(
      [customer('suspended', { enabled: false }), customer('lapsed', { expires: '2026-11-01' }), customer('quiet', { enabled: false })],
      [
        fail('suspended', ago(3 * D), 'client_disabled'),
        fail('lapsed', ago(H), 'client_disabled'),
        fail('quiet', ago(8 * D), 'client_disabled'),
        ok('quiet', ago(20 * D)),
      ],
    );
    expect(rows.suspended).toMatchObject({ status: 'disabled', flags: ['never-used', 'disabled-but-trying'] });
    expect(rows.lapsed).toMatchObject({ status: 'expired', flags: ['never-used', 'failing-now', 'disabled-but-trying'] });
    expect(rows.quiet).toMatchObject({ status: 'disabled', flags: [] });
  });

  it('counts attempts by clients that are not customers apart, and ignores events without a client', () => {
    const { rows, otherClients } = rowsOf(
      [customer('acme')],
      [fail('gone', ago(H), 'client_not_found'), fail('gone', ago(2 * H)), { type: 'CLIENT_LOGIN_ERROR', time: ago(H) }],
    );
    expect(otherClients).toEqual({ gone: 2 });
    expect(rows.acme.failures24h).toBe(0);
  });
});

describe('usageMarkdown', () => {
  it('is one table row per customer with its flags in words', () => {
    const { customers, otherClients } = aggregateUsage(
      [customer('acme'), customer('idle')],
      [ok('acme', ago(H)), fail('acme', ago(2 * H))],
      NOW,
      30,
    );
    const report: UsageReport = {
      environment: 'prod',
      realm: 'partners',
      generatedAt: NOW.toISOString(),
      eventRetention: '90d',
      unusedDays: 30,
      eventsRead: 2,
      pages: 1,
      customers,
      otherClients,
    };
    const md = usageMarkdown(report);
    expect(md).toContain('| customer | status | last token | tokens 7 d | tokens 30 d | failures 24 h | flags |');
    expect(md).toContain('| `acme` | enabled | 2026-11-29 11:00 UTC | 1 | 1 | 1 (invalid_client_credentials ×1) |  |');
    expect(md).toContain('| `idle` | enabled | - | 0 | 0 | 0 | never used |');
    expect(md).toContain('From 2 login event(s) kept for 90 days');
  });
});
