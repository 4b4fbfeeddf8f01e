/** Turns zod issues into problems that name the field and say how to fix it. */
import { z } from 'zod';
import { fieldPath, Problem, suggest } from './problems';
import { SchemaHints, schemaHints } from './schema-hints';

/** The problems of one file that failed `schema`, one per issue (one per unknown key). */
export function schemaProblems(file: string, schema: z.ZodType, error: z.ZodError): Problem[] {
  return error.issues.flatMap((issue) => issueProblems(file, schema, issue));
}

function issueProblems(file: string, schema: z.ZodType, issue: z.core.$ZodIssue): Problem[] {
  const where = fieldPath(issue.path);
  const problem = (text: string, hint: string): Problem[] => [{ file, where, problem: text, hint }];
  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = keysAt(schema, issue.path);
      return issue.keys.map((key) => {
        const close = allowed ? suggest(key, allowed) : undefined;
        return {
          file,
          where: fieldPath([...issue.path, key]),
          problem: `unknown field "${key}"`,
          hint: close ? `did you mean "${close}"?` : allowed ? `allowed fields: ${allowed.join(', ')}` : 'remove it',
        };
      });
    }
    case 'invalid_type': {
      if (issue.input === undefined) return problem('is required', `add ${where}`);
      const expected = issue.expected === 'int' ? 'a whole number' : issue.expected;
      const article = issue.expected === 'int' ? '' : /^[aeiou]/.test(issue.expected) ? 'an ' : 'a ';
      return problem(`expected ${expected}, got ${describeType(issue.input)}`, `write ${where} as ${article}${expected}`);
    }
    case 'too_small':
    case 'too_big': {
      const isNumber = issue.origin === 'number' || issue.origin === 'int';
      const bound = issue.code === 'too_small' ? `at least ${String(issue.minimum)}` : `at most ${String(issue.maximum)}`;
      return problem(
        isNumber
          ? `${String(issue.input)} is out of range: must be ${bound}`
          : issue.code === 'too_small'
            ? 'must not be empty'
            : `is too long: must be ${bound} characters`,
        hintsAt(schema, issue.path).outOfRange ?? (issue.code === 'too_small' ? `fill in ${where}` : `shorten ${where}`),
      );
    }
    case 'invalid_format':
      return issue.format === 'email'
        ? problem(
            `${JSON.stringify(issue.input)} is not an email address`,
            "write the technical contact's address, e.g. api-team@example.com",
          )
        : problem(`${JSON.stringify(issue.input)} ${issue.message}`, `fix ${where}`);
    case 'invalid_union':
      return unionProblems(file, schema, issue);
    case 'invalid_key': {
      const key = String(issue.path[issue.path.length - 1]);
      return problem(`invalid name ${JSON.stringify(key)}: ${issue.issues[0]?.message ?? issue.message}`, `rename ${JSON.stringify(key)}`);
    }
    case 'custom':
      // Refinements declare their hint where they are written: `.refine(check, { params: { hint } })`.
      return problem(issue.message, (issue.params as { hint?: string } | undefined)?.hint ?? `fix ${where}`);
    default:
      return problem(issue.message, `fix ${where}`);
  }
}

function unionProblems(file: string, schema: z.ZodType, issue: z.core.$ZodIssueInvalidUnion): Problem[] {
  const where = fieldPath(issue.path);
  const { discriminator, options, input } = issue as unknown as {
    discriminator?: string;
    options?: unknown[];
    input?: Record<string, unknown>;
  };
  if (discriminator && options) {
    const value = input && typeof input === 'object' ? input[discriminator] : undefined;
    return [
      {
        file,
        where,
        problem: value === undefined ? 'is required' : `unknown ${discriminator} ${JSON.stringify(value)}`,
        hint: `use one of: ${options.join(', ')}`,
      },
    ];
  }
  const fitting = issue.errors.filter((branch) => !refusesType(branch));
  if (fitting.length === 1) {
    // One alternative fits the type written (`secretRotation:` as a mapping): its problems are the ones to fix.
    return fitting[0].flatMap((i) => issueProblems(file, schema, { ...i, path: [...issue.path, ...i.path] }));
  }
  if (fitting.length === 0) {
    // Every alternative refused the type itself (e.g. `secretRotation: 2026`): name the types allowed.
    const expected = issue.errors.map((b) => (b[0] as { expected: string }).expected).join(' or ');
    return [
      {
        file,
        where,
        problem: `expected ${expected}, got ${describeType(issue.input)}`,
        hint: `write ${where} as ${hintsAt(schema, issue.path).writeAs ?? expected}`,
      },
    ];
  }
  return [{ file, where, problem: issue.message, hint: `fix ${where}` }];
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

/** The wrappers of a field's schema, outermost first: `.optional()`, `.default()`, then the type itself. */
function layers(t: z.ZodType): z.ZodType[] {
  const out = [t];
  while (t instanceof z.ZodDefault || t instanceof z.ZodOptional) out.push((t = t._zod.def.innerType as z.ZodType));
  return out;
}

/** The type a field holds; for `text or mapping` fields (secretRotation), the mapping, whose fields are the ones to suggest. */
function unwrap(t: z.ZodType): z.ZodType {
  const inner = layers(t).pop()!;
  if (inner instanceof z.ZodUnion) return (inner.options as z.ZodType[]).find((o) => o instanceof z.ZodObject) ?? inner;
  return inner;
}

/** The schema of the field at an object path (through objects only), or undefined. */
function fieldAt(schema: z.ZodType, objectPath: readonly PropertyKey[]): z.ZodType | undefined {
  let field = schema;
  for (const part of objectPath) {
    const t = unwrap(field);
    if (!(t instanceof z.ZodObject)) return undefined;
    const next = (t.shape as Record<string, z.ZodType>)[String(part)];
    if (!next) return undefined;
    field = next;
  }
  return field;
}

/** The field names a schema allows at an object path, for "did you mean" hints. */
function keysAt(schema: z.ZodType, objectPath: readonly PropertyKey[]): string[] | undefined {
  const field = fieldAt(schema, objectPath);
  const t = field && unwrap(field);
  return t instanceof z.ZodObject ? Object.keys(t.shape) : undefined;
}

/** The hints declared on the field at a path (on the field or any of its wrappers). */
function hintsAt(schema: z.ZodType, objectPath: readonly PropertyKey[]): SchemaHints {
  const field = fieldAt(schema, objectPath);
  return Object.assign({}, ...(field ? layers(field).map((l) => schemaHints.get(l) ?? {}) : []));
}
