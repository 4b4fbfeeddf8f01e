/**
 * The key lifecycle without a server: expiry dates and rotation grace periods (one test per
 * validation rule), what reaches the synthesized stacks, the plan's lifecycle notes, and the
 * secret expiry times `credentials` shows.
 */
import { loadProject } from '../../model/load';
import { daysUntil, effectiveEnabled, expiries, isExpired, newCustomerExpiryProblems, utcDate } from '../../model/lifecycle';
import { formatProblem } from '../../model/problems';
import { secretExpiry } from '../../engine/credentials';
import { expiringMarkdown, lifecycleMarkdown, lifecycleNotes } from '../../engine/lifecycle-report';
import { PlanSummary } from '../../engine/plan-summary';
import { find, PLATFORM, removeTempDirs, resourcesOf, synthApp, TestProject, VALID_CUSTOMER } from './helpers';
import { OpenidClient } from '../../.gen/providers/keycloak/openid-client';
import { RealmClientPolicyProfile } from '../../.gen/providers/keycloak/realm-client-policy-profile';
import { RealmClientPolicyProfilePolicy } from '../../.gen/providers/keycloak/realm-client-policy-profile-policy';
import { RealmEvents } from '../../.gen/providers/keycloak/realm-events';

afterAll(removeTempDirs);

const ROTATION = { gracePeriod: '7d', gracePeriods: ['1d', '7d', '30d'] };
const withRotation = { ...PLATFORM, secretRotation: ROTATION };
const NOW = new Date('2026-11-29T10:00:00Z');

const customerProblems = (yaml: string, platform: Record<string, unknown> = withRotation) =>
  new TestProject({ platform, customers: { 'acme.yaml': `${VALID_CUSTOMER}${yaml}` } }).problems();
const platformProblems = (platform: Record<string, unknown>) => new TestProject({ platform, customers: {} }).problems();
const load = (yaml: string, platform: Record<string, unknown> = withRotation) =>
  new TestProject({ platform, customers: { 'acme.yaml': `${VALID_CUSTOMER}${yaml}` } }).load().customers[0];

describe('expires: validation', () => {
  it('accepts a date, quoted or not', () => {
    expect(load('expires: 2027-03-31\n').expires).toBe('2027-03-31');
    expect(load('expires: "2027-03-31"\n').expires).toBe('2027-03-31');
  });

  it.each([
    ['2027-3-31', '"2027-3-31" is not a date'],
    ['2027-02-30', '"2027-02-30" is not a date'],
    ['31.03.2027', '"31.03.2027" is not a date'],
  ])('rejects %s', (value, problem) => {
    expect(customerProblems(`expires: "${value}"\n`)).toEqual([
      `customers/acme.yaml: expires: ${problem} (write the date as YYYY-MM-DD, e.g. 2027-03-31)`,
    ]);
  });

  it('rejects a number', () => {
    expect(customerProblems('expires: 20270331\n')).toEqual([
      'customers/acme.yaml: expires: expected string, got number 20270331 (write expires as a string)',
    ]);
  });

  it('refuses a new customer whose date is today or past, and names file, field and fix', () => {
    const [acme] = new TestProject({ customers: { 'acme.yaml': `${VALID_CUSTOMER}expires: 2026-11-29\n` } }).load().customers;
    expect(newCustomerExpiryProblems([acme], ['acme'], NOW).map(formatProblem)).toEqual([
      'customers/acme.yaml: expires: 2026-11-29 is not after today (2026-11-29), and acme is a new customer (a new key must expire in the future: fix the date, or remove expires)',
    ]);
    // AND an existing customer may expire (that is the point), and a future date is fine
    expect(newCustomerExpiryProblems([acme], [], NOW)).toEqual([]);
    expect(newCustomerExpiryProblems([{ ...acme, expires: '2026-11-30' }], ['acme'], NOW)).toEqual([]);
  });
});

describe('expires: dates in UTC', () => {
  const c = (expires?: string) => ({ enabled: true, expires });

  it('expires from 00:00 UTC on the date', () => {
    expect(isExpired(c('2026-11-30'), new Date('2026-11-29T23:59:59Z'))).toBe(false);
    expect(isExpired(c('2026-11-30'), new Date('2026-11-30T00:00:00Z'))).toBe(true);
    expect(isExpired(c(undefined), NOW)).toBe(false);
  });

  it('is enabled only when the file says so and the date has not come', () => {
    expect(effectiveEnabled(c('2027-01-01'), NOW)).toBe(true);
    expect(effectiveEnabled(c('2026-01-01'), NOW)).toBe(false);
    expect(effectiveEnabled({ enabled: false, expires: undefined }, NOW)).toBe(false);
  });

  it('counts whole days, 0 on the day', () => {
    expect(utcDate(NOW)).toBe('2026-11-29');
    expect(daysUntil('2026-11-29', NOW)).toBe(0);
    expect(daysUntil('2026-12-29', NOW)).toBe(30);
    expect(daysUntil('2026-11-01', NOW)).toBe(-28);
  });

  it('lists expired customers and those expiring within 30 days, by date', () => {
    const customers = [
      ['late', '2026-12-30'],
      ['soon', '2026-12-29'],
      ['gone', '2026-11-01'],
      ['today', '2026-11-29'],
      ['never', undefined],
    ].map(([clientId, expires]) => ({ ...load(''), clientId: clientId!, expires }));
    expect(expiries(customers, NOW)).toEqual({
      expired: [
        { clientId: 'gone', expires: '2026-11-01', days: -28 },
        { clientId: 'today', expires: '2026-11-29', days: 0 },
      ],
      expiring: [{ clientId: 'soon', expires: '2026-12-29', days: 30 }],
    });
  });
});

describe('expires: synthesized', () => {
  const client = (yaml: string, now: Date) => {
    const root = new TestProject({ customers: { 'acme.yaml': `${VALID_CUSTOMER}${yaml}` } }).root;
    const stacks = synthApp({ root, environments: ['local'], now });
    const json = stacks['api-keys-local'];
    return Object.values(resourcesOf(json, OpenidClient.tfResourceType)).find((c) => c.client_id === 'acme')!;
  };

  it('disables the client from the date on, and records the date on it', () => {
    expect(client('expires: 2026-11-30\n', NOW)).toMatchObject({ enabled: true, extra_config: { 'api-keys.expires': '2026-11-30' } });
    expect(client('expires: 2026-11-30\n', new Date('2026-11-30T00:00:00Z')).enabled).toBe(false);
  });

  it('keeps a suspended customer disabled whatever its date', () => {
    expect(client('enabled: false\nexpires: 2030-01-01\n', NOW).enabled).toBe(false);
  });
});

describe('secretRotation with a grace period: validation', () => {
  it("takes the platform default, or the customer's choice from the catalog", () => {
    expect(load('secretRotation: "2026-12"\n')).toMatchObject({ secretRotation: '2026-12', secretGracePeriod: '7d' });
    expect(load('secretRotation:\n  id: "2026-12"\n  gracePeriod: 30d\n')).toMatchObject({
      secretRotation: '2026-12',
      secretGracePeriod: '30d',
    });
    // AND a customer that has never rotated still gets its grace period (for its first rotation)
    expect(load('')).toMatchObject({ secretRotation: undefined, secretGracePeriod: '7d' });
  });

  it('gives no grace period without the platform block, nor to customers without a secret', () => {
    expect(load('secretRotation: "2026-12"\n', PLATFORM).secretGracePeriod).toBeUndefined();
    expect(load('auth:\n  method: mtls\n  subjectDn: CN=acme\n').secretGracePeriod).toBeUndefined();
  });

  it('rejects a grace period outside the catalog, suggesting the same length', () => {
    expect(customerProblems('secretRotation:\n  id: a\n  gracePeriod: 168h\n')).toEqual([
      'customers/acme.yaml: secretRotation.gracePeriod: unknown grace period "168h" (did you mean "7d"? known: 1d, 7d, 30d (secretRotation.gracePeriods in platform.yaml))',
    ]);
  });

  it('rejects a grace period when the platform has none', () => {
    expect(customerProblems('secretRotation:\n  id: a\n  gracePeriod: 7d\n', PLATFORM)).toEqual([
      'customers/acme.yaml: secretRotation.gracePeriod: the platform has no rotation grace periods (remove gracePeriod, or add secretRotation (gracePeriod, gracePeriods) to platform.yaml first)',
    ]);
  });

  it('rejects a grace period that is not a duration', () => {
    expect(customerProblems('secretRotation:\n  id: a\n  gracePeriod: a week\n')).toEqual([
      'customers/acme.yaml: secretRotation.gracePeriod: "a week" is not a duration (write a whole number and a unit: s, m, h or d, e.g. 7d or 12h)',
    ]);
  });

  it('rejects an object without id, and unknown fields', () => {
    expect(customerProblems('secretRotation:\n  gracePeriod: 7d\n')).toEqual([
      'customers/acme.yaml: secretRotation.id: is required (add secretRotation.id)',
    ]);
    expect(customerProblems('secretRotation:\n  id: a\n  grace: 7d\n')).toEqual([
      'customers/acme.yaml: secretRotation.grace: unknown field "grace" (allowed fields: id, gracePeriod)',
    ]);
  });

  it('rejects a number, naming both forms', () => {
    expect(customerProblems('secretRotation: 2026\n')).toEqual([
      'customers/acme.yaml: secretRotation: expected string or object, got number 2026 (write secretRotation as text, e.g. "2026-12", or a mapping)',
    ]);
  });
});

describe('platform secretRotation and usage: validation', () => {
  it('requires the default grace period to be in the catalog', () => {
    expect(platformProblems({ ...PLATFORM, secretRotation: { gracePeriod: '2d', gracePeriods: ['1d'] } })).toEqual([
      'platform.yaml: secretRotation.gracePeriod: "2d" is not one of secretRotation.gracePeriods (add it to gracePeriods or choose one of: 1d)',
    ]);
  });

  it('rejects the same period twice', () => {
    expect(platformProblems({ ...PLATFORM, secretRotation: { gracePeriod: '1d', gracePeriods: ['1d', '24h'] } })).toEqual([
      'platform.yaml: secretRotation.gracePeriods[1]: "24h" is the same period as "1d" (list each grace period once)',
    ]);
  });

  it('rejects an empty catalog', () => {
    expect(platformProblems({ ...PLATFORM, secretRotation: { gracePeriod: '1d', gracePeriods: [] } })).toEqual([
      'platform.yaml: secretRotation.gracePeriods: must not be empty (fill in secretRotation.gracePeriods)',
    ]);
  });

  it('requires maxSecretAge to outlast every grace period', () => {
    expect(platformProblems({ ...PLATFORM, secretRotation: { ...ROTATION, maxSecretAge: '30d' } })).toEqual([
      'platform.yaml: secretRotation.maxSecretAge: "30d" is not longer than the longest grace period (Keycloak refuses a rotation policy whose secrets expire before the overlap ends; raise maxSecretAge (default 1825d))',
    ]);
  });

  it('requires an event retention of at least 30 days, in duration form', () => {
    expect(platformProblems({ ...PLATFORM, usage: { eventRetention: '29d' } })).toEqual([
      'platform.yaml: usage.eventRetention: "29d" is shorter than 30 days (the usage report counts tokens over 30 days; use 30d or more (default 90d))',
    ]);
    expect(platformProblems({ ...PLATFORM, usage: { eventRetention: 90 } })).toEqual([
      'platform.yaml: usage.eventRetention: expected string, got number 90 (write usage.eventRetention as a string)',
    ]);
  });
});

describe('platform stack: rotation policies and login events', () => {
  const platformStack = (platform: Record<string, unknown>) =>
    new TestProject({ platform, customers: { 'acme.yaml': VALID_CUSTOMER } }).synth();

  it('stores exactly the client-credentials login events, for the retention of platform.yaml', () => {
    const { platform } = platformStack({ ...PLATFORM, usage: { eventRetention: '35d' } });
    expect(find(platform, RealmEvents.tfResourceType, 'login-events/events').body).toMatchObject({
      events_enabled: true,
      events_expiration: 35 * 86_400,
      enabled_event_types: ['CLIENT_LOGIN', 'CLIENT_LOGIN_ERROR'],
      events_listeners: ['jboss-logging'],
      admin_events_enabled: false,
    });
    // AND the default retention is 90 days
    expect(find(platformStack(PLATFORM).platform, RealmEvents.tfResourceType, 'login-events/events').body.events_expiration).toBe(
      90 * 86_400,
    );
  });

  it('has one profile and one policy per grace period, matching the client attribute', () => {
    const { platform, customers } = platformStack(withRotation);
    for (const [period, seconds] of [
      ['1d', 86_400],
      ['7d', 604_800],
      ['30d', 2_592_000],
    ] as const) {
      const profile = find(platform, RealmClientPolicyProfile.tfResourceType, `secret-rotation/profile-${period}`).body;
      expect(profile.name).toBe(`api-keys-secret-rotation-${period}`);
      expect(profile.executor).toEqual([
        {
          name: 'secret-rotation',
          configuration: {
            'expiration-period': String(1825 * 86_400),
            'rotated-expiration-period': String(seconds),
            'remaining-rotation-period': '60',
          },
        },
      ]);
      const policy = find(platform, RealmClientPolicyProfilePolicy.tfResourceType, `secret-rotation/policy-${period}`).body;
      expect(policy.condition).toEqual([
        {
          name: 'client-attributes',
          configuration: {
            'is-negative-logic': 'false',
            type: 'AND',
            attributes: ` ${JSON.stringify([{ key: 'api-keys.secret-grace-period', value: period }])}`,
          },
        },
      ]);
    }
    // AND the customer carries the attribute its policy matches
    const acme = Object.values(resourcesOf(customers, OpenidClient.tfResourceType)).find((c) => c.client_id === 'acme')!;
    expect(acme.extra_config['api-keys.secret-grace-period']).toBe('7d');
  });

  it('has no rotation policy without the platform block (servers without the preview feature keep working)', () => {
    const { platform } = platformStack(PLATFORM);
    expect(resourcesOf(platform, RealmClientPolicyProfile.tfResourceType)).toEqual({});
    expect(resourcesOf(platform, RealmClientPolicyProfilePolicy.tfResourceType)).toEqual({});
  });

  it('the repository platform.yaml loads, with rotation and events', () => {
    const { platform } = loadProject({ root: `${__dirname}/../..` });
    expect(platform.secretRotation?.gracePeriods).toContain(platform.secretRotation?.gracePeriod);
    expect(platform.usage.eventRetention).toBe('90d');
  });
});

describe('lifecycle notes in plans and drift reports', () => {
  const summary = (changed: { name: string; attributes: { attribute: string; before: string; after: string }[] }[]): PlanSummary => ({
    customers: {
      added: [],
      changed: changed.map((c) => ({
        name: c.name,
        action: 'change',
        headline: c.name,
        resources: [],
        attributes: c.attributes.map((a) => ({ resource: 'r', label: a.attribute, ...a })),
      })),
      removed: [],
      unchanged: [],
    },
    platform: [],
    counts: { add: 0, change: changed.length, remove: 0 },
  });
  const base = () => new TestProject({ platform: withRotation, customers: { 'acme.yaml': VALID_CUSTOMER } }).load().customers[0];

  it('says which secret rotates and until when the old one works', () => {
    const acme = { ...base(), secretRotation: '2026-12' };
    const notes = lifecycleNotes(
      [acme],
      summary([
        { name: 'acme', attributes: [{ attribute: 'client_secret_regenerate_when_changed', before: '(sensitive)', after: '(sensitive)' }] },
      ]),
      NOW,
    );
    expect(lifecycleMarkdown(notes)).toContain(
      "- rotates `acme`'s secret; the old one keeps working until 2026-12-06 10:00 UTC (7d after the deploy)",
    );
    // AND without a grace period it says the old one stops at once
    const plain = lifecycleNotes(
      [{ ...acme, secretGracePeriod: undefined }],
      summary([
        { name: 'acme', attributes: [{ attribute: 'client_secret_regenerate_when_changed', before: '(sensitive)', after: '(sensitive)' }] },
      ]),
      NOW,
    );
    expect(lifecycleMarkdown(plain)).toContain("rotates `acme`'s secret; the old one stops working at once");
  });

  it('says "expired on <date>" and whether this plan disables the customer', () => {
    const acme = { ...base(), expires: '2026-11-01' };
    const disabling = lifecycleNotes(
      [acme],
      summary([{ name: 'acme', attributes: [{ attribute: 'enabled', before: 'true', after: 'false' }] }]),
      NOW,
    );
    expect(lifecycleMarkdown(disabling)).toContain('- `acme` expired on 2026-11-01: this deploy disables it');
    expect(lifecycleMarkdown(lifecycleNotes([acme], summary([]), NOW))).toContain('- `acme` expired on 2026-11-01 (disabled)');
  });

  it('lists customers expiring within 30 days, and the nightly issue body', () => {
    const notes = lifecycleNotes(
      [
        { ...base(), expires: '2026-12-10' },
        { ...base(), clientId: 'later', expires: '2027-06-01' },
      ],
      summary([]),
      NOW,
    );
    expect(lifecycleMarkdown(notes)).toContain('- `acme` expires on 2026-12-10 (in 11 days)');
    expect(lifecycleMarkdown(notes)).not.toContain('later');
    expect(expiringMarkdown('prod', notes)).toContain('| `acme` | 2026-12-10 | 11 |');
    // AND nothing to say, no section and no issue
    expect(lifecycleMarkdown(lifecycleNotes([base()], summary([]), NOW))).toBe('');
    expect(expiringMarkdown('prod', lifecycleNotes([base()], summary([]), NOW))).toBe('');
  });
});

describe('credentials: secret expiry times', () => {
  it('shows when the secret expires and until when the previous one works, never a secret', () => {
    const attributes = {
      'client.secret.expiration.time': String(Date.parse('2031-11-28T10:00:00Z') / 1000),
      'client.secret.rotated.expiration.time': String(Date.parse('2026-12-06T10:00:00Z') / 1000),
      'client.secret.rotated': 'the-old-secret',
    };
    expect(secretExpiry(attributes, NOW)).toEqual({
      secret_expires: '2031-11-28 10:00 UTC',
      previous_secret_works_until: '2026-12-06 10:00 UTC',
    });
    expect(secretExpiry(attributes, new Date('2026-12-07T00:00:00Z')).previous_secret_works_until).toBe('2026-12-06 10:00 UTC (expired)');
    expect(secretExpiry({}, NOW)).toEqual({ secret_expires: 'never' });
  });
});
