/**
 * Loads the project: reads the platform file, the environments file and every customer file,
 * checks each against its schema (model/schema-problems.ts) and its rules (model/*-rules.ts),
 * and assembles what the stacks are built from. All problems in all files are collected and
 * thrown together as one ValidationError; nothing partial is returned.
 */
import * as fs from 'fs';
import * as path from 'path';
import { isCaBundle, readCaBundle } from './ca-bundle';
import { Customer, customerFileSchema } from './customer';
import { CLIENT_ID_RULES, REFERENCE_RULES, WORKLOAD_IDENTITY_RULES } from './customer-rules';
import { DEFAULT_ENVIRONMENTS, Environments, environmentsSchema } from './environments';
import { Platform, platformSchema } from './platform';
import { PLATFORM_RULES } from './platform-rules';
import { Problem, ValidationError } from './problems';
import { checkAll } from './rules';
import { schemaProblems } from './schema-problems';
import { readYamlFile } from './yaml-file';

/** Files in customers/ that are not customer files but are allowed there. */
const ALLOWED_NON_CUSTOMER_FILES = new Set(['README.md', '.gitkeep']);

export interface LoadOptions {
  /** Project root; file names in problems are relative to it. @default process.cwd() */
  readonly root?: string;
  /** @default "platform.yaml" */
  readonly platformFile?: string;
  /** @default "customers" */
  readonly customersDir?: string;
  /** @default "environments.yaml" (optional: without it there is one environment, `local`) */
  readonly environmentsFile?: string;
}

export interface Project {
  readonly platform: Platform;
  /** Environment name -> where it deploys. */
  readonly environments: Environments;
  /** Sorted by client id. */
  readonly customers: readonly Customer[];
}

/** Loads everything, or throws a ValidationError listing every problem. */
export function loadProject(options: LoadOptions = {}): Project {
  const root = path.resolve(options.root ?? process.cwd());
  const problems: Problem[] = [];
  const { platform, catalog } = loadPlatform(root, options.platformFile ?? 'platform.yaml', problems);
  const environments = loadEnvironments(root, options.environmentsFile ?? 'environments.yaml', problems);
  const customers = loadCustomers(root, options.customersDir ?? 'customers', { platform, catalog, environments }, problems);
  if (problems.length > 0 || !platform || !environments) {
    throw new ValidationError(problems);
  }
  return { platform, environments, customers };
}

/** Only environments.yaml, for commands that need nothing else (`tools`, `doctor`). Throws a ValidationError. */
export function loadEnvironmentsFile(options: Pick<LoadOptions, 'root' | 'environmentsFile'> = {}): Environments {
  const problems: Problem[] = [];
  const environments = loadEnvironments(
    path.resolve(options.root ?? process.cwd()),
    options.environmentsFile ?? 'environments.yaml',
    problems,
  );
  if (problems.length > 0 || !environments) throw new ValidationError(problems);
  return environments;
}

function loadEnvironments(root: string, rel: string, problems: Problem[]): Environments | undefined {
  if (!fs.existsSync(path.join(root, rel))) return DEFAULT_ENVIRONMENTS;
  const { data, problems: unreadable } = readYamlFile(root, rel);
  if (!data) {
    problems.push(...unreadable);
    return undefined;
  }
  const parsed = environmentsSchema.safeParse(data, { reportInput: true });
  if (!parsed.success) {
    problems.push(...schemaProblems(rel, environmentsSchema, parsed.error));
    return undefined;
  }
  // Each `caCertificate` is read now: a missing or wrong file stops every command before any
  // work, named like a schema problem, instead of surfacing as a TLS error halfway through.
  const environments: Environments = {};
  let unusable = false;
  for (const [name, environment] of Object.entries(parsed.data)) {
    if (environment.caCertificate === undefined) {
      environments[name] = environment;
      continue;
    }
    const ca = readCaBundle(root, environment.caCertificate);
    if (isCaBundle(ca)) environments[name] = { ...environment, ca };
    else {
      problems.push({ file: rel, where: `${name}.caCertificate`, ...ca });
      unusable = true;
    }
  }
  return unusable ? undefined : environments;
}

/**
 * The platform, when valid, and the role catalog whenever `api.roles` has the shape of one:
 * customer roles are checked against it even when another platform field is wrong.
 */
function loadPlatform(root: string, rel: string, problems: Problem[]): { platform?: Platform; catalog?: string[] } {
  const { data, problems: unreadable } = readYamlFile(root, rel);
  if (!data) {
    problems.push(...unreadable);
    return {};
  }
  const parsed = platformSchema.safeParse(data, { reportInput: true });
  if (!parsed.success) {
    problems.push(...schemaProblems(rel, platformSchema, parsed.error));
    const roles = (data as { api?: { roles?: unknown } }).api?.roles;
    const catalogIssue = parsed.error.issues.some((i) => i.path[0] === 'api' && (i.path.length === 1 || i.path[1] === 'roles'));
    return roles && typeof roles === 'object' && !Array.isArray(roles) && !catalogIssue ? { catalog: Object.keys(roles) } : {};
  }
  const ruleProblems = checkAll({ file: rel, platform: parsed.data }, PLATFORM_RULES);
  problems.push(...ruleProblems);
  const catalog = Object.keys(parsed.data.api.roles);
  return ruleProblems.length === 0 ? { platform: parsed.data, catalog } : { catalog };
}

/** What the customer files are checked against: each part when it could be read. */
interface CustomerContext {
  readonly platform?: Platform;
  readonly catalog?: readonly string[];
  readonly environments?: Environments;
}

function loadCustomers(root: string, dirRel: string, context: CustomerContext, problems: Problem[]): Customer[] {
  const dir = path.join(root, dirRel);
  if (!fs.existsSync(dir)) return [];
  const customers: Customer[] = [];
  /** Client id -> the first file with a valid name that has it. */
  const claimed = new Map<string, string>();

  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const rel = path.posix.join(dirRel.split(path.sep).join('/'), entry.name);
    if (ALLOWED_NON_CUSTOMER_FILES.has(entry.name)) continue;
    const notCustomerFile = entryProblem(entry);
    if (notCustomerFile) {
      problems.push({ file: rel, where: '(file)', ...notCustomerFile });
      continue;
    }
    const id = entry.name.slice(0, -path.extname(entry.name).length);
    // A bad file name does not stop the file from being read: every problem of the file is
    // reported in the same run, so that fixing one never reveals the next.
    const nameProblems = checkAll({ file: rel, id, platform: context.platform, claimedBy: claimed.get(id) }, CLIENT_ID_RULES);
    if (nameProblems.length === 0) claimed.set(id, rel);
    problems.push(...nameProblems);

    const customer = loadCustomer(root, rel, id, context, problems);
    if (customer && nameProblems.length === 0) customers.push(customer);
  }
  problems.push(...workloadIdentityProblems(customers));
  return customers.sort((a, b) => a.clientId.localeCompare(b.clientId));
}

/** Two federated customers with the same issuer and subject in one environment (the later file is named). */
function workloadIdentityProblems(customers: readonly Customer[]): Problem[] {
  const seen = new Map<string, Customer>();
  const problems: Problem[] = [];
  for (const customer of customers) {
    if (customer.auth.method !== 'federated') continue;
    const { issuer, subject } = customer.auth;
    let claimedBy: { file: string; environment: string } | undefined;
    for (const environment of customer.environments) {
      const key = JSON.stringify([environment, issuer, subject]);
      const other = seen.get(key);
      if (other && !claimedBy) claimedBy = { file: other.file, environment };
      if (!other) seen.set(key, customer);
    }
    problems.push(...checkAll({ file: customer.file, issuer, subject, claimedBy }, WORKLOAD_IDENTITY_RULES));
  }
  return problems;
}

/** Why a directory entry is not a customer file, or undefined when it may be one (a regular .yaml/.yml file). */
function entryProblem(entry: fs.Dirent): Pick<Problem, 'problem' | 'hint'> | undefined {
  if (entry.isSymbolicLink()) {
    return {
      problem: 'is a symbolic link',
      hint: 'customer files must be regular files inside customers/; copy the content instead of linking',
    };
  }
  const ext = path.extname(entry.name);
  if (entry.isFile() && (ext === '.yaml' || ext === '.yml')) return undefined;
  return {
    problem: entry.isFile()
      ? 'is not a customer file'
      : entry.isDirectory()
        ? 'is a directory, not a customer file'
        : 'is not a regular file (a FIFO, socket or device), not a customer file',
    hint: 'customers/ holds only <client-id>.yaml files (and README.md); move it elsewhere',
  };
}

/** One customer file, resolved against the platform; undefined (with problems recorded) when it has any problem. */
function loadCustomer(root: string, rel: string, clientId: string, context: CustomerContext, problems: Problem[]): Customer | undefined {
  const { data, problems: unreadable } = readYamlFile(root, rel);
  if (!data) {
    problems.push(...unreadable);
    return undefined;
  }
  const parsed = customerFileSchema.safeParse(data, { reportInput: true });
  if (!parsed.success) problems.push(...schemaProblems(rel, customerFileSchema, parsed.error));
  // The reference rules run on whatever of the file has the right shape, even when other
  // fields failed the schema.
  const { catalog, environments, platform } = context;
  const roles = parsed.success ? parsed.data.roles : stringsOrUndefined(data.roles);
  const envs = parsed.success ? (parsed.data.environments ?? []) : stringsOrUndefined(data.environments);
  const rotation = parsed.success ? rotationOf(parsed.data.secretRotation) : undefined;
  const referenceProblems = checkAll(
    {
      file: rel,
      roles: roles && catalog ? { granted: roles, catalog } : undefined,
      environments: envs && environments ? { listed: envs, known: Object.keys(environments) } : undefined,
      gracePeriod: rotation?.gracePeriod !== undefined && platform ? { chosen: rotation.gracePeriod, platform } : undefined,
      federatedIssuer:
        parsed.success && parsed.data.auth.method === 'federated' && platform
          ? { chosen: parsed.data.auth.issuer, trusted: Object.keys(platform.trustedIssuers) }
          : undefined,
    },
    REFERENCE_RULES,
  );
  problems.push(...referenceProblems);
  if (!parsed.success || !rotation || referenceProblems.length > 0 || !platform || !environments) return undefined;

  const file = parsed.data;
  return {
    clientId,
    file: rel,
    name: file.name,
    contact: file.contact,
    description: file.description,
    enabled: file.enabled,
    roles: [...file.roles].sort(),
    accessTokenLifespan: file.accessTokenLifespan ?? platform.defaults.accessTokenLifespan,
    environments: file.environments ? [...file.environments].sort() : Object.keys(environments).sort(),
    auth: file.auth,
    secretRotation: rotation.id,
    secretGracePeriod:
      platform.secretRotation && file.auth.method === 'client-secret'
        ? (rotation.gracePeriod ?? platform.secretRotation.gracePeriod)
        : undefined,
    expires: file.expires,
  };
}

/** The value when it is a list of strings (the shape the reference rules can check), else undefined. */
function stringsOrUndefined(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : undefined;
}

/** `secretRotation` as written: text (the id) or `{ id, gracePeriod }`. */
function rotationOf(value: string | { id: string; gracePeriod?: string } | undefined): { id?: string; gracePeriod?: string } {
  return typeof value === 'object' ? value : { id: value };
}
