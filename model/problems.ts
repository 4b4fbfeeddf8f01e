/** Validation problems: every one names the file, the field, what is wrong and how to fix it. */

export interface Problem {
  /** File path relative to the project root, e.g. `customers/acme.yaml`. */
  readonly file: string;
  /** Field path (`roles[1]`), or a location such as `line 3, column 5`, or `(file)`. */
  readonly where: string;
  readonly problem: string;
  readonly hint: string;
}

/** Characters that could forge lines or reorder text in a terminal or log; shown as `\uXXXX` instead. */
const UNSAFE_IN_MESSAGES = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

export function formatProblem(p: Problem): string {
  return `${p.file}: ${p.where}: ${p.problem} (${p.hint})`.replace(
    UNSAFE_IN_MESSAGES,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Thrown when any input file is invalid; carries every problem found, not just the first. */
export class ValidationError extends Error {
  constructor(readonly problems: readonly Problem[]) {
    super(
      `${problems.length} problem${problems.length === 1 ? '' : 's'} in the platform and customer files; nothing was synthesized or deployed:\n` +
        problems.map((p) => `  ${formatProblem(p)}`).join('\n'),
    );
    this.name = 'ValidationError';
  }
}

/** `roles[1].name` from `['roles', 1, 'name']`. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(document)' : out;
}

/** Levenshtein distance, for did-you-mean suggestions. */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length];
}

/** The closest known name, when it is close enough to be a likely typo. */
export function suggest(value: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    const d = editDistance(value.toLowerCase(), k.toLowerCase());
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(value.length / 3)) ? best : undefined;
}

/** An error meant for the person at the terminal: printed without a stack trace. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}
