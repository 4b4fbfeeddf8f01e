/**
 * The environments file (`environments.yaml`): where the customers are deployed. Each
 * environment is its own stack with its own state; a customer file may limit itself to some.
 */
import { z } from 'zod';
import { CaBundle } from './ca-bundle';
import { identifier, oneLine } from './fields';
import { keycloakBase, keycloakBaseProblem } from './keycloak-url';

export const ENVIRONMENT_NAME_PATTERN = /^[a-z][a-z0-9-]{0,30}$/;

const environmentName = z
  .string()
  .regex(ENVIRONMENT_NAME_PATTERN, { message: 'must be 1-31 lowercase letters, digits or "-", starting with a letter' })
  // `<env>-platform` is the name of <env>'s platform stack: an environment of that name would share its state.
  .refine((v) => !v.endsWith('-platform'), {
    message: 'must not end in "-platform" (that names the platform stack of another environment)',
  });

const keycloakUrl = z
  .string()
  .superRefine((v, ctx) => {
    const problem = v === 'local' ? undefined : keycloakBaseProblem(v);
    if (problem !== undefined)
      ctx.addIssue({
        code: 'custom',
        message: v.startsWith('http') ? problem : 'must be "local" or an http(s) URL',
        params: {
          hint: 'e.g. https://sso.example.com, or https://sso.example.com/auth for a server under /auth; never a /realms/... endpoint',
        },
      });
  })
  .transform((v) => (v === 'local' ? v : keycloakBase(v)))
  .describe(
    'Base URL of Keycloak, with /auth when the server serves under it (e.g. https://sso.example.com/auth), or "local" for the Keycloak that `npm start` runs on this machine.',
  );

const localState = z.strictObject({
  local: z
    .strictObject({
      path: z
        .string()
        .min(1)
        .optional()
        .describe('State file path. Default: beside the local Keycloak data, or .state/ for other servers.'),
    })
    .describe('State in a local file (one machine only; no sharing, no locking across machines).'),
});

const pgState = z.strictObject({
  pg: z
    .strictObject({
      connStr: z
        .string()
        .regex(/^postgres(ql)?:\/\//, { message: 'must be a postgres:// connection URL' })
        .refine((v) => !/^postgres(ql)?:\/\/[^/@]*:[^/@]*@/.test(v), {
          message: 'contains a password',
          params: { hint: 'remove it from the URL and pass it to the pipeline as PGPASSWORD from its secret store' },
        })
        .describe(
          'Connection URL without a password (the password comes from PGPASSWORD), e.g. postgres://terraform@db.internal/terraform?sslmode=require',
        ),
      schemaName: z
        .string()
        .regex(/^[a-z_][a-z0-9_]{0,53}$/, {
          message: 'must be 1-54 lowercase letters, digits or "_" (the platform stack adds "_platform"; PostgreSQL keeps 63)',
        })
        .optional()
        .describe(
          "Schema holding this environment's customers state; the platform stack uses <schemaName>_platform. Default: api_keys_<environment>.",
        ),
    })
    .describe('State in PostgreSQL, with advisory-lock locking.'),
});

const s3State = z.strictObject({
  s3: z
    .strictObject({
      bucket: z.string().min(3),
      key: z.string().min(1).describe('Object key of the state, e.g. keycloak-api-keys/prod.tfstate'),
      region: z.string().min(1),
      endpoint: z.string().url().optional().describe('For S3-compatible storage (MinIO, Ceph, R2, ...).'),
      usePathStyle: z.boolean().default(false),
    })
    .describe('State in S3 or S3-compatible storage, locked with a lock file next to it; credentials from the usual AWS_* variables.'),
});

export const environmentSchema = z.strictObject({
  description: oneLine(255, 'What this environment is.').optional(),
  keycloak: keycloakUrl,
  realm: identifier.optional().describe("Realm name in this environment. Default: platform.yaml's realm.name."),
  loginRealm: identifier.default('master').describe('Realm the provisioning identity logs in to.'),
  state: z.union([localState, pgState, s3State]).default({ local: {} }).describe("Where this environment's state lives: local, pg or s3."),
  caCertificate: z
    .string()
    .trim()
    .min(1)
    .optional()
    .describe(
      "PEM file of the CA certificate(s) that Keycloak's TLS certificate chains up to, when a private (company) CA issued it; relative to the project root, or absolute. The provider trusts exactly these for Keycloak; the project's own calls trust them besides the default CAs.",
    ),
});

export const environmentsSchema = z
  .record(environmentName, environmentSchema)
  .refine((v) => Object.keys(v).length > 0, { message: 'must define at least one environment' })
  .describe('Environments of keycloak-api-keys: name -> where its Keycloak and its state are.');

/**
 * One environment as loaded: the file's fields, and the certificates of its `caCertificate`
 * (read and checked by loadProject: model/ca-bundle.ts).
 */
export type Environment = z.output<typeof environmentSchema> & { readonly ca?: CaBundle };
export type Environments = Record<string, Environment>;

/** Without an environments file there is one environment: the local Keycloak. */
export const DEFAULT_ENVIRONMENTS: Environments = {
  local: { keycloak: 'local', loginRealm: 'master', state: { local: {} } },
};
