/**
 * Where one environment's stack deploys to: the Keycloak server, the realm and the state.
 * It comes from environments.yaml; a few environment variables override it for ad-hoc runs
 * and tests (KEYCLOAK_URL, APIKEYS_REALM, APIKEYS_STATE_DIR).
 */
import * as path from 'path';
import { Environment } from '../model/environments';
import { Platform } from '../model/platform';
import { localSettings, localUrl } from '../config/local-keycloak';
import { paths, projectRoot } from '../config/paths';
import { UserError } from '../model/problems';

export type StateLocation =
  | { readonly kind: 'local'; readonly path: string }
  | { readonly kind: 'pg'; readonly connStr: string; readonly schemaName: string }
  | {
      readonly kind: 's3';
      readonly bucket: string;
      readonly key: string;
      readonly region: string;
      readonly endpoint?: string;
      readonly usePathStyle: boolean;
    };

/**
 * The two stacks of an environment. `platform` (realm, API, roles, audience scope, the
 * provisioning identity) is deployed by an administrator; `customers` (one client per
 * customer file) by the provisioning identity, in every pipeline run.
 */
export type Part = 'platform' | 'customers';
export const PARTS: readonly Part[] = ['platform', 'customers'];

export interface Target {
  /** Environment name (environments.yaml). */
  readonly environment: string;
  readonly part: Part;
  /** Stack name: `api-keys-<environment>` (customers) or `api-keys-<environment>-platform`. */
  readonly stackName: string;
  /** Base URL of Keycloak. */
  readonly keycloakUrl: string;
  /** True when deploying to the local Keycloak that this project runs. */
  readonly local: boolean;
  /** Realm the provisioning identity logs in to. @default "master" */
  readonly loginRealm: string;
  /** The realm the API and customers live in. */
  readonly realm: string;
  readonly state: StateLocation;
  /** Seconds the provider waits for one admin API call (`KEYCLOAK_CLIENT_TIMEOUT`). @default 60 */
  readonly clientTimeout: number;
}

export function stackName(environment: string, part: Part = 'customers'): string {
  return part === 'customers' ? `api-keys-${environment}` : `api-keys-${environment}-platform`;
}

/** `state.tfstate` -> `state-platform.tfstate`: the platform stack's state sits beside the customers'. */
function platformVariant(name: string): string {
  return /\.tfstate$/.test(name) ? name.replace(/\.tfstate$/, '-platform.tfstate') : `${name}-platform`;
}

const set = (v: string | undefined): string | undefined => (v !== undefined && v.trim() !== '' ? v.trim() : undefined);

export function resolveTarget(
  environment: string,
  config: Environment,
  platform: Platform,
  env: NodeJS.ProcessEnv = process.env,
  part: Part = 'customers',
): Target {
  const urlOverride = set(env.KEYCLOAK_URL)?.replace(/\/+$/, '');
  const configured = config.keycloak === 'local' ? undefined : config.keycloak.replace(/\/+$/, '');
  // KEYCLOAK_URL must not silently point an environment's state at another server: that
  // moved the local environment's state to .state/ (a plan then wanted to create every
  // customer again). It may name the environment's own server, or any server when the
  // state location is explicit (APIKEYS_STATE_DIR, as the tests use it).
  const own = configured ?? localUrl();
  if (urlOverride !== undefined && urlOverride !== own && !set(env.APIKEYS_STATE_DIR)) {
    throw new UserError(
      `KEYCLOAK_URL=${urlOverride} contradicts environment "${environment}", whose Keycloak is ${config.keycloak === 'local' ? `the local one (${own})` : own} and whose state belongs to that server. ` +
        'Unset KEYCLOAK_URL, or add an environment for that server to environments.yaml and pass --env <name>.',
    );
  }
  const keycloakUrl = urlOverride === own && config.keycloak === 'local' ? undefined : (urlOverride ?? configured);
  const local = keycloakUrl === undefined;
  const name = stackName(environment, part);
  const variant = (v: string) => (part === 'platform' ? platformVariant(v) : v);

  let state: StateLocation;
  if ('pg' in config.state) {
    const schema = config.state.pg.schemaName ?? `api_keys_${environment.replace(/-/g, '_')}`;
    state = { kind: 'pg', connStr: config.state.pg.connStr, schemaName: part === 'platform' ? `${schema}_platform` : schema };
  } else if ('s3' in config.state) {
    state = { kind: 's3', ...config.state.s3, key: variant(config.state.s3.key) };
  } else {
    const dir = set(env.APIKEYS_STATE_DIR)
      ? path.resolve(env.APIKEYS_STATE_DIR!)
      : local
        ? path.join(paths.keycloakRun(localSettings().port), 'state')
        : path.join(projectRoot, '.state');
    state = {
      kind: 'local',
      path:
        config.state.local.path && !set(env.APIKEYS_STATE_DIR)
          ? variant(path.resolve(projectRoot, config.state.local.path))
          : path.join(dir, `${name}.tfstate`),
    };
  }

  return {
    environment,
    part,
    stackName: name,
    keycloakUrl: keycloakUrl ?? localUrl(),
    local,
    loginRealm: set(env.KEYCLOAK_REALM) ?? config.loginRealm,
    realm: set(env.APIKEYS_REALM) ?? config.realm ?? platform.realm.name,
    state,
    clientTimeout: Number(env.KEYCLOAK_CLIENT_TIMEOUT || 60),
  };
}
