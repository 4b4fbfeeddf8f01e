/**
 * The blast-radius guard: a deploy that deletes customers deletes their secrets, and a bad
 * merge, a wrong working directory or a sparse checkout looks exactly like "every file was
 * deleted". Removing more customers than platform.yaml's `removalGuard` allows, or every
 * customer, needs a confirmation that names the number removed.
 */
import { Platform } from '../model/platform';
import { UserError } from '../model/problems';

/**
 * The confirmed removal count: `--confirm-removal <n>`, else `APIKEYS_CONFIRM_REMOVAL` (parsed
 * by config/settings.ts).
 * @param fromSettings the count from the settings @default - none: nothing beyond the limits may be removed
 */
export function confirmedRemovals(flag: string | number | undefined, fromSettings?: number): number | undefined {
  if (flag === undefined) return fromSettings;
  const raw = String(flag);
  if (raw.trim() === '') return undefined;
  if (!/^\d+$/.test(raw.trim())) {
    throw new UserError(`--confirm-removal=${raw}: expected the number of customers the plan removes, e.g. --confirm-removal 12`);
  }
  return Number(raw.trim());
}

export interface RemovalVerdict {
  /** Customers the plan removes. */
  readonly removed: number;
  /** Customers in the state before the plan. */
  readonly inState: number;
  /** True when the removal is beyond the limits (or removes every customer). */
  readonly large: boolean;
  /** True when large and confirmed with exactly `removed`. */
  readonly confirmed: boolean;
  /** Why it counts as large. */
  readonly reason?: string;
}

/** Judges a plan's removals against the limits and the confirmation. */
export function judgeRemoval(
  removed: number,
  inState: number,
  limits: Platform['removalGuard'],
  confirmed: number | undefined,
): RemovalVerdict {
  let reason: string | undefined;
  if (removed > 1 && removed >= inState) reason = `every customer in state (${inState})`;
  else if (removed > limits.maxCount) reason = `more than removalGuard.maxCount (${limits.maxCount})`;
  // A single removal is never refused by share: small environments must be able to remove one.
  else if (removed > 1 && removed > limits.maxShare * inState)
    reason = `more than removalGuard.maxShare (${Math.round(limits.maxShare * 100)}% of ${inState})`;
  const large = reason !== undefined;
  return { removed, inState, large, confirmed: large && confirmed === removed, reason };
}

/** One bold Markdown line for a plan summary, or none when the removal is within limits. */
export function removalNotice(v: RemovalVerdict): string | undefined {
  if (!v.large) return undefined;
  return v.confirmed
    ? `**This plan removes ${v.removed} of ${v.inState} customers (${v.reason}); confirmed with \`--confirm-removal ${v.removed}\`. Their credentials stop working.**`
    : `**This plan removes ${v.removed} of ${v.inState} customers (${v.reason}); it is applied only with \`--confirm-removal ${v.removed}\`. Their credentials stop working.**`;
}

/** Throws unless the removal is within limits or confirmed with exactly the count. */
export function enforceRemoval(v: RemovalVerdict, where: string, given: number | undefined): void {
  if (!v.large || v.confirmed) return;
  const mismatch = given !== undefined ? ` (--confirm-removal ${given} was given, but the plan removes ${v.removed})` : '';
  throw new UserError(
    `${where}: the plan removes ${v.removed} of ${v.inState} customers, ${v.reason}${mismatch}. ` +
      'Deleting a client deletes its secret: check that customers/ is the complete, intended checkout. ' +
      `If these removals are intended, rerun with --confirm-removal ${v.removed} (or APIKEYS_CONFIRM_REMOVAL=${v.removed}).`,
  );
}

/**
 * Refuses before planning when no customer file targets the environment but its state holds
 * customers: nothing a plan could show would be anything but "remove everyone".
 */
export function enforceNotEmpty(fileCount: number, stateIds: readonly string[], where: string, given: number | undefined): void {
  if (fileCount > 0 || stateIds.length === 0 || given === stateIds.length) return;
  throw new UserError(
    `${where}: no customer file targets this environment, but its state holds ${stateIds.length} customer(s) (${stateIds.slice(0, 10).join(', ')}${stateIds.length > 10 ? ', ...' : ''}). ` +
      'Deploying would delete every client and its secret. Check the working directory and the checkout of customers/; ' +
      `if removing them all is intended, plan or deploy with --confirm-removal ${stateIds.length}.`,
  );
}
