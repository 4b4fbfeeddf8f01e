/**
 * A throw-away PostgreSQL server on loopback for the shared-state tests, from the
 * machine's PostgreSQL packages (.ci/run installs them). Runs as the `postgres` user when
 * the tests run as root, because initdb refuses root.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { postgresBin } from '../../support/gates';

export interface Postgres {
  readonly connStr: string;
  /** The login role (`apikeys`), owner of every database. */
  readonly user: string;
  readonly password: string;
  readonly port: number;
  stop(): void;
}

export interface PostgresOptions {
  /** The port on 127.0.0.1. @default - a free port the system picks */
  readonly port?: number;
  /** Databases to create besides `postgres` (owned by the login role). @default - none */
  readonly databases?: readonly string[];
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

export async function startPostgres(options: PostgresOptions = {}): Promise<Postgres> {
  const bin = postgresBin();
  if (!bin) throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql (apt-get install postgresql)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apikeys-pg-'));
  const data = path.join(dir, 'data');
  const password = `pw-${Math.random().toString(36).slice(2)}`;
  fs.writeFileSync(path.join(dir, 'pwfile'), `${password}\n`);
  const asRoot = process.getuid?.() === 0;
  if (asRoot) execFileSync('chown', ['-R', 'postgres:postgres', dir]);
  const run = (cmd: string, args: string[]) =>
    asRoot
      ? execFileSync('runuser', ['-u', 'postgres', '--', path.join(bin, cmd), ...args], { stdio: 'pipe' })
      : execFileSync(path.join(bin, cmd), args, { stdio: 'pipe' });
  run('initdb', ['-D', data, '-U', 'apikeys', '--auth=scram-sha-256', `--pwfile=${path.join(dir, 'pwfile')}`]);
  const port = options.port ?? (await freePort());
  run('pg_ctl', [
    '-D',
    data,
    '-l',
    path.join(dir, 'postgres.log'),
    '-w',
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`,
    'start',
  ]);
  const stop = () => {
    try {
      run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
  try {
    for (const db of options.databases ?? [])
      execFileSync(path.join(bin, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'apikeys', db], {
        stdio: 'pipe',
        env: { ...process.env, PGPASSWORD: password },
      });
  } catch (err) {
    stop();
    throw err;
  }
  return { connStr: `postgres://apikeys@127.0.0.1:${port}/postgres?sslmode=disable`, user: 'apikeys', password, port, stop };
}
