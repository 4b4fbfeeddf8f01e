/**
 * The environments file (`environments.yaml`): where the customers are deployed. Each
 * environment is its own stack with its own state; a customer file may limit itself to some.
 */
import { z } from 'zod';
import { identifier, oneLine } from './fields';

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
  .refine((v) => v === 'local' || /^https?:\/\/[^\s/$.?#][^\s]*$/.test(v), {
    message: 'must be "local" or an http(s) URL',
    params: { hint: 'e.g. https://sso.example.com (without /realms/...)' },
  })
  .describe('Base URL of Keycloak, or "local" for the Keycloak that `npm start` runs on this machine.');

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
});

export const environmentsSchema = z
  .record(environmentName, environmentSchema)
  .refine((v) => Object.keys(v).length > 0, { message: 'must define at least one environment' })
  .describe('Environments of keycloak-api-keys: name -> where its Keycloak and its state are.');

export type Environment = z.output<typeof environmentSchema>;
export type Environments = Record<string, Environment>;

/** Without an environments file there is one environment: the local Keycloak. */
export const DEFAULT_ENVIRONMENTS: Environments = {
  local: { keycloak: 'local', loginRealm: 'master', state: { local: {} } },
};
