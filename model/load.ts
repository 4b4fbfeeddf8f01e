/**
 * Reads and validates the platform file and every customer file. All problems in all
 * files are collected and thrown together as one ValidationError; nothing partial is returned.
 */
import * as fs from 'fs';
import * as path from 'path';
import { LineCounter, Parser, parseDocument } from 'yaml';
import { z } from 'zod';
import { Customer, customerSchema } from './customer';
import { DEFAULT_ENVIRONMENTS, Environments, environmentsSchema } from './environments';
import { CLIENT_ID_PATTERN, durationSeconds } from './fields';
import { Platform, platformSchema } from './platform';
import { fieldPath, Problem, suggest, ValidationError } from './problems';

/** Keycloak's built-in clients: a customer must never be able to take one of these ids. */
export const RESERVED_CLIENT_IDS: readonly string[] = [
  'account',
  'account-console',
  'admin-cli',
  'broker',
  'realm-management',
  'security-admin-console',
];

/** Largest accepted data file. Real customer files are well under 2 KiB. */
export const MAX_FILE_BYTES = 64 * 1024;
/** YAML aliases allowed per file (alias bombs expand exponentially). */
const MAX_ALIASES = 20;
/**
 * Deepest nesting of collections allowed per file (customer files need 2, platform.yaml 3).
 * The YAML composer recurses once per level, so hostile nesting would exhaust the stack.
 */
const MAX_DEPTH = 32;
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
  const platformRel = options.platformFile ?? 'platform.yaml';
  const { platform, catalog } = loadPlatform(root, platformRel, problems);
  const environments = loadEnvironments(root, options.environmentsFile ?? 'environments.yaml', problems);
  const customers = loadCustomers(root, options.customersDir ?? 'customers', platform, catalog, environments, problems);
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
  const data = readYamlFile(root, rel, problems);
  if (data === undefined) return undefined;
  const parsed = environmentsSchema.safeParse(data, { reportInput: true });
  if (!parsed.success) {
    problems.push(...zodProblems(rel, environmentsSchema, parsed.error));
    return undefined;
  }
  return parsed.data;
}

/**
 * The platform, when valid, and the role catalog whenever `api.roles` has the shape of one:
 * customer roles are checked against it even when another platform field is wrong.
 */
function loadPlatform(root: string, rel: string, problems: Problem[]): { platform?: Platform; catalog?: string[] } {
  const data = readYamlFile(root, rel, problems);
  if (data === undefined) return {};
  const parsed = platformSchema.safeParse(data, { reportInput: true });
  if (!parsed.success) {
    problems.push(...zodProblems(rel, platformSchema, parsed.error));
    const roles = (data as { api?: { roles?: unknown } }).api?.roles;
    const catalogIssue = parsed.error.issues.some((i) => i.path[0] === 'api' && (i.path.length === 1 || i.path[1] === 'roles'));
    return roles && typeof roles === 'object' && !Array.isArray(roles) && !catalogIssue ? { catalog: Object.keys(roles) } : {};
  }
  const platform = parsed.data;
  const before = problems.length;
  if (RESERVED_CLIENT_IDS.includes(platform.api.clientId)) {
    problems.push({
      file: rel,
      where: 'api.clientId',
      problem: `"${platform.api.clientId}" is one of Keycloak's built-in clients`,
      hint: 'choose the id of your backend API, e.g. "orders-api"',
    });
  }
  if (RESERVED_CLIENT_IDS.includes(platform.provisioner.clientId)) {
    problems.push({
      file: rel,
      where: 'provisioner.clientId',
      problem: `"${platform.provisioner.clientId}" is one of Keycloak's built-in clients`,
      hint: 'leave it out for the default "api-keys-provisioner"',
    });
  } else if (platform.provisioner.clientId === platform.api.clientId) {
    problems.push({
      file: rel,
      where: 'provisioner.clientId',
      problem: `"${platform.provisioner.clientId}" is also the API's client id`,
      hint: 'give the provisioning identity its own id, e.g. "api-keys-provisioner"',
    });
  }
  const ownIds = [platform.api.clientId, platform.provisioner.clientId];
  if (RESERVED_CLIENT_IDS.includes(platform.reader.clientId) || ownIds.includes(platform.reader.clientId)) {
    problems.push({
      file: rel,
      where: 'reader.clientId',
      problem: `"${platform.reader.clientId}" is already taken (a built-in client, the API or the provisioning identity)`,
      hint: 'leave it out for the default "api-keys-reader"',
    });
  }
  problems.push(...checkRotationAndUsage(rel, platform));
  return problems.length === before ? { platform, catalog: Object.keys(platform.api.roles) } : { catalog: Object.keys(platform.api.roles) };
}

/** The grace-period catalog must be usable as Keycloak client policies; events must cover the usage report's 30 days. */
function checkRotationAndUsage(rel: string, platform: Platform): Problem[] {
  const problems: Problem[] = [];
  const rotation = platform.secretRotation;
  if (rotation) {
    const seen = new Map<number, string>();
    rotation.gracePeriods.forEach((g, i) => {
      const seconds = durationSeconds(g)!;
      const other = seen.get(seconds);
      if (other !== undefined) {
        problems.push({
          file: rel,
          where: `secretRotation.gracePeriods[${i}]`,
          problem: `"${g}" is the same period as "${other}"`,
          hint: 'list each grace period once',
        });
      }
      seen.set(seconds, g);
    });
    if (!rotation.gracePeriods.includes(rotation.gracePeriod)) {
      problems.push({
        file: rel,
        where: 'secretRotation.gracePeriod',
        problem: `"${rotation.gracePeriod}" is not one of secretRotation.gracePeriods`,
        hint: `add it to gracePeriods or choose one of: ${rotation.gracePeriods.join(', ')}`,
      });
    }
    const maxAge = durationSeconds(rotation.maxSecretAge)!;
    const longest = Math.max(...rotation.gracePeriods.map((g) => durationSeconds(g)!));
    if (maxAge <= longest) {
      problems.push({
        file: rel,
        where: 'secretRotation.maxSecretAge',
        problem: `"${rotation.maxSecretAge}" is not longer than the longest grace period`,
        hint: 'Keycloak refuses a rotation policy whose secrets expire before the overlap ends; raise maxSecretAge (default 1825d)',
      });
    }
  }
  if (durationSeconds(platform.usage.eventRetention)! < 30 * 86_400) {
    problems.push({
      file: rel,
      where: 'usage.eventRetention',
      problem: `"${platform.usage.eventRetention}" is shorter than 30 days`,
      hint: 'the usage report counts tokens over 30 days; use 30d or more (default 90d)',
    });
  }
  return problems;
}

function loadCustomers(
  root: string,
  dirRel: string,
  platform: Platform | undefined,
  knownCatalog: readonly string[] | undefined,
  environments: Environments | undefined,
  problems: Problem[],
): Customer[] {
  const dir = path.join(root, dirRel);
  if (!fs.existsSync(dir)) return [];
  const catalog = knownCatalog ?? [];
  const schema = customerSchema(catalog);
  const customers: Customer[] = [];
  const seen = new Map<string, string>();

  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const rel = path.posix.join(dirRel.split(path.sep).join('/'), entry.name);
    if (ALLOWED_NON_CUSTOMER_FILES.has(entry.name)) continue;
    if (entry.isSymbolicLink()) {
      problems.push({
        file: rel,
        where: '(file)',
        problem: 'is a symbolic link',
        hint: 'customer files must be regular files inside customers/; copy the content instead of linking',
      });
      continue;
    }
    const ext = path.extname(entry.name);
    if (!entry.isFile() || (ext !== '.yaml' && ext !== '.yml')) {
      problems.push({
        file: rel,
        where: '(file)',
        problem: entry.isFile()
          ? 'is not a customer file'
          : entry.isDirectory()
            ? 'is a directory, not a customer file'
            : 'is not a regular file (a FIFO, socket or device), not a customer file',
        hint: 'customers/ holds only <client-id>.yaml files (and README.md); move it elsewhere',
      });
      continue;
    }
    const id = entry.name.slice(0, -ext.length);
    // A bad file name does not stop the file from being read: every problem of the file is
    // reported in the same run, so that fixing one never reveals the next.
    let usable = checkClientId(rel, id, platform, problems);
    if (usable) {
      const key = id.toLowerCase();
      const other = seen.get(key);
      if (other !== undefined) {
        problems.push({
          file: rel,
          where: '(file name)',
          problem: `client id "${id}" is also defined by ${other}`,
          hint: 'each customer has exactly one file; merge the two files and delete one',
        });
        usable = false;
      } else seen.set(key, rel);
    }

    const data = readYamlFile(root, rel, problems);
    if (data === undefined) continue;
    const parsed = schema.safeParse(data, { reportInput: true });
    if (!parsed.success) problems.push(...zodProblems(rel, schema, parsed.error));
    // The cross-file rules (roles against the catalog, environments against
    // environments.yaml) run on whatever of the file has the right shape, even when other
    // fields failed the schema.
    const raw = data as Record<string, unknown>;
    const roles = parsed.success ? parsed.data.roles : stringsOrUndefined(raw.roles);
    const envs = parsed.success ? (parsed.data.environments ?? []) : stringsOrUndefined(raw.environments);
    const roleProblems = roles ? checkRoles(rel, roles, catalog, knownCatalog !== undefined) : [];
    const envProblems = environments && envs ? checkEnvironments(rel, envs, Object.keys(environments)) : [];
    const rotation = parsed.success ? rotationOf(parsed.data.secretRotation) : undefined;
    const graceProblems = rotation && platform ? checkGracePeriod(rel, rotation.gracePeriod, platform) : [];
    problems.push(...roleProblems, ...envProblems, ...graceProblems);
    if (
      !parsed.success ||
      !usable ||
      !rotation ||
      roleProblems.length > 0 ||
      envProblems.length > 0 ||
      graceProblems.length > 0 ||
      !platform ||
      !environments
    )
      continue;
    const file = parsed.data;
    customers.push({
      clientId: id,
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
    });
  }
  return customers.sort((a, b) => a.clientId.localeCompare(b.clientId));
}

/** The value when it is a list of strings (the shape the cross-file rules can check), else undefined. */
function stringsOrUndefined(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : undefined;
}

function checkClientId(rel: string, id: string, platform: Platform | undefined, problems: Problem[]): boolean {
  if (!CLIENT_ID_PATTERN.test(id)) {
    const lower = id.toLowerCase().replace(/[^a-z0-9-]/g, '-');
    problems.push({
      file: rel,
      where: '(file name)',
      problem: `client id ${JSON.stringify(id)} must be 3-63 lowercase ASCII letters, digits or "-", starting with a letter`,
      hint: CLIENT_ID_PATTERN.test(lower) ? `rename the file to ${lower}${path.extname(rel)}` : 'rename the file, e.g. to acme-corp.yaml',
    });
    return false;
  }
  if (RESERVED_CLIENT_IDS.includes(id)) {
    problems.push({
      file: rel,
      where: '(file name)',
      problem: `client id "${id}" is reserved by Keycloak`,
      hint: `rename the file; reserved ids: ${RESERVED_CLIENT_IDS.join(', ')}`,
    });
    return false;
  }
  if (platform && id === platform.provisioner.clientId) {
    problems.push({
      file: rel,
      where: '(file name)',
      problem: `client id "${id}" is the provisioning identity's client id`,
      hint: 'rename the file after the customer, e.g. acme-corp.yaml',
    });
    return false;
  }
  if (platform && id === platform.reader.clientId) {
    problems.push({
      file: rel,
      where: '(file name)',
      problem: `client id "${id}" is the read-only identity's client id`,
      hint: 'rename the file after the customer, e.g. acme-corp.yaml',
    });
    return false;
  }
  if (platform && id === platform.api.clientId) {
    problems.push({
      file: rel,
      where: '(file name)',
      problem: `client id "${id}" is the backend API's own client id`,
      hint: 'rename the file after the customer, e.g. acme-corp.yaml',
    });
    return false;
  }
  return true;
}

/** `secretRotation` as written: text (the id) or `{ id, gracePeriod }`. */
function rotationOf(value: string | { id: string; gracePeriod?: string } | undefined): { id?: string; gracePeriod?: string } {
  return typeof value === 'object' ? value : { id: value };
}

function checkGracePeriod(rel: string, gracePeriod: string | undefined, platform: Platform): Problem[] {
  if (gracePeriod === undefined) return [];
  const known = platform.secretRotation?.gracePeriods;
  if (!known) {
    return [
      {
        file: rel,
        where: 'secretRotation.gracePeriod',
        problem: 'the platform has no rotation grace periods',
        hint: 'remove gracePeriod, or add secretRotation (gracePeriod, gracePeriods) to platform.yaml first',
      },
    ];
  }
  if (known.includes(gracePeriod)) return [];
  const close = known.find((k) => durationSeconds(k) === durationSeconds(gracePeriod)) ?? suggest(gracePeriod, known);
  return [
    {
      file: rel,
      where: 'secretRotation.gracePeriod',
      problem: `unknown grace period "${gracePeriod}"`,
      hint: `${close ? `did you mean "${close}"? ` : ''}known: ${known.join(', ')} (secretRotation.gracePeriods in platform.yaml)`,
    },
  ];
}

function checkEnvironments(rel: string, names: readonly string[], known: readonly string[]): Problem[] {
  const problems: Problem[] = [];
  names.forEach((name, i) => {
    if (!known.includes(name)) {
      const close = suggest(name, known);
      problems.push({
        file: rel,
        where: `environments[${i}]`,
        problem: `unknown environment ${JSON.stringify(name)}`,
        hint: `${close ? `did you mean "${close}"? ` : ''}known: ${known.join(', ')} (environments.yaml)`,
      });
    } else if (names.indexOf(name) !== i) {
      problems.push({
        file: rel,
        where: `environments[${i}]`,
        problem: `environment "${name}" is listed twice`,
        hint: 'remove the duplicate',
      });
    }
  });
  return problems;
}

function checkRoles(rel: string, roles: readonly string[], catalog: readonly string[], haveCatalog: boolean): Problem[] {
  if (!haveCatalog) return [];
  const problems: Problem[] = [];
  const seen = new Set<string>();
  roles.forEach((role, i) => {
    if (!catalog.includes(role)) {
      const close = suggest(role, catalog);
      const known =
        catalog.length > 0
          ? `known: ${catalog.join(', ')}`
          : 'the platform role catalog is empty; add the role to api.roles in platform.yaml first';
      problems.push({
        file: rel,
        where: `roles[${i}]`,
        problem: `unknown role ${JSON.stringify(role)}`,
        hint: close ? `did you mean "${close}"? ${known}` : known,
      });
    } else if (seen.has(role)) {
      problems.push({ file: rel, where: `roles[${i}]`, problem: `role "${role}" is listed twice`, hint: 'remove the duplicate' });
    }
    seen.add(role);
  });
  return problems;
}

/** Reads a YAML file defensively. Returns undefined (with problems recorded) when unusable. */
function readYamlFile(root: string, rel: string, problems: Problem[]): unknown {
  const abs = path.join(root, rel);
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(abs);
  } catch {
    problems.push({ file: rel, where: '(file)', problem: 'does not exist', hint: `create ${rel}; see README.md` });
    return undefined;
  }
  if (stat.isSymbolicLink() || !stat.isFile()) {
    problems.push({ file: rel, where: '(file)', problem: 'is not a regular file', hint: 'use a regular file, not a link or a directory' });
    return undefined;
  }
  if (stat.size > MAX_FILE_BYTES) {
    problems.push({
      file: rel,
      where: '(file)',
      problem: `is ${stat.size} bytes, over the ${MAX_FILE_BYTES}-byte limit`,
      hint: 'a data file this large is not a hand-written customer file; shorten it',
    });
    return undefined;
  }
  const text = fs.readFileSync(abs, 'utf8');
  let doc;
  const lineCounter = new LineCounter();
  try {
    if (nestingDepth(text) > MAX_DEPTH) {
      problems.push({
        file: rel,
        where: '(document)',
        problem: `is nested more than ${MAX_DEPTH} levels deep`,
        hint: 'data files are flat key: value lines with short lists; write the values out',
      });
      return undefined;
    }
    doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false, strict: true, lineCounter });
  } catch (err) {
    problems.push({ file: rel, where: '(document)', problem: `cannot be parsed: ${(err as Error).message}`, hint: 'fix the YAML syntax' });
    return undefined;
  }
  if (doc.errors.length > 0) {
    for (const e of doc.errors) {
      const pos = e.linePos?.[0] ?? (e.pos ? lineCounter.linePos(e.pos[0]) : undefined);
      problems.push({
        file: rel,
        where: pos ? `line ${pos.line}, column ${pos.col}` : '(document)',
        problem: `invalid YAML: ${e.message.split('\n')[0]}`,
        hint: e.code === 'DUPLICATE_KEY' ? 'each key may appear once; remove the duplicate' : 'fix the YAML syntax',
      });
    }
    return undefined;
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (err) {
    problems.push({
      file: rel,
      where: '(document)',
      problem: `cannot be read: ${(err as Error).message.split('\n')[0]}`,
      hint: 'write the values out; YAML aliases and anchors are limited to prevent alias bombs',
    });
    return undefined;
  }
  if (data === null || data === undefined) {
    problems.push({ file: rel, where: '(document)', problem: 'is empty', hint: 'copy an example file and fill in its fields' });
    return undefined;
  }
  if (typeof data !== 'object' || Array.isArray(data)) {
    problems.push({
      file: rel,
      where: '(document)',
      problem: 'is not a mapping of field names to values',
      hint: 'the file must be key: value lines, e.g. `name: Acme Corp`',
    });
    return undefined;
  }
  return data;
}

/** How deeply collections nest, from the CST (the CST parser is iterative; so is this walk). */
function nestingDepth(text: string): number {
  type Node = { value?: unknown; items?: { key?: unknown; value?: unknown }[] } | null | undefined;
  let max = 0;
  const todo: [Node, number][] = [];
  for (const token of new Parser().parse(text)) todo.push([token as Node, 0]);
  while (todo.length > 0) {
    const [node, depth] = todo.pop()!;
    if (!node || typeof node !== 'object') continue;
    max = Math.max(max, depth);
    if (Array.isArray(node.items)) for (const item of node.items) todo.push([item.key as Node, depth + 1], [item.value as Node, depth + 1]);
    else if (node.value && typeof node.value === 'object') todo.push([node.value as Node, depth]);
  }
  return max;
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}

/** A union alternative that failed on the type of the value itself, not inside it. */
function refusesType(branch: readonly z.core.$ZodIssue[]): boolean {
  return branch.length === 1 && branch[0].code === 'invalid_type' && branch[0].path.length === 0;
}

/** Turns zod issues into problems with a hint each. */
function zodProblems(rel: string, schema: z.ZodType, error: z.ZodError): Problem[] {
  const problems: Problem[] = [];
  for (const issue of error.issues) {
    const where = fieldPath(issue.path);
    switch (issue.code) {
      case 'unrecognized_keys':
        for (const key of issue.keys) {
          const shape = keysAt(schema, issue.path);
          const close = shape ? suggest(key, shape) : undefined;
          problems.push({
            file: rel,
            where: fieldPath([...issue.path, key]),
            problem: `unknown field "${key}"`,
            hint: close ? `did you mean "${close}"?` : shape ? `allowed fields: ${shape.join(', ')}` : 'remove it',
          });
        }
        break;
      case 'invalid_type':
        problems.push({
          file: rel,
          where,
          problem:
            issue.input === undefined
              ? 'is required'
              : `expected ${issue.expected === 'int' ? 'a whole number' : issue.expected}, got ${describeType(issue.input)}`,
          hint:
            issue.input === undefined
              ? `add ${where}`
              : `write ${where} as ${issue.expected === 'int' ? 'a whole number' : `${/^[aeiou]/.test(issue.expected) ? 'an' : 'a'} ${issue.expected}`}`,
        });
        break;
      case 'too_small':
      case 'too_big': {
        const isNumber = issue.origin === 'number' || issue.origin === 'int';
        const bound = issue.code === 'too_small' ? `at least ${String(issue.minimum)}` : `at most ${String(issue.maximum)}`;
        problems.push({
          file: rel,
          where,
          problem: isNumber
            ? `${String(issue.input)} is out of range: must be ${bound}`
            : issue.code === 'too_small'
              ? 'must not be empty'
              : `is too long: must be ${bound} characters`,
          hint: where.endsWith('ccessTokenLifespan')
            ? 'token lifespans are 60 to 3600 seconds'
            : issue.code === 'too_small'
              ? `fill in ${where}`
              : `shorten ${where}`,
        });
        break;
      }
      case 'invalid_format':
        problems.push({
          file: rel,
          where,
          problem:
            issue.format === 'email'
              ? `${JSON.stringify(issue.input)} is not an email address`
              : `${JSON.stringify(issue.input)} ${issue.message}`,
          hint: issue.format === 'email' ? "write the technical contact's address, e.g. api-team@example.com" : `fix ${where}`,
        });
        break;
      case 'invalid_union': {
        const { discriminator, options, input } = issue as unknown as {
          discriminator?: string;
          options?: unknown[];
          input?: Record<string, unknown>;
        };
        if (discriminator && options) {
          const value = input && typeof input === 'object' ? input[discriminator] : undefined;
          problems.push({
            file: rel,
            where,
            problem: value === undefined ? 'is required' : `unknown ${discriminator} ${JSON.stringify(value)}`,
            hint: `use one of: ${options.join(', ')}`,
          });
        } else if (issue.errors.filter((branch) => !refusesType(branch)).length === 1) {
          // One alternative fits the type written (`secretRotation:` as a mapping): its problems are the ones to fix.
          const branch = issue.errors.find((b) => !refusesType(b))!;
          problems.push(
            ...zodProblems(rel, schema, {
              issues: branch.map((i) => ({ ...i, path: [...issue.path, ...i.path] })),
            } as unknown as z.ZodError),
          );
        } else if (issue.errors.every(refusesType)) {
          // Every alternative refused the type itself (e.g. `secretRotation: 2026`): name the types allowed.
          const expected = issue.errors.map((b) => (b[0] as { expected: string }).expected).join(' or ');
          problems.push({
            file: rel,
            where,
            problem: `expected ${expected}, got ${describeType(issue.input)}`,
            hint: `write ${where} as ${expected === 'string or object' ? 'text, e.g. "2026-12", or a mapping' : expected}`,
          });
        } else {
          problems.push({ file: rel, where, problem: issue.message, hint: `fix ${where}` });
        }
        break;
      }
      case 'invalid_key': {
        const key = String(issue.path[issue.path.length - 1]);
        problems.push({
          file: rel,
          where,
          problem: `invalid name ${JSON.stringify(key)}: ${issue.issues[0]?.message ?? issue.message}`,
          hint: `rename ${JSON.stringify(key)}`,
        });
        break;
      }
      case 'custom': {
        const hint = (issue.params as { hint?: string } | undefined)?.hint;
        problems.push({ file: rel, where, problem: issue.message, hint: hint ?? `fix ${where}` });
        break;
      }
      default:
        problems.push({ file: rel, where, problem: issue.message, hint: `fix ${where}` });
    }
  }
  return problems;
}

/** The field names a schema allows at an object path, for "did you mean" hints. */
function keysAt(schema: z.ZodType, objectPath: readonly PropertyKey[]): string[] | undefined {
  const unwrap = (t: z.ZodType): z.ZodType => {
    while (t instanceof z.ZodDefault || t instanceof z.ZodOptional) t = t._zod.def.innerType as z.ZodType;
    // `text or mapping` fields (secretRotation): the mapping's fields are the ones to suggest.
    if (t instanceof z.ZodUnion) return (t.options as z.ZodType[]).find((o) => o instanceof z.ZodObject) ?? t;
    return t;
  };
  let t = unwrap(schema);
  for (const part of objectPath) {
    if (!(t instanceof z.ZodObject)) return undefined;
    const next = (t.shape as Record<string, z.ZodType>)[String(part)];
    if (!next) return undefined;
    t = unwrap(next);
  }
  return t instanceof z.ZodObject ? Object.keys(t.shape) : undefined;
}
