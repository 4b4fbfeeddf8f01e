/** A customer file (`customers/<client-id>.yaml`): one third-party application and what it may do. */
import { z } from 'zod';
import { authSchema } from './auth';
import { duration, freeText, isoDate, lifespan, oneLine } from './fields';
import { schemaHints } from './schema-hints';

const rotationId = z.string().regex(/^[A-Za-z0-9._-]{1,40}$/, { message: 'must be 1-40 letters, digits or ".", "_", "-"' });

/**
 * The customer schema. The arguments only feed editors (the JSON Schema `enum`s of
 * `npm run schema`); validation is the same without them: the loader checks role and
 * environment names itself (model/customer-rules.ts), so that it can suggest the closest one.
 */
export function customerSchema(roleCatalog: readonly string[] = [], environmentNames: readonly string[] = []) {
  const role = roleCatalog.length > 0 ? z.string().meta({ enum: [...roleCatalog] }) : z.string();
  const environment = environmentNames.length > 0 ? z.string().meta({ enum: [...environmentNames] }) : z.string();
  return z
    .strictObject({
      name: oneLine(255, 'Display name of the customer (shown in the Keycloak admin console).'),
      contact: z.email().max(254).describe("Email address of the customer's technical contact."),
      description: freeText(255, 'What the customer uses the API for.').optional(),
      enabled: z
        .boolean()
        .default(true)
        .describe('false suspends the customer: token requests fail, but the client and its secret are kept.'),
      roles: z.array(role).default([]).describe('Roles of the API this customer is granted (from the platform role catalog).'),
      environments: z
        .array(environment)
        .min(1)
        .optional()
        .describe('Environments (from environments.yaml) this customer is deployed to. Default: all.'),
      accessTokenLifespan: lifespan
        .optional()
        .describe("Access-token lifespan in seconds (60-3600). Default: the platform's defaults.accessTokenLifespan."),
      auth: authSchema,
      secretRotation: z
        .union([
          rotationId,
          z.strictObject({
            id: rotationId.describe('Change this value (e.g. "2026-12") to rotate the client secret on the next deploy.'),
            gracePeriod: duration
              .optional()
              .describe(
                "How long the previous secret keeps working (one of platform.yaml's secretRotation.gracePeriods). Default: the platform's.",
              ),
          }),
        ])
        .register(schemaHints, { writeAs: 'text, e.g. "2026-12", or a mapping' })
        .optional()
        .describe(
          'Change this value (e.g. "2026-12"), or its `id`, to rotate the client secret on the next deploy. Only for auth client-secret.',
        ),
      expires: isoDate
        .optional()
        .describe('The date the key stops working (YYYY-MM-DD): from 00:00 UTC that day, the next deploy disables the customer.'),
    })
    .refine((v) => v.secretRotation === undefined || v.auth.method === 'client-secret', {
      message: 'secretRotation applies only to auth method client-secret',
      path: ['secretRotation'],
      params: { hint: 'remove secretRotation; keys and certificates are rotated by the customer' },
    })
    .describe('A customer of the API: one confidential client using the OAuth2 client-credentials grant.');
}

/** What the loader validates a customer file against (no enums: see customerSchema). */
export const customerFileSchema = customerSchema();

/**
 * A validated customer: the fields of its file (defaults applied) as the schema gives them,
 * with the values the loader resolves from the file name and the platform replacing theirs.
 */
export type Customer = Readonly<Omit<z.output<typeof customerFileSchema>, keyof ResolvedCustomerFields>> & ResolvedCustomerFields;

/** The fields of a Customer that are not in its file as written, or are resolved from it. */
export interface ResolvedCustomerFields {
  /** Keycloak client id: the file name without its extension. */
  readonly clientId: string;
  /** The file it came from, relative to the project root. */
  readonly file: string;
  /** Granted API roles, sorted and without duplicates. */
  readonly roles: readonly string[];
  /** Access-token lifespan in seconds, resolved against the platform default. */
  readonly accessTokenLifespan: number;
  /** Environments the customer is deployed to, sorted. @default - every environment in environments.yaml */
  readonly environments: readonly string[];
  /** The rotation id (the text, or the mapping's `id`); changing it rotates the client secret. @default - never rotated */
  readonly secretRotation?: string;
  /**
   * How long the previous secret keeps working after a rotation: a grace period from the
   * platform's catalog (e.g. `7d`). Set for client-secret customers when platform.yaml enables
   * rotation with overlap. @default - none: a rotation refuses the old secret at once
   */
  readonly secretGracePeriod?: string;
}
