/**
 * Where one environment's stack deploys to: the Keycloak server, the realm and the state.
 * It comes from environments.yaml; a few settings override it for ad-hoc runs and tests
 * (KEYCLOAK_URL, APIKEYS_REALM, APIKEYS_STATE_DIR: config/settings.ts).
 */
import * as path from 'path';
import { CaBundle } from '../model/ca-bundle';
import { Environment } from '../model/environments';
import { keycloakBase } from '../model/keycloak-url';
import { Platform } from '../model/platform';
import { localUrl } from '../config/local-keycloak';
import { paths } from '../config/paths';
import { Settings } from '../config/settings';
import { UserError } from '../model/problems';
import { Shard, shardSuffix } from './shards';

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
  /**
   * Stack name: `api-keys-<environment>` (customers), `api-keys-<environment>-shard-<nn>` (a
   * customers shard, when platform.yaml has `customerShards` above 1) or `api-keys-<environment>-platform`.
   */
  readonly stackName: string;
  /** The customers shard this stack holds (customers part only). @default - the only one */
  readonly shard?: Shard;
  /**
   * What the customers' clients are marked with (`api-keys.stack`): `api-keys-<environment>`
   * whatever the shard, so that moving a customer between shards changes nothing in Keycloak.
   */
  readonly markerStack: string;
  /** Base URL of Keycloak, with `/auth` when the server has it, without trailing slashes (model/keycloak-url.ts builds every endpoint from it). */
  readonly keycloakUrl: string;
  /**
   * The CA certificates Keycloak's TLS certificate chains up to (`caCertificate` in
   * environments.yaml). @default - the default CAs (and `SSL_CERT_FILE` / `NODE_EXTRA_CA_CERTS`)
   */
  readonly ca?: CaBundle;
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

export function stackName(environment: string, part: Part = 'customers', shard?: Shard): string {
  return part === 'customers' ? `api-keys-${environment}${shardSuffix(shard)}` : `api-keys-${environment}-platform`;
}

/** `state.tfstate` -> `state-shard-03.tfstate`: a shard's state sits beside the others. */
function shardVariant(name: string, shard: Shard | undefined): string {
  const suffix = shardSuffix(shard);
  if (!suffix) return name;
  return /\.tfstate$/.test(name) ? name.replace(/\.tfstate$/, `${suffix}.tfstate`) : `${name}${suffix}`;
}

/** `state.tfstate` -> `state-platform.tfstate`: the platform stack's state sits beside the customers'. */
function platformVariant(name: string): string {
  return /\.tfstate$/.test(name) ? name.replace(/\.tfstate$/, '-platform.tfstate') : `${name}-platform`;
}

/** What a target is resolved with besides environments.yaml: plain values, no environment variables. */
export interface TargetInputs {
  /** The overrides (`KEYCLOAK_URL`, `APIKEYS_REALM`, ...) and the local Keycloak's port, as parsed by config/settings.ts. */
  readonly settings: Settings;
  /** The project root: a relative `state.local.path`, and the default `.state/`, are resolved against it. */
  readonly root: string;
}

/**
 * The Keycloak an environment deploys to, and whether it is the local one this project runs.
 * `KEYCLOAK_URL` must not silently point an environment's state at another server: that
 * moved the local environment's state to .state/ (a plan then wanted to create every
 * customer again). It may name the environment's own server, or any server when the state
 * location is explicit (`APIKEYS_STATE_DIR`, as the tests use it).
 */
export function targetKeycloak(environment: string, config: Environment, settings: Settings): { keycloakUrl: string; local: boolean } {
  const urlOverride = settings.target.keycloakUrl;
  const configured = config.keycloak === 'local' ? undefined : keycloakBase(config.keycloak);
  const own = configured ?? localUrl(settings.localKeycloak);
  if (urlOverride !== undefined && urlOverride !== own && settings.target.stateDir === undefined) {
    throw new UserError(
      `KEYCLOAK_URL=${urlOverride} contradicts environment "${environment}", whose Keycloak is ${config.keycloak === 'local' ? `the local one (${own})` : own} and whose state belongs to that server. ` +
        'Unset KEYCLOAK_URL, or add an environment for that server to environments.yaml and pass --env <name>.',
    );
  }
  const keycloakUrl = urlOverride === own && config.keycloak === 'local' ? undefined : (urlOverride ?? configured);
  return keycloakUrl === undefined ? { keycloakUrl: own, local: true } : { keycloakUrl, local: false };
}

export function resolveTarget(
  environment: string,
  config: Environment,
  platform: Platform,
  { settings, root }: TargetInputs,
  part: Part = 'customers',
  shard?: Shard,
): Target {
  const { keycloakUrl, local } = targetKeycloak(environment, config, settings);
  const ofShard = part === 'customers' && shard && shard.count > 1 ? shard : undefined;
  const name = stackName(environment, part, ofShard);
  const variant = (v: string) => (part === 'platform' ? platformVariant(v) : shardVariant(v, ofShard));
  const stateDir = settings.target.stateDir;

  let state: StateLocation;
  if ('pg' in config.state) {
    const schema = config.state.pg.schemaName ?? `api_keys_${environment.replace(/-/g, '_')}`;
    state = {
      kind: 'pg',
      connStr: config.state.pg.connStr,
      schemaName: part === 'platform' ? `${schema}_platform` : `${schema}${shardSuffix(ofShard, '_')}`,
    };
  } else if ('s3' in config.state) {
    state = { kind: 's3', ...config.state.s3, key: variant(config.state.s3.key) };
  } else {
    const dir =
      stateDir ??
      (local
        ? path.join(
            paths.keycloakVersionDir(settings.localKeycloak.port, settings.localKeycloak.version, settings.toolchain.cacheDir),
            'state',
          )
        : path.join(root, '.state'));
    state = {
      kind: 'local',
      path:
        config.state.local.path && stateDir === undefined
          ? variant(path.resolve(root, config.state.local.path))
          : path.join(dir, `${name}.tfstate`),
    };
  }

  return {
    environment,
    part,
    stackName: name,
    ...(ofShard ? { shard: ofShard } : {}),
    markerStack: stackName(environment, 'customers'),
    keycloakUrl,
    local,
    loginRealm: settings.target.loginRealm ?? config.loginRealm,
    realm: settings.target.realm ?? config.realm ?? platform.realm.name,
    ...(config.ca ? { ca: config.ca } : {}),
    state,
    clientTimeout: settings.login.timeoutSeconds,
  };
}
