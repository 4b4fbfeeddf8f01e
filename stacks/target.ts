/**
 * Where a stack deploys to: the Keycloak server, the realm, and the state file. All of
 * it comes from the environment, so the same code deploys to the local Keycloak that
 * `npm start` runs or to any other one.
 */
import * as path from 'path';
import { localUrl, localSettings } from '../scripts/local-keycloak';
import { paths, projectRoot } from '../scripts/paths';

export interface Target {
  /** Base URL of Keycloak (`KEYCLOAK_URL`). @default - the local Keycloak, http://127.0.0.1:8080 */
  readonly keycloakUrl: string;
  /** True when deploying to the local Keycloak that this project runs. */
  readonly local: boolean;
  /** Realm the provisioning identity logs in to (`KEYCLOAK_REALM`). @default "master" */
  readonly loginRealm: string;
  /** Overrides the realm name of platform.yaml (`APIKEYS_REALM`). @default - platform.yaml's realm.name */
  readonly realm?: string;
  /**
   * Local state file (`APIKEYS_STATE_DIR`/api-keys.tfstate).
   * @default - beside the local Keycloak's data for the local Keycloak, else `.state/` in the project
   */
  readonly stateFile: string;
  /** Seconds the provider waits for one admin API call (`KEYCLOAK_CLIENT_TIMEOUT`). @default 60 */
  readonly clientTimeout: number;
}

export function resolveTarget(stackName: string, env: NodeJS.ProcessEnv = process.env): Target {
  const explicitUrl = env.KEYCLOAK_URL && env.KEYCLOAK_URL.trim() !== '' ? env.KEYCLOAK_URL.replace(/\/+$/, '') : undefined;
  const local = explicitUrl === undefined;
  const stateDir =
    env.APIKEYS_STATE_DIR && env.APIKEYS_STATE_DIR.trim() !== ''
      ? path.resolve(env.APIKEYS_STATE_DIR)
      : local
        ? path.join(paths.keycloakRun(localSettings().port), 'state')
        : path.join(projectRoot, '.state');
  return {
    keycloakUrl: explicitUrl ?? localUrl(),
    local,
    loginRealm: env.KEYCLOAK_REALM || 'master',
    realm: env.APIKEYS_REALM && env.APIKEYS_REALM.trim() !== '' ? env.APIKEYS_REALM : undefined,
    stateFile: path.join(stateDir, `${stackName}.tfstate`),
    clientTimeout: Number(env.KEYCLOAK_CLIENT_TIMEOUT || 60),
  };
}
