/**
 * Where the project keeps what it provisions and what it writes.
 *
 * Everything expensive (engine build, provider build, Keycloak distribution) lives under
 * one cache directory so that it can be shared between clones and CI runs on one machine.
 */
import * as path from 'path';
import toolchain from '../toolchain.json';
import { currentSettings, projectRoot } from './settings';

export { toolchain, projectRoot };

/**
 * The cache directory.
 * @default - `.cache/` inside the repository; `APIKEYS_CACHE_DIR` overrides it.
 */
export function cacheDir(): string {
  return currentSettings().toolchain.cacheDir;
}

/** The provider address split into its parts (`host/namespace/type`). */
export function providerAddress(): { host: string; namespace: string; type: string } {
  const [host, namespace, type] = toolchain.keycloakProvider.source.split('/');
  return { host, namespace, type };
}

export const paths = {
  engine: () => path.join(cacheDir(), 'bin', `tofu-${toolchain.opentofu.version}`),
  actionlint: () => path.join(cacheDir(), 'bin', `actionlint-${toolchain.actionlint.version}`),
  providerMirror: () => path.join(cacheDir(), 'providers'),
  providerBinary: () => {
    const { host, namespace, type } = providerAddress();
    const v = toolchain.keycloakProvider.version;
    return path.join(paths.providerMirror(), host, namespace, type, v, 'linux_amd64', `terraform-provider-${type}_v${v}`);
  },
  cliConfig: () => path.join(cacheDir(), 'tofurc'),
  /** The unpacked server distribution of one version. */
  keycloakHome: (version: string) => path.join(cacheDir(), `keycloak-${version}`),
  /** Pid file, log and the recorded version and features of the local Keycloak on a port. */
  keycloakRun: (port: number, cache = cacheDir()) => path.join(cache, 'local-keycloak', String(port)),
  /**
   * The database and the local environment's state of one version on a port: another version
   * on the same port never opens them (a newer server would migrate the database for good).
   */
  keycloakVersionDir: (port: number, version: string, cache = cacheDir()) =>
    path.join(paths.keycloakRun(port, cache), `keycloak-${version}`),
  buildDir: () => path.join(cacheDir(), 'build'),
  /** The Go module that pins the provider and its dependencies (go.mod + go.sum, committed). */
  providerModule: () => path.join(projectRoot, 'toolchain', 'keycloak-provider'),
  /** The Go module of the tests' S3-compatible server (main.go + go.mod + go.sum, committed). */
  s3ServerModule: () => path.join(projectRoot, 'toolchain', 's3-server'),
};
