/**
 * Reads one YAML data file defensively: size, nesting and alias limits against hostile
 * input, duplicate keys refused, syntax errors reported at their line and column.
 */
import * as fs from 'fs';
import * as path from 'path';
import { LineCounter, Parser, parseDocument } from 'yaml';
import { Problem } from './problems';

/** Largest accepted data file. Real customer files are well under 2 KiB. */
export const MAX_FILE_BYTES = 64 * 1024;
/** YAML aliases allowed per file (alias bombs expand exponentially). */
const MAX_ALIASES = 20;
/**
 * Deepest nesting of collections allowed per file (customer files need 2, platform.yaml 3).
 * The YAML composer recurses once per level, so hostile nesting would exhaust the stack.
 */
const MAX_DEPTH = 32;

/** A file's mapping of field names to values, or the problems that make the file unusable. */
export type YamlFile =
  { readonly data: Record<string, unknown>; readonly problems?: never } | { readonly data?: never; readonly problems: Problem[] };

/** Reads `root/rel`; problems name the file as `rel`. */
export function readYamlFile(root: string, rel: string): YamlFile {
  const unusable = (where: string, problem: string, hint: string): YamlFile => ({ problems: [{ file: rel, where, problem, hint }] });
  const abs = path.join(root, rel);
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(abs);
  } catch {
    return unusable('(file)', 'does not exist', `create ${rel}; see README.md`);
  }
  if (stat.isSymbolicLink() || !stat.isFile()) {
    return unusable('(file)', 'is not a regular file', 'use a regular file, not a link or a directory');
  }
  if (stat.size > MAX_FILE_BYTES) {
    return unusable(
      '(file)',
      `is ${stat.size} bytes, over the ${MAX_FILE_BYTES}-byte limit`,
      'a data file this large is not a hand-written customer file; shorten it',
    );
  }
  const text = fs.readFileSync(abs, 'utf8');
  let doc;
  const lineCounter = new LineCounter();
  try {
    if (nestingDepth(text) > MAX_DEPTH) {
      return unusable(
        '(document)',
        `is nested more than ${MAX_DEPTH} levels deep`,
        'data files are flat key: value lines with short lists; write the values out',
      );
    }
    doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false, strict: true, lineCounter });
  } catch (err) {
    return unusable('(document)', `cannot be parsed: ${(err as Error).message}`, 'fix the YAML syntax');
  }
  if (doc.errors.length > 0) {
    return {
      problems: doc.errors.map((e) => {
        const pos = e.linePos?.[0] ?? (e.pos ? lineCounter.linePos(e.pos[0]) : undefined);
        return {
          file: rel,
          where: pos ? `line ${pos.line}, column ${pos.col}` : '(document)',
          problem: `invalid YAML: ${e.message.split('\n')[0]}`,
          hint: e.code === 'DUPLICATE_KEY' ? 'each key may appear once; remove the duplicate' : 'fix the YAML syntax',
        };
      }),
    };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (err) {
    return unusable(
      '(document)',
      `cannot be read: ${(err as Error).message.split('\n')[0]}`,
      'write the values out; YAML aliases and anchors are limited to prevent alias bombs',
    );
  }
  if (data === null || data === undefined) {
    return unusable('(document)', 'is empty', 'copy an example file and fill in its fields');
  }
  if (typeof data !== 'object' || Array.isArray(data)) {
    return unusable('(document)', 'is not a mapping of field names to values', 'the file must be key: value lines, e.g. `name: Acme Corp`');
  }
  return { data: data as Record<string, unknown> };
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
