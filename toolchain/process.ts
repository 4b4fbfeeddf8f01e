/** Small process helpers shared by the commands: run a child, show progress, fail clearly. */
import { spawn, spawnSync, SpawnOptions } from 'child_process';
import { UserError } from '../model/problems';

export function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** Runs a command to completion, inheriting stdio. Throws a UserError on a non-zero exit. */
export async function run(command: string, args: string[], options: SpawnOptions & { what?: string } = {}): Promise<void> {
  const code = await runStatus(command, args, options);
  if (code !== 0) {
    throw new UserError(`${options.what ?? command} failed (exit code ${code}).`);
  }
}

/** Runs a command and returns its exit code, inheriting stdio unless told otherwise. */
export function runStatus(command: string, args: string[], options: SpawnOptions = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit', ...options });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

/** How `captureAsync` runs a command, besides the spawn options. */
export interface CaptureOptions extends SpawnOptions {
  /** Where the output is copied as it arrives (a log file, the terminal). @default - none */
  readonly sinks?: NodeJS.WritableStream[];
  /**
   * Seconds the command may run: then it gets SIGTERM (a graceful stop), and SIGKILL 15 s later.
   * @default - no limit
   */
  readonly timeoutSeconds?: number;
  /** Called every HEARTBEAT_SECONDS while the command runs, with the seconds so far (a progress line). @default - none */
  readonly heartbeat?: (seconds: number) => void;
}

/** How often a long-running command prints a progress line ("... <what>: <n> s so far"). */
export const HEARTBEAT_SECONDS = 30;

/** The outcome of `captureAsync`: stdout and stderr interleaved as they came. */
export interface Captured {
  /** The exit code; 128 when killed by a signal and no code was given. */
  readonly code: number;
  /** The signal that ended the command, if one did. */
  readonly signal?: string;
  /** The time limit in seconds, when the command was stopped for exceeding it. */
  readonly timedOut?: number;
  readonly output: string;
}

/**
 * Runs a command asynchronously and captures its output (so that several can run at once).
 * The child is spawned before this function returns, so a caller may narrow the umask around the call.
 */
export function captureAsync(command: string, args: string[], options: CaptureOptions = {}): Promise<Captured> {
  const { sinks = [], timeoutSeconds, heartbeat, ...spawnOptions } = options;
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(command, args, { ...spawnOptions, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    const take = (d: Buffer) => {
      chunks.push(d);
      for (const s of sinks) s.write(d);
    };
    child.stdout?.on('data', take);
    child.stderr?.on('data', take);
    const progress = heartbeat ? setInterval(() => heartbeat((Date.now() - started) / 1000), HEARTBEAT_SECONDS * 1000) : undefined;
    let timedOut: number | undefined;
    const deadline =
      timeoutSeconds === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = timeoutSeconds;
            child.kill('SIGTERM');
            setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
          }, timeoutSeconds * 1000);
    const stop = () => {
      clearInterval(progress);
      clearTimeout(deadline);
    };
    child.on('error', (err) => {
      stop();
      reject(err);
    });
    child.on('close', (code, signal) => {
      stop();
      resolve({
        code: code ?? (signal ? 128 : 1),
        signal: signal ?? undefined,
        timedOut,
        output: Buffer.concat(chunks).toString('utf8'),
      });
    });
  });
}

/** Runs a command and captures its output. */
export function capture(command: string, args: string[], options: SpawnOptions = {}): { code: number; stdout: string; stderr: string } {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, ...options });
  if (result.error) {
    return { code: 127, stdout: '', stderr: String(result.error.message) };
  }
  return { code: result.status ?? 1, stdout: String(result.stdout), stderr: String(result.stderr) };
}

/**
 * Runs a long command with its output sent to a log file, printing a heartbeat so that a
 * person (or a CI log) can see it is alive. On failure, shows the tail of the log.
 */
export async function runLong(what: string, command: string, args: string[], logFile: string, options: SpawnOptions = {}): Promise<void> {
  const fs = await import('fs');
  const started = Date.now();
  const out = fs.openSync(logFile, 'w');
  log(`${what} (log: ${logFile})`);
  const timer = setInterval(() => log(`  ... ${what}: ${formatSeconds((Date.now() - started) / 1000)} so far`), HEARTBEAT_SECONDS * 1000);
  try {
    const code = await runStatus(command, args, { ...options, stdio: ['ignore', out, out] });
    if (code !== 0) {
      const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-25).join('\n');
      throw new UserError(`${what} failed (exit code ${code}). Last lines of ${logFile}:\n${tail}`);
    }
  } finally {
    clearInterval(timer);
    fs.closeSync(out);
  }
  log(`  done in ${formatSeconds((Date.now() - started) / 1000)}`);
}

export function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}
