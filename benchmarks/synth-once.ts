/**
 * One measurement for benchmarks/synth.ts: validates and synthesizes one project, then
 * prints a JSON line with what it saw. It runs in a fresh process each time, so module
 * loading (ts-node, cdktf, the generated provider classes) is part of what is measured.
 *
 *   node -r ts-node/register/transpile-only benchmarks/synth-once.ts <project-root> <outdir>
 */
import { performance } from 'perf_hooks';
import { buildApp } from '../stacks/app';
import { currentSettings } from '../config/settings';

const [root, outdir] = process.argv.slice(2);
if (!root || !outdir) {
  process.stderr.write('usage: synth-once.ts <project-root> <outdir>\n');
  process.exit(2);
}

const started = performance.now();
const { app, project } = buildApp({ root, outdir, settings: currentSettings() });
const built = performance.now();
app.synth();
const synthesized = performance.now();

const result = {
  customers: project.customers.length,
  /** Time spent before this file started running: node start-up and loading the modules above. */
  startupMs: started,
  /** Reading and validating the files plus building the construct tree. */
  buildMs: built - started,
  /** Resolving tokens and writing cdktf.out. */
  synthMs: synthesized - built,
  /** Peak resident set size of this process, in KiB. */
  maxRssKiB: process.resourceUsage().maxRSS,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
