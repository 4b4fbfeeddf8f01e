/** The platform file (`platform.yaml`): the realm, the backend API, its roles, the audience scope, defaults. */
import { z } from 'zod';
import { isAllowedJwksUrl } from './auth';
import { clientId, duration, freeText, identifier, lifespan, oneLine } from './fields';

/** The provisioning identity's client id unless the platform configures another. */
export const DEFAULT_PROVISIONER_CLIENT_ID = 'api-keys-provisioner';

/** The read-only identity's client id unless the platform configures another. */
export const DEFAULT_READER_CLIENT_ID = 'api-keys-reader';

export const DEFAULT_ACCESS_TOKEN_LIFESPAN = 300;
/** How long Keycloak keeps login events unless platform.yaml says otherwise. */
export const DEFAULT_EVENT_RETENTION = '90d';
/** Keycloak's rotation policy expires every secret it covers; by default five years after it was issued. */
export const DEFAULT_MAX_SECRET_AGE = '1825d';

/** Removals of more customers than this need an explicit confirmation naming the count. */
export const DEFAULT_MAX_REMOVALS = 5;
/** Removals of more than this share of the customers in state need the same confirmation. */
export const DEFAULT_MAX_REMOVAL_SHARE = 0.2;

export const platformSchema = z
  .strictObject({
    realm: z
      .strictObject({
        name: identifier.describe('Realm name (the `{realm}` in token endpoint URLs).'),
        create: z
          .boolean()
          .default(true)
          .describe(
            'true: this project creates and owns the realm. false: the realm exists and is managed elsewhere; only clients and scopes are added to it.',
          ),
        displayName: oneLine(255, 'Realm display name (only used when the realm is created here).').optional(),
        enableAdminPermissions: z
          .boolean()
          .default(true)
          .describe(
            "Only for `create: false`. true: a platform deploy turns on the realm's fine-grained admin permissions when they are off (the pipeline identities' permissions live there; nothing else changes). false: it stops instead and says how to turn them on.",
          ),
      })
      .describe('The realm that holds the API and its customers.'),
    api: z
      .strictObject({
        clientId: clientId.describe('Client id of the backend API (the resource server). Tokens carry it in `aud`.'),
        create: z
          .boolean()
          .default(true)
          .describe(
            'true: this project creates and owns the API client and its roles. false: the client exists and is managed elsewhere; it is read, never changed, and every role in `roles` must already exist on it.',
          ),
        name: oneLine(
          255,
          'Display name of the backend API (only used when the client is created here; default: its client id).',
        ).optional(),
        description: freeText(255, 'What the API is (only used when the client is created here).').optional(),
        roles: z
          .record(identifier, freeText(255, 'What the role allows.'))
          .describe(
            'The role catalog: role name -> description. Customers may be granted only these roles. With `create: false`, the roles of the existing client that customers may be granted (descriptions are for reviewers; the client keeps its own).',
          ),
      })
      .describe('The protected backend API.'),
    audienceScope: z
      .strictObject({
        name: identifier.describe('Name of the client scope that puts the API in `aud`.'),
      })
      .describe('The audience client scope every customer gets by default.'),
    provisioner: z
      .strictObject({
        clientId: clientId.default(DEFAULT_PROVISIONER_CLIENT_ID).describe('Client id of the provisioning identity the pipeline uses.'),
      })
      .default({ clientId: DEFAULT_PROVISIONER_CLIENT_ID })
      .describe('The service account that deploys customers (created by the platform stack).'),
    reader: z
      .strictObject({
        clientId: clientId
          .default(DEFAULT_READER_CLIENT_ID)
          .describe('Client id of the read-only identity that plans pull requests and checks drift.'),
      })
      .default({ clientId: DEFAULT_READER_CLIENT_ID })
      .describe('The read-only service account for plans of unmerged changes and drift checks (created by the platform stack).'),
    defaults: z
      .strictObject({
        accessTokenLifespan: lifespan
          .default(DEFAULT_ACCESS_TOKEN_LIFESPAN)
          .describe('Access-token lifespan in seconds for customers that do not set their own (60-3600).'),
      })
      .default({ accessTokenLifespan: DEFAULT_ACCESS_TOKEN_LIFESPAN })
      .describe('Defaults for customer clients.'),
    secretRotation: z
      .strictObject({
        gracePeriod: duration.describe(
          'How long the previous secret keeps working after a rotation, for customers that choose none (one of gracePeriods).',
        ),
        gracePeriods: z
          .array(duration)
          .min(1)
          .describe(
            'The grace periods customers may choose; each is one Keycloak client policy (needs the client-secret-rotation feature).',
          ),
        maxSecretAge: duration
          .default(DEFAULT_MAX_SECRET_AGE)
          .describe("Keycloak's rotation policy also expires every secret this long after it was issued; rotate before then."),
      })
      .optional()
      .describe(
        'Rotation with overlap: after a rotation the previous secret keeps working for a grace period. Absent: the old secret is refused at once.',
      ),
    usage: z
      .strictObject({
        eventRetention: duration
          .default(DEFAULT_EVENT_RETENTION)
          .describe('How long Keycloak keeps client-credentials login events, which `npm run usage` reads (at least 30d).'),
      })
      .default({ eventRetention: DEFAULT_EVENT_RETENTION })
      .describe('The login events behind the usage report.'),
    trustedIssuers: z
      .record(
        z.string().regex(/^[a-z][a-z0-9-]{1,62}$/, {
          message:
            'must be 2-63 lowercase ASCII letters, digits or "-", starting with a letter (it becomes the identity provider\'s alias)',
        }),
        z
          .strictObject({
            issuer: z
              .string()
              .refine(isAllowedJwksUrl, {
                message: 'must be an https URL (http only to 127.0.0.1 or localhost)',
                params: { hint: 'write the `iss` claim of the workload tokens, e.g. https://token.actions.githubusercontent.com' },
              })
              .describe('The `iss` claim of the tokens this issuer gives workloads (https; http only on a loopback address).'),
            jwksUrl: z
              .string()
              .refine(isAllowedJwksUrl, {
                message: 'must be an https URL (http only to 127.0.0.1 or localhost)',
                params: { hint: "use the issuer's https JWKS endpoint, or leave jwksUrl out when the issuer publishes discovery" },
              })
              .optional()
              .describe(
                "URL of the issuer's signing keys (JWKS). Default: the jwks_uri of the issuer's discovery document (<issuer>/.well-known/openid-configuration), read at plan time.",
              ),
          })
          .describe('One issuer whose workload tokens customers may use instead of a secret.'),
      )
      .default({})
      .describe(
        "Issuers of workload tokens (Kubernetes, GitHub Actions, GitLab CI, a customer's OpenID issuer) that customers with auth method federated may use. Each becomes one identity provider in the realm, used only for client assertions: nobody can log in through it.",
      ),
    customerShards: z
      .int()
      .min(1)
      .max(256)
      .default(1)
      .describe(
        'How many stacks (each with its own state) the customers of an environment are spread over, by a stable hash of the client id. 1 (the default) keeps them in one stack, api-keys-<env>. A plan or deploy runs the engine only for the shards whose customers changed or drifted, so a change costs what its shard costs: about 100 customers per shard keeps a one-customer plan near its cost at 50 customers (docs/shards.md). Changing it moves the customers between states with `npm run reshard`, without a Keycloak write.',
      ),
    removalGuard: z
      .strictObject({
        maxCount: z
          .int()
          .min(0)
          .default(DEFAULT_MAX_REMOVALS)
          .describe('A plan that removes more customers than this is refused unless confirmed with --confirm-removal <count>.'),
        maxShare: z
          .number()
          .min(0)
          .max(1)
          .default(DEFAULT_MAX_REMOVAL_SHARE)
          .describe(
            'A plan that removes more than this share (0-1) of the customers in state is refused unless confirmed; a single removal is never refused by share, so small environments can still remove one customer.',
          ),
      })
      .default({ maxCount: DEFAULT_MAX_REMOVALS, maxShare: DEFAULT_MAX_REMOVAL_SHARE })
      .describe(
        'Guard against removing many customers at once (a bad merge, a wrong directory or a sparse checkout would revoke their credentials).',
      ),
  })
  .describe('Platform configuration of keycloak-api-keys.');

/** The platform configuration with defaults applied. */
export type Platform = z.output<typeof platformSchema>;
