/**
 * Compares two synthesized apps (`cdktf.out` directories) the way a reviewer would: what the
 * engine would create, change or read must be the same; what only the CDK toolkit itself
 * reads (the `"//"` metadata blocks, the toolkit version in manifest.json) may differ.
 *
 * Used by `npm run compat:cdktn` to compare cdktf's output with cdktn's.
 */
import * as fs from 'fs';
import * as path from 'path';

export interface Labels {
  /** What produced the reference output. @default "cdktf" */
  readonly reference: string;
  /** What produced the output under test. @default "cdktn" */
  readonly candidate: string;
}

export interface SynthComparison {
  /** Stack names found in both outputs. */
  readonly stacks: string[];
  /** Resources (type and name) in the candidate output, over all stacks. */
  readonly resources: number;
  /** Data sources in the candidate output, over all stacks. */
  readonly dataSources: number;
  /** Differences that change what is deployed, in reviewer words. Empty: identical resources. */
  readonly differences: string[];
  /** Differences in metadata only (allowed), in reviewer words. */
  readonly metadata: string[];
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Step = string | number;

/** Files a stack directory holds after an engine ran in it; not part of what was synthesized. */
const ENGINE_FILES = /^(\.terraform(\/|$)|\.terraform\.lock\.hcl$|.*\.tfplan$|terraform\.tfstate)/;

function readJson(file: string): Json {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Json;
}

function isObject(v: Json | undefined): v is { [key: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A value as a reviewer reads it: JSON, cut short when long. */
function show(v: Json | undefined): string {
  if (v === undefined) return '(absent)';
  // A whole resource is shown by its settings; its metadata block only says where it came from.
  const text = JSON.stringify(isObject(v) ? Object.fromEntries(Object.entries(v).filter(([k]) => k !== '//')) : v);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** `a.b[0].c` for an attribute path. */
function attributePath(steps: Step[]): string {
  return steps.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

/** What a path in cdk.tf.json is, in the words of a plan: "resource keycloak_openid_client.x attribute y". */
export function describePath(steps: Step[]): string {
  const [block, a, b, ...rest] = steps;
  const attr = (r: Step[]) => (r.length ? ` attribute ${attributePath(r)}` : '');
  switch (block) {
    case 'resource':
      if (b === undefined) return a === undefined ? 'the resources' : `resources of type ${a}`;
      return `resource ${a}.${b}${attr(rest)}`;
    case 'data':
      if (b === undefined) return a === undefined ? 'the data sources' : `data sources of type ${a}`;
      return `data source data.${a}.${b}${attr(rest)}`;
    case 'provider':
      return `provider "${a ?? ''}" configuration${attr([b, ...rest].filter((s) => s !== undefined && typeof s !== 'number'))}`;
    case 'terraform':
      if (a === 'backend') return `state backend${b !== undefined ? ` (${b})` : ''}${attr(rest)}`;
      if (a === 'required_providers') return `required provider ${b ?? ''}${attr(rest)}`.trimEnd();
      return `terraform settings${attr(steps.slice(1))}`;
    case 'output':
      return `output ${a ?? ''}${attr(steps.slice(2))}`.trimEnd();
    case 'variable':
      return `variable ${a ?? ''}${attr(steps.slice(2))}`.trimEnd();
    case 'locals':
      return `local value ${a ?? ''}${attr(steps.slice(2))}`.trimEnd();
    default:
      return `top-level block ${attributePath(steps)}`;
  }
}

/**
 * Walks both documents in parallel. Anything under a `"//"` key is metadata (cdktf writes
 * construct paths, unique ids and its own version there; the engine ignores the key).
 */
function walk(
  ref: Json | undefined,
  cand: Json | undefined,
  steps: Step[],
  inMetadata: boolean,
  out: { real: Step[][]; meta: Step[][]; values: Map<string, [Json | undefined, Json | undefined]> },
): void {
  const record = (meta: boolean) => {
    (meta ? out.meta : out.real).push(steps);
    out.values.set(JSON.stringify(steps), [ref, cand]);
  };
  if (isObject(ref) && isObject(cand)) {
    const keys = [...new Set([...Object.keys(ref), ...Object.keys(cand)])].sort();
    for (const key of keys) walk(ref[key], cand[key], [...steps, key], inMetadata || key === '//', out);
    return;
  }
  if (Array.isArray(ref) && Array.isArray(cand) && ref.length === cand.length) {
    ref.forEach((item, i) => walk(item, cand[i], [...steps, i], inMetadata, out));
    return;
  }
  if (JSON.stringify(ref) !== JSON.stringify(cand)) record(inMetadata);
}

/** Compares one stack's cdk.tf.json. */
export function compareStackJson(
  reference: Json,
  candidate: Json,
  stack: string,
  labels: Labels = { reference: 'cdktf', candidate: 'cdktn' },
): { differences: string[]; metadata: string[] } {
  const out = { real: [] as Step[][], meta: [] as Step[][], values: new Map<string, [Json | undefined, Json | undefined]>() };
  walk(reference, candidate, [], false, out);
  const differences = out.real.map((steps) => {
    const [r, c] = out.values.get(JSON.stringify(steps))!;
    const what = describePath(steps);
    if (r === undefined) return `${stack}: ${what} is only in the ${labels.candidate} output (${show(c)})`;
    if (c === undefined) return `${stack}: ${what} is only in the ${labels.reference} output (${show(r)})`;
    return `${stack}: ${what} differs: ${labels.reference} ${show(r)}, ${labels.candidate} ${show(c)}`;
  });
  const metadata = out.meta.map((steps) => {
    const [r, c] = out.values.get(JSON.stringify(steps))!;
    // The metadata block of a resource says which resource it belongs to; other keys say where.
    const owner = steps.indexOf('//') > 0 ? `${describePath(steps.slice(0, steps.indexOf('//')))} ` : '';
    return `${stack}: ${owner}metadata ${attributePath(steps.slice(steps.indexOf('//')))}: ${labels.reference} ${show(r)}, ${labels.candidate} ${show(c)}`;
  });
  return { differences, metadata };
}

function countBlocks(doc: Json, block: 'resource' | 'data'): number {
  const byType = isObject(doc) ? doc[block] : undefined;
  if (!isObject(byType)) return 0;
  return Object.values(byType).reduce<number>((n, named) => n + (isObject(named) ? Object.keys(named).length : 0), 0);
}

/** Every file under `dir`, as paths relative to it, without what an engine run leaves behind. */
function filesUnder(dir: string): string[] {
  const found: string[] = [];
  const visit = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (ENGINE_FILES.test(child)) continue;
      if (entry.isDirectory()) visit(child);
      else found.push(child);
    }
  };
  visit('');
  return found.sort();
}

interface Manifest {
  version?: string;
  stacks: Record<string, { synthesizedStackPath: string; dependencies?: string[] }>;
}

/**
 * Compares two synthesized apps: the same stacks, the same files in each stack directory,
 * the same deploy order between stacks, and the same resources, data sources, providers,
 * backend and outputs in every stack.
 */
export function compareSynthOutputs(
  referenceDir: string,
  candidateDir: string,
  labels: Labels = { reference: 'cdktf', candidate: 'cdktn' },
): SynthComparison {
  const refManifest = readJson(path.join(referenceDir, 'manifest.json')) as unknown as Manifest;
  const candManifest = readJson(path.join(candidateDir, 'manifest.json')) as unknown as Manifest;
  const differences: string[] = [];
  const metadata: string[] = [];
  if (refManifest.version !== candManifest.version) {
    metadata.push(
      `manifest.json: toolkit version: ${labels.reference} ${show(refManifest.version)}, ${labels.candidate} ${show(candManifest.version)}`,
    );
  }
  const refStacks = Object.keys(refManifest.stacks).sort();
  const candStacks = Object.keys(candManifest.stacks).sort();
  for (const s of refStacks.filter((n) => !candStacks.includes(n)))
    differences.push(`stack ${s} is only in the ${labels.reference} output`);
  for (const s of candStacks.filter((n) => !refStacks.includes(n)))
    differences.push(`stack ${s} is only in the ${labels.candidate} output`);
  const stacks = refStacks.filter((n) => candStacks.includes(n));
  let resources = 0;
  let dataSources = 0;
  for (const stack of stacks) {
    const r = refManifest.stacks[stack];
    const c = candManifest.stacks[stack];
    const deps = (m: { dependencies?: string[] }) => JSON.stringify([...(m.dependencies ?? [])].sort());
    if (deps(r) !== deps(c))
      differences.push(`${stack}: deploy order differs: depends on ${labels.reference} ${deps(r)}, ${labels.candidate} ${deps(c)}`);
    const refDir = path.join(referenceDir, path.dirname(r.synthesizedStackPath));
    const candDir = path.join(candidateDir, path.dirname(c.synthesizedStackPath));
    const refFiles = filesUnder(refDir);
    const candFiles = filesUnder(candDir);
    for (const f of refFiles.filter((n) => !candFiles.includes(n)))
      differences.push(`${stack}: file ${f} is only in the ${labels.reference} output`);
    for (const f of candFiles.filter((n) => !refFiles.includes(n)))
      differences.push(`${stack}: file ${f} is only in the ${labels.candidate} output`);
    for (const f of refFiles.filter((n) => candFiles.includes(n))) {
      if (f.endsWith('.tf.json')) {
        const refDoc = readJson(path.join(refDir, f));
        const candDoc = readJson(path.join(candDir, f));
        const d = compareStackJson(refDoc, candDoc, stack, labels);
        differences.push(...d.differences);
        metadata.push(...d.metadata);
        resources += countBlocks(candDoc, 'resource');
        dataSources += countBlocks(candDoc, 'data');
      } else if (!fs.readFileSync(path.join(refDir, f)).equals(fs.readFileSync(path.join(candDir, f)))) {
        differences.push(`${stack}: file ${f} differs`);
      }
    }
  }
  return { stacks, resources, dataSources, differences, metadata };
}
