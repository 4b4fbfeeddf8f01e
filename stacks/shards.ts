/**
 * Customer shards: the customers of an environment spread over several stacks, each with its
 * own state, so that a change plans only the shard it touches (docs/shards.md). A customer's
 * shard comes from a stable hash of its client id, never from list order or file names, so
 * adding a customer never moves another one.
 */
import { createHash } from 'crypto';

/** A customers stack of an environment: shard `index` of `count`. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** The first four bytes of each client id's SHA-256, once per process: every shard of a large environment asks for every customer's. */
const hashes = new Map<string, number>();

/** The shard of a client id: the first four bytes of its SHA-256, modulo the shard count. */
export function shardOf(clientId: string, count: number): number {
  if (count <= 1) return 0;
  let hash = hashes.get(clientId);
  if (hash === undefined) {
    hash = createHash('sha256').update(clientId, 'utf8').digest().readUInt32BE(0);
    hashes.set(clientId, hash);
  }
  return hash % count;
}

/** Every shard of an environment with `count` shards. */
export function allShards(count: number): Shard[] {
  return Array.from({ length: Math.max(1, count) }, (_, index) => ({ index, count: Math.max(1, count) }));
}

/**
 * `-shard-07` (two digits, three from 101 shards on): what a shard adds to the customers
 * stack's name and to its state's file name, key or schema. One shard adds nothing: a
 * project with one shard keeps the stack and state it had before shards existed.
 */
export function shardSuffix(shard: Shard | undefined, separator = '-'): string {
  if (!shard || shard.count <= 1) return '';
  const digits = shard.count > 100 ? 3 : 2;
  return `${separator}shard${separator}${String(shard.index).padStart(digits, '0')}`;
}
