/**
 * Validation rules as data: each rule looks at one subject (a platform, a customer file)
 * and returns every failure it finds, so a run reports all problems at once.
 */
import { Problem } from './problems';

export interface Rule<T> {
  /** What the rule requires, in a few words (the tests name their cases after it). */
  readonly name: string;
  /** Every problem the subject has under this rule; empty when it holds. */
  readonly check: (subject: T) => Problem[];
}

/** The problems of every rule, in the order of the table. */
export function checkAll<T>(subject: T, rules: readonly Rule<T>[]): Problem[] {
  return rules.flatMap((rule) => rule.check(subject));
}
