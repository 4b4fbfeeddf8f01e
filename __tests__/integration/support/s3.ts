/**
 * A throw-away S3-compatible server on loopback for the s3-state suite: gofakes3 with a main
 * of ours (toolchain/s3-server/), built once into the toolchain cache by
 * toolchain/s3-server.ts. Fresh data directory per start, one bucket, one access key.
 *
 * The server accepts only requests that name its access key id (it verifies no signature),
 * so the calls below name it too; they read what the engine wrote, as a person with the
 * AWS CLI would.
 */
import { ChildProcess, spawn } from 'child_process';
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ensureS3Server } from '../../../toolchain/s3-server';

/** The loopback ports the tests' extra servers may use; the server takes the first one free. */
export const S3_PORTS = { first: 28800, last: 28899 };

export interface S3Object {
  readonly key: string;
  readonly etag: string;
  readonly size: number;
}

export interface S3Server {
  /** `http://127.0.0.1:<port>`: the environment's `state.s3.endpoint`. */
  readonly endpoint: string;
  readonly bucket: string;
  /** AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY for the commands' environment. */
  readonly credentials: { readonly AWS_ACCESS_KEY_ID: string; readonly AWS_SECRET_ACCESS_KEY: string };
  /** The objects in the bucket (ListObjectsV2), sorted by key. */
  list(): Promise<S3Object[]>;
  /** An object's content, or undefined when there is none. */
  get(key: string): Promise<string | undefined>;
  /** PutObject, with `headers` such as `If-None-Match: *`; the HTTP status. */
  put(key: string, body: string, headers?: Record<string, string>): Promise<number>;
  stop(): Promise<void>;
}

/** Starts the server (building it first when the cache lacks it) on the first free port of S3_PORTS. */
export async function startS3Server(bucket = 'apikeys-state'): Promise<S3Server> {
  const binary = await ensureS3Server();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apikeys-s3-'));
  const accessKey = `AKTEST${randomBytes(6).toString('hex').toUpperCase()}`;
  const credentials = { AWS_ACCESS_KEY_ID: accessKey, AWS_SECRET_ACCESS_KEY: randomBytes(20).toString('base64url') };
  let failures = '';
  for (let port = S3_PORTS.first; port <= S3_PORTS.last; port++) {
    const started = await listen(binary, [
      '-listen',
      `127.0.0.1:${port}`,
      '-dir',
      path.join(dir, 'data'),
      '-bucket',
      bucket,
      '-access-key',
      accessKey,
    ]);
    if ('child' in started) return server(started.child, `http://127.0.0.1:${port}`, bucket, credentials, dir);
    if (!/address already in use/.test(started.error)) {
      fs.rmSync(dir, { recursive: true, force: true });
      throw new Error(`the S3 server (${binary}) did not start on 127.0.0.1:${port}: ${started.error}`);
    }
    failures = started.error;
  }
  fs.rmSync(dir, { recursive: true, force: true });
  throw new Error(`no free port for the S3 server in ${S3_PORTS.first}-${S3_PORTS.last} (last: ${failures})`);
}

/** Runs the server until it says it listens (the child), or exits (what it said). */
function listen(binary: string, args: string[]): Promise<{ child: ChildProcess } | { error: string }> {
  return new Promise((resolve) => {
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve({ error: `no "listening" line within 30 s: ${out}` });
    }, 30_000);
    const seen = (chunk: Buffer) => {
      out += chunk.toString();
      if (/^s3-server: listening on /m.test(out)) {
        clearTimeout(timer);
        child.stdout!.removeAllListeners('data');
        child.stdout!.resume();
        resolve({ child });
      }
    };
    child.stdout!.on('data', seen);
    child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', (err) => {
      clearTimeout(timer);
      resolve({ error: err.message });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ error: `exited (${signal ?? `code ${code}`}): ${out.trim()}` });
    });
  });
}

function server(child: ChildProcess, endpoint: string, bucket: string, credentials: S3Server['credentials'], dir: string): S3Server {
  // The server checks the access key id only: a request names it as a signed one would.
  const headers = { authorization: `AWS4-HMAC-SHA256 Credential=${credentials.AWS_ACCESS_KEY_ID}/test` };
  const url = (key = '') => `${endpoint}/${bucket}${key ? `/${key.split('/').map(encodeURIComponent).join('/')}` : ''}`;
  const text = (s: string) => s.replace(/&#34;|&quot;/g, '"').replace(/&amp;/g, '&');
  return {
    endpoint,
    bucket,
    credentials,
    async list() {
      const res = await fetch(`${url()}?list-type=2`, { headers });
      const body = await res.text();
      if (res.status !== 200) throw new Error(`listing bucket ${bucket}: ${res.status} ${body}`);
      return [...body.matchAll(/<Contents>([\s\S]*?)<\/Contents>/g)]
        .map(([, c]) => ({
          key: text(/<Key>([^<]*)<\/Key>/.exec(c)![1]),
          etag: text(/<ETag>([^<]*)<\/ETag>/.exec(c)![1]),
          size: Number(/<Size>(\d+)<\/Size>/.exec(c)![1]),
        }))
        .sort((a, b) => a.key.localeCompare(b.key));
    },
    async get(key) {
      const res = await fetch(url(key), { headers });
      if (res.status === 404) return undefined;
      const body = await res.text();
      if (res.status !== 200) throw new Error(`GET ${key}: ${res.status} ${body}`);
      return body;
    },
    async put(key, body, extra = {}) {
      return (await fetch(url(key), { method: 'PUT', headers: { ...headers, ...extra }, body })).status;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
