/** Field types shared by the platform and customer schemas. */
import { z } from 'zod';
import { schemaHints } from './schema-hints';

/** Control characters other than newline and tab (and newline/tab too in one-line fields). */
const CONTROL_ONE_LINE = /^[^\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]*$/;
const CONTROL_MULTI_LINE = /^[^\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]*$/;

/** A one-line human-readable string (names). */
export function oneLine(maxLength: number, description: string) {
  return z
    .string()
    .trim()
    .min(1)
    .max(maxLength)
    .regex(CONTROL_ONE_LINE, { message: 'contains control or bidirectional-override characters' })
    .describe(description);
}

/** Free text that may span lines (descriptions). */
export function freeText(maxLength: number, description: string) {
  return z
    .string()
    .max(maxLength)
    .regex(CONTROL_MULTI_LINE, { message: 'contains control or bidirectional-override characters' })
    .describe(description);
}

/** Access-token lifespan in seconds. */
export const lifespan = z.int().min(60).max(3600).register(schemaHints, { outOfRange: 'token lifespans are 60 to 3600 seconds' });

/**
 * Keycloak client ids that this project manages: lowercase letters, digits and `-`,
 * 3 to 63 characters, starting with a letter. Safe in file names, URLs and HCL.
 */
export const CLIENT_ID_PATTERN = /^[a-z][a-z0-9-]{2,62}$/;

export const clientId = z
  .string()
  .regex(CLIENT_ID_PATTERN, { message: 'must be 3-63 lowercase letters, digits or "-", starting with a letter' })
  .describe('Keycloak client id');

/** Names of realms, roles and scopes: ASCII letters, digits and `:._-`. */
export const identifier = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9:._-]{0,99}$/, { message: 'must be 1-100 ASCII letters, digits or ":._-", starting with a letter' });

const DURATION_UNITS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** Seconds in a duration written as `<number><unit>` (`30s`, `15m`, `12h`, `7d`), or undefined when it is not one. */
export function durationSeconds(text: string): number | undefined {
  const m = /^([1-9][0-9]{0,5})([smhd])$/.exec(text);
  return m ? Number(m[1]) * DURATION_UNITS[m[2]] : undefined;
}

/** A duration such as `7d`: a whole number and one unit (s, m, h, d). */
export const duration = z.string().refine((v) => durationSeconds(v) !== undefined, {
  error: (issue) => `${JSON.stringify(issue.input)} is not a duration`,
  params: { hint: 'write a whole number and a unit: s, m, h or d, e.g. 7d or 12h' },
});

/**
 * A calendar date written `YYYY-MM-DD` (quoted or not: YAML 1.2 reads an unquoted date as
 * text). Checked to exist, so `2027-02-30` is refused rather than rolled over to March.
 */
export const isoDate = z.string().refine(
  (v) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
    const d = new Date(`${v}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
  },
  { error: (issue) => `${JSON.stringify(issue.input)} is not a date`, params: { hint: 'write the date as YYYY-MM-DD, e.g. 2027-03-31' } },
);
