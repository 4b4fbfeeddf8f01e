/**
 * Where a key stands in its life on a given day: expiry dates and rotation grace periods.
 * Dates are calendar days in UTC, so every machine (a laptop, a CI runner) agrees on them.
 */
import { Customer } from './customer';
import { durationSeconds } from './fields';
import { Problem } from './problems';

/** Customers expiring within this many days are listed in plans, drift reports and the nightly issue. */
export const EXPIRY_WARNING_DAYS = 30;

/** `YYYY-MM-DD` of an instant, in UTC. */
export function utcDate(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** True from 00:00 UTC on the customer's `expires` date. */
export function isExpired(customer: Pick<Customer, 'expires'>, now: Date): boolean {
  return customer.expires !== undefined && customer.expires <= utcDate(now);
}

/** Whether the client is enabled in Keycloak: the file says so and the key has not expired. */
export function effectiveEnabled(customer: Pick<Customer, 'enabled' | 'expires'>, now: Date): boolean {
  return customer.enabled && !isExpired(customer, now);
}

/** Whole days from today (UTC) to a `YYYY-MM-DD` date; 0 on the day itself, negative after. */
export function daysUntil(date: string, now: Date): number {
  return Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${utcDate(now)}T00:00:00Z`)) / 86_400_000);
}

export interface Expiry {
  readonly clientId: string;
  readonly expires: string;
  /** Days left (0 or less: expired). */
  readonly days: number;
}

/** Customers that have expired, and those expiring within `withinDays`, sorted by date. */
export function expiries(
  customers: readonly Customer[],
  now: Date,
  withinDays = EXPIRY_WARNING_DAYS,
): { expired: Expiry[]; expiring: Expiry[] } {
  const all = customers
    .filter((c) => c.expires !== undefined)
    .map((c) => ({ clientId: c.clientId, expires: c.expires!, days: daysUntil(c.expires!, now) }))
    .sort((a, b) => a.expires.localeCompare(b.expires) || a.clientId.localeCompare(b.clientId));
  return { expired: all.filter((e) => e.days <= 0), expiring: all.filter((e) => e.days > 0 && e.days <= withinDays) };
}

/**
 * An expiry date must lie in the future when the customer is added: a new key that is
 * disabled from its first day is a typo. Existing customers may expire (that is the point),
 * so this runs against the plan, which knows which customers are new.
 */
export function newCustomerExpiryProblems(customers: readonly Customer[], addedIds: readonly string[], now: Date): Problem[] {
  return customers
    .filter((c) => addedIds.includes(c.clientId) && isExpired(c, now))
    .map((c) => ({
      file: c.file,
      where: 'expires',
      problem: `${c.expires} is not after today (${utcDate(now)}), and ${c.clientId} is a new customer`,
      hint: 'a new key must expire in the future: fix the date, or remove expires',
    }));
}

/** When the previous secret stops working if a rotation is applied at `appliedAt`. */
export function rotatedSecretValidUntil(gracePeriod: string, appliedAt: Date): Date {
  return new Date(appliedAt.getTime() + durationSeconds(gracePeriod)! * 1000);
}
