/**
 * The rule tables of model/, one case per rule, called directly on a subject: each case
 * names the file, the field, what is wrong and the fix, and every rule reports all of its
 * failures, not just the first. A rule added without a case here fails the last test.
 */
import {
  CLIENT_ID_RULES,
  ClientIdSubject,
  REFERENCE_RULES,
  ReferencesSubject,
  WORKLOAD_IDENTITY_RULES,
  WorkloadIdentitySubject,
} from '../../model/customer-rules';
import { Platform, platformSchema } from '../../model/platform';
import { PLATFORM_RULES, PlatformSubject } from '../../model/platform-rules';
import { formatProblem } from '../../model/problems';
import { checkAll, Rule } from '../../model/rules';
import { PLATFORM } from './helpers';

/** The platform of most unit tests, with defaults applied, changed by `change`. */
function platform(change: (raw: Record<string, any>) => void = () => undefined): Platform {
  const raw = structuredClone(PLATFORM) as Record<string, any>;
  change(raw);
  return platformSchema.parse(raw);
}

const ROTATION = { gracePeriod: '7d', gracePeriods: ['1d', '7d'] };

interface Case<T> {
  readonly subject: T;
  readonly lines: string[];
}

const platformCases: Record<string, Case<PlatformSubject>> = {
  'the API is not a built-in client': {
    subject: { file: 'platform.yaml', platform: platform((p) => (p.api.clientId = 'broker')) },
    lines: [
      'platform.yaml: api.clientId: "broker" is one of Keycloak\'s built-in clients (choose the id of your backend API, e.g. "orders-api")',
    ],
  },
  'the provisioning identity is neither a built-in client nor the API': {
    subject: { file: 'platform.yaml', platform: platform((p) => (p.provisioner = { clientId: 'orders-api' })) },
    lines: [
      'platform.yaml: provisioner.clientId: "orders-api" is also the API\'s client id (give the provisioning identity its own id, e.g. "api-keys-provisioner")',
    ],
  },
  'the read-only identity has an id of its own': {
    subject: { file: 'platform.yaml', platform: platform((p) => (p.reader = { clientId: 'api-keys-provisioner' })) },
    lines: [
      'platform.yaml: reader.clientId: "api-keys-provisioner" is already taken (a built-in client, the API or the provisioning identity) (leave it out for the default "api-keys-reader")',
    ],
  },
  'each rotation grace period is listed once': {
    subject: {
      file: 'platform.yaml',
      platform: platform((p) => (p.secretRotation = { gracePeriod: '1d', gracePeriods: ['1d', '24h', '7d', '168h'] })),
    },
    lines: [
      'platform.yaml: secretRotation.gracePeriods[1]: "24h" is the same period as "1d" (list each grace period once)',
      'platform.yaml: secretRotation.gracePeriods[3]: "168h" is the same period as "7d" (list each grace period once)',
    ],
  },
  'the default grace period is one of the grace periods': {
    subject: { file: 'platform.yaml', platform: platform((p) => (p.secretRotation = { ...ROTATION, gracePeriod: '2d' })) },
    lines: [
      'platform.yaml: secretRotation.gracePeriod: "2d" is not one of secretRotation.gracePeriods (add it to gracePeriods or choose one of: 1d, 7d)',
    ],
  },
  'secrets live longer than the longest grace period': {
    subject: { file: 'platform.yaml', platform: platform((p) => (p.secretRotation = { ...ROTATION, maxSecretAge: '7d' })) },
    lines: [
      'platform.yaml: secretRotation.maxSecretAge: "7d" is not longer than the longest grace period (Keycloak refuses a rotation policy whose secrets expire before the overlap ends; raise maxSecretAge (default 1825d))',
    ],
  },
  'login events are kept for the 30 days the usage report counts': {
    subject: { file: 'platform.yaml', platform: platform((p) => (p.usage = { eventRetention: '29d' })) },
    lines: [
      'platform.yaml: usage.eventRetention: "29d" is shorter than 30 days (the usage report counts tokens over 30 days; use 30d or more (default 90d))',
    ],
  },
};

const RENAME = 'rename the file after the customer, e.g. acme-corp.yaml';
const clientIdCases: Record<string, Case<ClientIdSubject>> = {
  'the file name is a valid client id': {
    subject: { file: 'customers/Acme_Corp.yml', id: 'Acme_Corp' },
    lines: [
      'customers/Acme_Corp.yml: (file name): client id "Acme_Corp" must be 3-63 lowercase ASCII letters, digits or "-", starting with a letter (rename the file to acme-corp.yml)',
    ],
  },
  'the client id is not a built-in client': {
    subject: { file: 'customers/broker.yaml', id: 'broker' },
    lines: [
      'customers/broker.yaml: (file name): client id "broker" is reserved by Keycloak (rename the file; reserved ids: account, account-console, admin-cli, broker, realm-management, security-admin-console)',
    ],
  },
  "the client id is not the provisioning identity's": {
    subject: { file: 'customers/api-keys-provisioner.yaml', id: 'api-keys-provisioner', platform: platform() },
    lines: [
      `customers/api-keys-provisioner.yaml: (file name): client id "api-keys-provisioner" is the provisioning identity's client id (${RENAME})`,
    ],
  },
  "the client id is not the read-only identity's": {
    subject: { file: 'customers/api-keys-reader.yaml', id: 'api-keys-reader', platform: platform() },
    lines: [`customers/api-keys-reader.yaml: (file name): client id "api-keys-reader" is the read-only identity's client id (${RENAME})`],
  },
  "the client id is not the API's": {
    subject: { file: 'customers/orders-api.yaml', id: 'orders-api', platform: platform() },
    lines: [`customers/orders-api.yaml: (file name): client id "orders-api" is the backend API's own client id (${RENAME})`],
  },
  'each client id has one file': {
    subject: { file: 'customers/acme.yml', id: 'acme', claimedBy: 'customers/acme.yaml' },
    lines: [
      'customers/acme.yml: (file name): client id "acme" is also defined by customers/acme.yaml (each customer has exactly one file; merge the two files and delete one)',
    ],
  },
};

const CATALOG = ['orders:read', 'orders:write'];
const referenceCases: Record<string, Case<ReferencesSubject>> = {
  'every role is in the catalog, once': {
    subject: { file: 'customers/acme.yaml', roles: { granted: ['orders:read', 'orders:wrte', 'orders:read', 'admin'], catalog: CATALOG } },
    lines: [
      'customers/acme.yaml: roles[1]: unknown role "orders:wrte" (did you mean "orders:write"? known: orders:read, orders:write)',
      'customers/acme.yaml: roles[2]: role "orders:read" is listed twice (remove the duplicate)',
      'customers/acme.yaml: roles[3]: unknown role "admin" (known: orders:read, orders:write)',
    ],
  },
  'every environment is in environments.yaml, once': {
    subject: { file: 'customers/acme.yaml', environments: { listed: ['prod', 'prd', 'prod'], known: ['prod', 'staging'] } },
    lines: [
      'customers/acme.yaml: environments[1]: unknown environment "prd" (did you mean "prod"? known: prod, staging (environments.yaml))',
      'customers/acme.yaml: environments[2]: environment "prod" is listed twice (remove the duplicate)',
    ],
  },
  "the grace period is one of the platform's": {
    subject: { file: 'customers/acme.yaml', gracePeriod: { chosen: '24h', platform: platform((p) => (p.secretRotation = ROTATION)) } },
    lines: [
      'customers/acme.yaml: secretRotation.gracePeriod: unknown grace period "24h" (did you mean "1d"? known: 1d, 7d (secretRotation.gracePeriods in platform.yaml))',
    ],
  },
  "a federated customer's issuer is one of the platform's trusted issuers": {
    subject: { file: 'customers/acme.yaml', federatedIssuer: { chosen: 'acme-k8', trusted: ['acme-k8s', 'github'] } },
    lines: [
      'customers/acme.yaml: auth.issuer: unknown issuer "acme-k8" (did you mean "acme-k8s"? known: acme-k8s, github (trustedIssuers in platform.yaml))',
    ],
  },
};

const workloadIdentityCases: Record<string, Case<WorkloadIdentitySubject>> = {
  'each workload identity belongs to one customer per environment': {
    subject: {
      file: 'customers/billing.yaml',
      issuer: 'acme-k8s',
      subject: 'system:serviceaccount:billing:invoicer',
      claimedBy: { file: 'customers/acme.yaml', environment: 'prod' },
    },
    lines: [
      'customers/billing.yaml: auth.subject: issuer "acme-k8s" with subject "system:serviceaccount:billing:invoicer" is also used by customers/acme.yaml (environment prod) (one workload identity authenticates as one customer: give this customer its own workload (another service account or subject), or merge the two files)',
    ],
  },
};

function describeTable<T>(title: string, rules: readonly Rule<T>[], cases: Record<string, Case<T>>): void {
  describe(title, () => {
    it.each(rules.map((rule) => [rule.name, rule] as const))('%s', (name, rule) => {
      // GIVEN a subject that breaks this rule (and only this one)
      const { subject, lines } = cases[name] ?? { subject: undefined, lines: [] };
      expect(subject).toBeDefined();
      // WHEN the rule and then the whole table check it
      // THEN the rule reports every failure, each naming the file, the field and the fix, and no other rule fires
      expect(rule.check(subject!).map(formatProblem)).toEqual(lines);
      expect(checkAll(subject!, rules).map(formatProblem)).toEqual(lines);
    });

    it('has a case for every rule and a rule for every case', () => {
      expect(Object.keys(cases).sort()).toEqual(rules.map((r) => r.name).sort());
    });
  });
}

describeTable('platform rules', PLATFORM_RULES, platformCases);
describeTable('client id rules', CLIENT_ID_RULES, clientIdCases);
describeTable('reference rules', REFERENCE_RULES, referenceCases);
describeTable('workload identity rules', WORKLOAD_IDENTITY_RULES, workloadIdentityCases);

describe('the rules hold for good input', () => {
  it('finds nothing wrong with a valid platform, client id and references', () => {
    const p = platform((raw) => (raw.secretRotation = ROTATION));
    expect(checkAll({ file: 'platform.yaml', platform: p }, PLATFORM_RULES)).toEqual([]);
    expect(checkAll({ file: 'customers/acme.yaml', id: 'acme', platform: p }, CLIENT_ID_RULES)).toEqual([]);
    const references = {
      file: 'customers/acme.yaml',
      roles: { granted: CATALOG, catalog: CATALOG },
      environments: { listed: ['prod'], known: ['prod', 'staging'] },
      gracePeriod: { chosen: '7d', platform: p },
    };
    expect(checkAll(references, REFERENCE_RULES)).toEqual([]);
  });

  it('reports the failures of several rules together, in the order of the table', () => {
    // GIVEN a platform whose API is a built-in client and whose events are kept 7 days
    const p = platform((raw) => {
      raw.api.clientId = 'admin-cli';
      raw.usage = { eventRetention: '7d' };
    });
    // WHEN / THEN both are reported, in one run
    expect(checkAll({ file: 'platform.yaml', platform: p }, PLATFORM_RULES).map((x) => x.where)).toEqual([
      'api.clientId',
      'usage.eventRetention',
    ]);
  });
});
