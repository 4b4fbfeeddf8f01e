/**
 * Benchmark: wall time and peak memory of a full validate + synth, by number of customers.
 *
 *   npm run bench:synth                         # 0, 10, 100, 1000, 5000 customers, 3 runs each
 *   npm run bench:synth -- --runs=5 --sizes=10,100 --no-doc   (or --runs 5 --sizes 10,100)
 *
 * For each size it writes a temporary project (a copy of platform.yaml and N generated
 * customer files), then runs benchmarks/synth-once.ts in a fresh node process per run, so
 * every measurement includes node start-up and module loading, as `npm run synth` does.
 * Size 0 (an empty customers/) is always measured too: it is the baseline that the other
 * sizes are compared with. The medians go to the console and to docs/performance.md.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { inheritedEnvironment } from '../config/settings';
import { OptionSpecs, parseOptions } from '../toolchain/args';

const repoRoot = path.resolve(__dirname, '..');
const runner = path.join(__dirname, 'synth-once.ts');
const docFile = path.join(repoRoot, 'docs', 'performance.md');
const START_MARKER = '<!-- bench:synth:start -->';
const END_MARKER = '<!-- bench:synth:end -->';

// ---------------------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------------------

interface Options {
  runs: number;
  sizes: number[];
  writeDoc: boolean;
}

/** The options, declared once: their syntax, meaning and default. */
const OPTIONS: OptionSpecs = {
  runs: { type: 'string', value: '<n>', default: '3', help: 'measurements per size (the median is reported)' },
  sizes: { type: 'string', value: '<n,n,...>', default: '10,100,1000,5000', help: 'numbers of customers to measure (0 is always added)' },
  'no-doc': { type: 'boolean', help: 'leave docs/performance.md alone' },
};

function parseCommandLine(argv: string[]): Options {
  const { values } = parseOptions('bench:synth', OPTIONS, argv, { helpHint: 'see the top of benchmarks/synth.ts' });
  const options: Options = {
    runs: Number(values.runs),
    sizes: String(values.sizes).split(',').map(Number),
    writeDoc: values['no-doc'] !== true,
  };
  if (!Number.isInteger(options.runs) || options.runs < 1) throw new Error('--runs must be a whole number >= 1');
  if (options.sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error('--sizes must be whole numbers >= 1');
  // The baseline (no customers) always comes first.
  options.sizes = [0, ...options.sizes.filter((n, i, all) => all.indexOf(n) === i)];
  return options;
}

// ---------------------------------------------------------------------------------------
// Generated projects
// ---------------------------------------------------------------------------------------

/** Role sets handed out in turn; every customer gets at least one role from the catalog. */
const ROLE_SETS = [
  ['orders:read'],
  ['orders:read', 'orders:write'],
  ['invoices:read'],
  ['orders:read', 'invoices:read'],
  ['orders:read', 'orders:write', 'invoices:read'],
];

/** The YAML of customer number i. Every 10th is disabled, every 4th sets its own token lifespan. */
export function customerYaml(i: number): string {
  const lines = [
    `name: Generated Customer ${i}`,
    `contact: api-team@customer-${i}.example`,
    `description: Generated for the synth benchmark (customer ${i}).`,
  ];
  if (i % 10 === 0) lines.push('enabled: false');
  lines.push('roles:', ...ROLE_SETS[i % ROLE_SETS.length].map((role) => `  - ${role}`));
  if (i % 4 === 0) lines.push(`accessTokenLifespan: ${60 * (1 + (i % 15))}`);
  return `${lines.join('\n')}\n`;
}

/** Creates a project directory with the real platform.yaml and `count` customer files. */
export function generateProject(parent: string, count: number): string {
  const root = path.join(parent, `customers-${count}`);
  fs.mkdirSync(path.join(root, 'customers'), { recursive: true });
  fs.copyFileSync(path.join(repoRoot, 'platform.yaml'), path.join(root, 'platform.yaml'));
  for (let i = 1; i <= count; i++) {
    const clientId = `customer-${String(i).padStart(5, '0')}`;
    fs.writeFileSync(path.join(root, 'customers', `${clientId}.yaml`), customerYaml(i));
  }
  return root;
}

// ---------------------------------------------------------------------------------------
// Measuring
// ---------------------------------------------------------------------------------------

interface Run {
  /** Wall time of the whole child process, measured from here. */
  wallMs: number;
  /** Peak RSS of the child, as reported by the child itself. */
  maxRssKiB: number;
  startupMs: number;
  buildMs: number;
  synthMs: number;
}

/** Runs one validate + synth of `root` in a fresh node process. */
function measureOnce(root: string, expectedCustomers: number): Run {
  const outdir = path.join(root, 'cdktf.out');
  fs.rmSync(outdir, { recursive: true, force: true });
  const started = performance.now();
  const child = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', runner, root, outdir], {
    cwd: repoRoot,
    encoding: 'utf8',
    // The state file path only ends up in the backend block; keep it out of the real cache.
    env: { ...inheritedEnvironment(), APIKEYS_STATE_DIR: path.join(root, '.state') },
  });
  const wallMs = performance.now() - started;
  if (child.status !== 0) {
    throw new Error(`synth of ${expectedCustomers} customers failed (exit ${child.status}):\n${child.stderr}`);
  }
  const report = JSON.parse(child.stdout.trim().split('\n').pop() ?? '{}');
  if (report.customers !== expectedCustomers) {
    throw new Error(`expected ${expectedCustomers} customers in the synthesized app, got ${report.customers}`);
  }
  return { wallMs, maxRssKiB: report.maxRssKiB, startupMs: report.startupMs, buildMs: report.buildMs, synthMs: report.synthMs };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The median of each measured quantity over the runs of one size. */
function medianRun(runs: Run[]): Run {
  return {
    wallMs: median(runs.map((r) => r.wallMs)),
    maxRssKiB: median(runs.map((r) => r.maxRssKiB)),
    startupMs: median(runs.map((r) => r.startupMs)),
    buildMs: median(runs.map((r) => r.buildMs)),
    synthMs: median(runs.map((r) => r.synthMs)),
  };
}

// ---------------------------------------------------------------------------------------
// Reporting
// ---------------------------------------------------------------------------------------

const seconds = (ms: number) => (ms / 1000).toFixed(2);
const mib = (kib: number) => (kib / 1024).toFixed(0);

function table(results: { size: number; median: Run }[]): string {
  const base = results[0].median;
  const rows = [
    '| Customers | Wall time (s) | Peak RSS (MiB) | Time vs. baseline | RSS vs. baseline ' +
      '| ms / customer (vs. baseline) | KiB / customer (vs. baseline) | ms / customer (vs. previous size) | KiB / customer (vs. previous size) ' +
      '| Start-up / build / synth (s) |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
  ];
  results.forEach(({ size, median: m }, i) => {
    // Marginal cost: what the added customers cost, divided by their number. Against the
    // baseline it includes one-off costs (code paths first used by the first customer);
    // against the previous size it does not, so a flat last column means linear growth.
    const perCustomer = (from: { size: number; median: Run }) =>
      size === from.size
        ? ['–', '–']
        : [
            ((m.wallMs - from.median.wallMs) / (size - from.size)).toFixed(2),
            ((m.maxRssKiB - from.median.maxRssKiB) / (size - from.size)).toFixed(1),
          ];
    const [msBase, kibBase] = perCustomer(results[0]);
    const [msStep, kibStep] = i === 0 ? ['–', '–'] : perCustomer(results[i - 1]);
    rows.push(
      `| ${size === 0 ? '0 (baseline)' : size.toLocaleString('en-US')} | ${seconds(m.wallMs)} | ${mib(m.maxRssKiB)} ` +
        `| ${(m.wallMs / base.wallMs).toFixed(2)}× | ${(m.maxRssKiB / base.maxRssKiB).toFixed(2)}× ` +
        `| ${msBase} | ${kibBase} | ${msStep} | ${kibStep} ` +
        `| ${seconds(m.startupMs)} / ${seconds(m.buildMs)} / ${seconds(m.synthMs)} |`,
    );
  });
  return rows.join('\n');
}

/** The commit measured, and whether the work tree had uncommitted changes to tracked files. */
function codeVersion(): string {
  const git = (...args: string[]) => spawnSync('git', args, { cwd: repoRoot, encoding: 'utf8' }).stdout?.trim() ?? '';
  const commit = git('rev-parse', '--short', 'HEAD') || 'unknown';
  return git('status', '--porcelain', '--untracked-files=no') === '' ? commit : `${commit} with uncommitted changes`;
}

function machine(): string[] {
  const cpuModel = /model name\s*:\s*(.*)/.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
  return [
    `- CPU: ${cpuModel}, ${os.availableParallelism()} cores available to node (\`nproc\`)`,
    `- Memory: ${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB total`,
    `- Node.js ${process.version}, ${os.type()} ${os.release()}`,
    `- Code: ${codeVersion()}`,
    `- Date: ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}`,
  ];
}

/** Replaces the generated section of docs/performance.md (or creates the file). */
function writeDoc(section: string): void {
  const generated = `${START_MARKER}\n${section}\n${END_MARKER}`;
  let doc = fs.existsSync(docFile) ? fs.readFileSync(docFile, 'utf8') : '# Performance\n';
  const start = doc.indexOf(START_MARKER);
  const end = doc.indexOf(END_MARKER);
  if (start >= 0 && end > start) {
    doc = doc.slice(0, start) + generated + doc.slice(end + END_MARKER.length);
  } else {
    doc = `${doc.trimEnd()}\n\n${generated}\n`;
  }
  fs.mkdirSync(path.dirname(docFile), { recursive: true });
  fs.writeFileSync(docFile, doc);
}

// ---------------------------------------------------------------------------------------

function main(): void {
  const options = parseCommandLine(process.argv.slice(2));
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-synth-'));
  console.log(`sizes ${options.sizes.join(', ')}; ${options.runs} run(s) each; projects in ${workDir}`);
  try {
    const results: { size: number; median: Run }[] = [];
    for (const size of options.sizes) {
      const root = generateProject(workDir, size);
      if (size === 0) {
        // One unrecorded run first, so the first recorded one does not pay for a cold file cache.
        measureOnce(root, 0);
      }
      const runs: Run[] = [];
      for (let i = 1; i <= options.runs; i++) {
        const run = measureOnce(root, size);
        runs.push(run);
        console.log(
          `  ${String(size).padStart(5)} customers, run ${i}/${options.runs}: ${seconds(run.wallMs)} s, ${mib(run.maxRssKiB)} MiB`,
        );
      }
      results.push({ size, median: medianRun(runs) });
      fs.rmSync(root, { recursive: true, force: true });
    }

    const section = [
      '## Synth benchmark (generated)',
      '',
      `Median of ${options.runs} run(s) per size. Each run is a fresh \`node\` process (ts-node, transpile-only) that`,
      'validates the files and synthesizes the stack into a temporary `cdktf.out`, so start-up and module loading',
      'are included. "Per customer" is the added wall time or peak RSS divided by the number of added customers,',
      'counted from the 0-customer baseline or from the previous size. The baseline figure also carries one-off',
      'costs that the first customers pay; the previous-size figure does not: when it stays flat, cost grows linearly.',
      '',
      'Command:',
      '',
      '```sh',
      `npm run bench:synth${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
      '```',
      '',
      'Machine:',
      '',
      ...machine(),
      '',
      table(results),
    ].join('\n');

    console.log(`\n${table(results)}\n`);
    if (options.writeDoc) {
      writeDoc(section);
      console.log(`wrote ${path.relative(repoRoot, docFile)}`);
    }
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

// Only when run as the benchmark: scripts/cdktn-compat.ts imports the generator above.
if (require.main === module) main();
