/**
 * The key-lifecycle part of a plan or drift report, in a reviewer's words: which secrets a
 * plan rotates and until when the old ones keep working, which customers have expired, and
 * which expire soon. Computed from the files and the plan summary; it never holds a secret.
 */
import { Customer } from '../model/customer';
import { EXPIRY_WARNING_DAYS, Expiry, expiries, rotatedSecretValidUntil } from '../model/lifecycle';
import { PlanSummary } from './plan-summary';

export interface Rotation {
  readonly clientId: string;
  /** The customer's grace period. @default - none: the old secret stops working at once */
  readonly gracePeriod?: string;
  /** ISO time the old secret stops working if the plan is applied now. */
  readonly oldSecretValidUntil?: string;
}

export interface LifecycleNotes {
  readonly rotations: Rotation[];
  /** Expired customers; `disabledByThisPlan` when the plan is what turns the client off. */
  readonly expired: (Expiry & { readonly disabledByThisPlan: boolean })[];
  /** Customers expiring within EXPIRY_WARNING_DAYS. */
  readonly expiring: Expiry[];
}

/** `2026-12-06 14:05 UTC` */
export function formatUtc(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/**
 * @param customers the customers of this stack (one environment)
 * @param summary the plan's summary (a drift plan too)
 */
export function lifecycleNotes(customers: readonly Customer[], summary: PlanSummary, now: Date): LifecycleNotes {
  const changed = new Map(summary.customers.changed.map((g) => [g.name, g]));
  const rotations: Rotation[] = [];
  for (const c of customers) {
    const g = changed.get(c.clientId);
    if (!g?.attributes.some((a) => a.attribute === 'client_secret_regenerate_when_changed')) continue;
    rotations.push(
      c.secretGracePeriod
        ? {
            clientId: c.clientId,
            gracePeriod: c.secretGracePeriod,
            oldSecretValidUntil: rotatedSecretValidUntil(c.secretGracePeriod, now).toISOString(),
          }
        : { clientId: c.clientId },
    );
  }
  const { expired, expiring } = expiries(customers, now);
  return {
    rotations,
    expired: expired.map((e) => ({
      ...e,
      disabledByThisPlan: !!changed.get(e.clientId)?.attributes.some((a) => a.attribute === 'enabled' && a.after === 'false'),
    })),
    expiring,
  };
}

/** One sentence per note, for terminals and Markdown alike (client ids in backticks). */
export function lifecycleLines(notes: LifecycleNotes): string[] {
  const lines: string[] = [];
  for (const r of notes.rotations) {
    lines.push(
      r.oldSecretValidUntil
        ? `rotates \`${r.clientId}\`'s secret; the old one keeps working until ${formatUtc(new Date(r.oldSecretValidUntil))} (${r.gracePeriod} after the deploy)`
        : `rotates \`${r.clientId}\`'s secret; the old one stops working at once (no grace period: platform.yaml has no secretRotation)`,
    );
  }
  for (const e of notes.expired) {
    lines.push(`\`${e.clientId}\` expired on ${e.expires}${e.disabledByThisPlan ? ': this deploy disables it' : ' (disabled)'}`);
  }
  for (const e of notes.expiring) lines.push(`\`${e.clientId}\` expires on ${e.expires} (in ${e.days} day${e.days === 1 ? '' : 's'})`);
  return lines;
}

/** The Markdown section appended to plan and drift reports; empty when there is nothing to say. */
export function lifecycleMarkdown(notes: LifecycleNotes): string {
  const lines = lifecycleLines(notes);
  if (lines.length === 0) return '';
  return ['', '**Key lifecycle**', '', ...lines.map((l) => `- ${l}`), ''].join('\n');
}

/** The body of the nightly "expiring keys" issue: expired and soon-expiring customers, or '' when none. */
export function expiringMarkdown(environment: string, notes: LifecycleNotes): string {
  if (notes.expired.length === 0 && notes.expiring.length === 0) return '';
  const lines = [
    `### API keys expired or expiring within ${EXPIRY_WARNING_DAYS} days in ${environment}`,
    '',
    '| customer | expires | days left | |',
    '|---|---|---|---|',
  ];
  for (const e of notes.expired)
    lines.push(
      `| \`${e.clientId}\` | ${e.expires} | ${e.days} | ${e.disabledByThisPlan ? 'expired: the next deploy disables it' : 'expired, disabled'} |`,
    );
  for (const e of notes.expiring)
    lines.push(`| \`${e.clientId}\` | ${e.expires} | ${e.days} | renew (change \`expires\`) or let it expire |`);
  return lines.join('\n') + '\n';
}
