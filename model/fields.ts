/** Field types shared by the platform and customer schemas. */
import { z } from 'zod';

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
export const lifespan = z.int().min(60).max(3600);

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
