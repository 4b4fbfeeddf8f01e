/**
 * Shows that a refactoring changed no synthesized byte: synthesizes the example project and
 * a generated project of many customers with the code of another git revision and with the
 * code in this checkout, then compares every file of every stack, byte for byte.
 *
 *   npm run check:synth-identical -- --against 0dfc922            # example + 1,000 customers
 *   npm run check:synth-identical -- --against main --customers 200
 *
 * Both sides run the project's own entry point (`main.ts`, as `cdktf synth` does) in a copy of
 * their checkout whose customers/ is replaced, so the comparison does not depend on any internal
 * function staying the same. Absolute paths of the two copies are replaced by `<checkout>`
 * before comparing (local state paths contain them); nothing else is normalized.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseArgs } from 'util';
import { customerYaml } from '../benchmarks/synth';

const repoRoot = path.resolve(__dirname, '..');

function git(args: string[], cwd = repoRoot): string {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed:\n${r.stderr}`);
  return r.stdout.trim();
}

/** A copy of the files git knows in `source` (plus the generated bindings), with this repository's node_modules linked in. */
function copyCheckout(source: string, dest: string): void {
  const files = git(['ls-files', '-z', '--cached', '--others', '--exclude-standard'], source).split('\0').filter(Boolean);
  for (const f of files) {
    const from = path.join(source, f);
    if (!fs.existsSync(from) || fs.statSync(from).isDirectory()) continue;
    fs.mkdirSync(path.dirname(path.join(dest, f)), { recursive: true });
    fs.copyFileSync(from, path.join(dest, f));
  }
  const gen = path.join(source, '.gen');
  if (fs.existsSync(gen) && !fs.existsSync(path.join(dest, '.gen'))) fs.cpSync(gen, path.join(dest, '.gen'), { recursive: true });
  fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(dest, 'node_modules'));
}

/** Replaces the checkout's customers with `count` generated ones (the synth benchmark's). */
function useGeneratedCustomers(checkout: string, count: number): void {
  const dir = path.join(checkout, 'customers');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir);
  for (let i = 1; i <= count; i++) fs.writeFileSync(path.join(dir, `customer-${String(i).padStart(5, '0')}.yaml`), customerYaml(i));
}

/** Runs `main.ts` in a checkout; returns every file of every synthesized stack, keyed by relative path. */
function synthesize(checkout: string, scratch: string): Map<string, string> {
  const outdir = path.join(checkout, 'cdktf.out');
  fs.rmSync(outdir, { recursive: true, force: true });
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, CDKTF_OUTDIR: outdir };
  // The same settings for both sides: a fixed cache directory (local state paths live under it) and port.
  env.APIKEYS_CACHE_DIR = path.join(scratch, 'cache');
  env.APIKEYS_KEYCLOAK_PORT = '8080';
  const r = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'main.ts'], {
    cwd: checkout,
    env,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`synth in ${checkout} failed (exit ${r.status}):\n${r.stderr.slice(-3000)}`);
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else files.set(path.relative(outdir, p), fs.readFileSync(p, 'utf8').split(checkout).join('<checkout>'));
    }
  };
  walk(path.join(outdir, 'stacks'));
  return files;
}

/** The first lines where two texts differ, for the report. */
function firstDifference(a: string, b: string): string {
  const la = a.split('\n');
  const lb = b.split('\n');
  for (let i = 0; i < Math.max(la.length, lb.length); i++) {
    if (la[i] !== lb[i])
      return `line ${i + 1}:\n  before: ${(la[i] ?? '<end>').slice(0, 200)}\n  after:  ${(lb[i] ?? '<end>').slice(0, 200)}`;
  }
  return 'same lines, different bytes';
}

function compare(label: string, before: Map<string, string>, after: Map<string, string>): boolean {
  let same = true;
  for (const name of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const a = before.get(name);
    const b = after.get(name);
    if (a === undefined || b === undefined) {
      same = false;
      console.log(`  DIFFERENT ${label}: ${name} exists only ${a === undefined ? 'after' : 'before'}`);
    } else if (a !== b) {
      same = false;
      console.log(`  DIFFERENT ${label}: ${name}, ${firstDifference(a, b)}`);
    }
  }
  const resources = [...after.entries()]
    .filter(([n]) => n.endsWith('cdk.tf.json'))
    .reduce(
      (sum, [, text]) =>
        sum + Object.values((JSON.parse(text).resource ?? {}) as Record<string, object>).reduce((s, r) => s + Object.keys(r).length, 0),
      0,
    );
  if (same) console.log(`  identical ${label}: ${after.size} files, ${resources} resources, ${(sumBytes(after) / 1024).toFixed(0)} KiB`);
  return same;
}

const sumBytes = (files: Map<string, string>) => [...files.values()].reduce((s, t) => s + Buffer.byteLength(t), 0);

function main(): number {
  const { values } = parseArgs({
    options: {
      against: { type: 'string' },
      customers: { type: 'string', default: '1000' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || !values.against) {
    console.log('usage: npm run check:synth-identical -- --against <git revision> [--customers <n>] (default 1000)');
    return values.help ? 0 : 2;
  }
  const count = Number(values.customers);
  if (!Number.isInteger(count) || count < 1) throw new Error(`--customers must be a whole number >= 1, got ${values.customers}`);
  const rev = git(['rev-parse', '--short', values.against]);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-identical-'));
  try {
    const worktree = path.join(scratch, 'worktree');
    git(['worktree', 'add', '--detach', worktree, rev]);
    try {
      const sides = { before: path.join(scratch, 'before'), after: path.join(scratch, 'after') };
      copyCheckout(worktree, sides.before);
      copyCheckout(repoRoot, sides.after);
      console.log(`comparing synthesized stacks: ${rev} (before) with this checkout (after)`);
      let same = compare('example project', synthesize(sides.before, scratch), synthesize(sides.after, scratch));
      useGeneratedCustomers(sides.before, count);
      useGeneratedCustomers(sides.after, count);
      same = compare(`${count}-customer project`, synthesize(sides.before, scratch), synthesize(sides.after, scratch)) && same;
      console.log(same ? 'byte-identical' : 'the synthesized stacks differ (see above)');
      return same ? 0 : 1;
    } finally {
      git(['worktree', 'remove', '--force', worktree]);
    }
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

process.exitCode = main();
