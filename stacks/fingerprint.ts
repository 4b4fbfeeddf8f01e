/**
 * The fingerprint of a customers shard's configuration: what its stack would be synthesized
 * from, hashed without synthesizing it. Each sharded stack records it as the output
 * `configuration_fingerprint` when applied; a plan compares the fingerprint of the files with
 * the one in the shard's state, and runs the engine only where they differ (or where Keycloak
 * drifted), which is what keeps a one-customer change cheap in a large project.
 *
 * It covers the shard's customers (with whether each is enabled today: an expiry changes the
 * configuration without a file change), the platform file, the target, and the code that turns
 * them into resources (the constructs, the stacks and the provider schema): after an upgrade of
 * this project every shard is planned once.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { Customer } from '../model/customer';
import { effectiveEnabled } from '../model/lifecycle';
import { Platform } from '../model/platform';
import { Target } from './target';

/** The output each sharded customers stack records its fingerprint in. */
export const FINGERPRINT_OUTPUT = 'configuration_fingerprint';

let codeHash: string | undefined;

/** Files below `dir` (sorted, recursively), skipping type declarations and maps. */
function sourceFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(file));
    else if (/\.(ts|js|json)$/.test(entry.name) && !/\.d\.ts$|\.map$/.test(entry.name)) out.push(file);
  }
  return out;
}

/** One hash of the code that builds a customers stack, read once per process. */
function codeFingerprint(): string {
  if (codeHash) return codeHash;
  const hash = createHash('sha256');
  const root = path.resolve(__dirname, '..');
  for (const dir of ['keycloak', 'stacks', 'model', path.join('.gen', 'providers', 'keycloak', 'provider')])
    for (const file of sourceFiles(path.join(root, dir))) hash.update(path.relative(root, file)).update('\0').update(fs.readFileSync(file));
  codeHash = hash.digest('hex');
  return codeHash;
}

export interface FingerprintInputs {
  readonly platform: Platform;
  readonly target: Target;
  /** The customers of this shard. */
  readonly customers: readonly Customer[];
  /** The clock that decides which customers have expired. */
  readonly now: Date;
}

/** `sha256:<hex>` of everything the shard's stack is synthesized from. */
export function shardFingerprint({ platform, target, customers, now }: FingerprintInputs): string {
  // What the resources are made from. Not: how the run logs in (login realm, CA, time budget:
  // the read-only identity logs in to the customers' realm, the administrator to master) or
  // where the state is kept; those change nothing in Keycloak.
  const where = {
    environment: target.environment,
    keycloakUrl: target.keycloakUrl,
    realm: target.realm,
    markerStack: target.markerStack,
    shard: target.shard,
  };
  const data = {
    code: codeFingerprint(),
    platform,
    target: where,
    customers: [...customers]
      .sort((a, b) => a.clientId.localeCompare(b.clientId))
      .map((c) => ({ ...c, enabledNow: effectiveEnabled(c, now) })),
  };
  return `sha256:${createHash('sha256').update(JSON.stringify(data)).digest('hex')}`;
}
