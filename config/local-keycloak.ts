/** Settings of the local Keycloak that `npm start` and the tests run (ports, admin, heap). */
import { UserError } from '../model/problems';

/** Settings of the local Keycloak, all from the environment with documented defaults. */
export interface LocalKeycloakSettings {
  /** HTTP port. @default 8080 (`APIKEYS_KEYCLOAK_PORT`) */
  readonly port: number;
  /** Management port (health). @default port + 1000 (`APIKEYS_KEYCLOAK_MANAGEMENT_PORT`) */
  readonly managementPort: number;
  /** Bootstrap admin user. @default "admin" (`KEYCLOAK_USER`) */
  readonly adminUser: string;
  /** Bootstrap admin password. @default "admin" (`KEYCLOAK_PASSWORD`) */
  readonly adminPassword: string;
  /** Maximum Java heap. @default "1g" (`APIKEYS_KEYCLOAK_HEAP`) */
  readonly heap: string;
  /** Seconds to wait for readiness. @default 240 (`APIKEYS_KEYCLOAK_START_TIMEOUT`) */
  readonly startTimeoutSeconds: number;
}

/** Keycloak features the local server enables beyond its defaults. */
export const LOCAL_KEYCLOAK_FEATURES: readonly string[] = ['client-secret-rotation'];

function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new UserError(`${name}=${raw} is not a positive integer.`);
  return n;
}

export function localSettings(): LocalKeycloakSettings {
  const port = intFromEnv('APIKEYS_KEYCLOAK_PORT', 8080);
  return {
    port,
    managementPort: intFromEnv('APIKEYS_KEYCLOAK_MANAGEMENT_PORT', port + 1000),
    adminUser: process.env.KEYCLOAK_USER || 'admin',
    adminPassword: process.env.KEYCLOAK_PASSWORD || 'admin',
    heap: process.env.APIKEYS_KEYCLOAK_HEAP || '1g',
    startTimeoutSeconds: intFromEnv('APIKEYS_KEYCLOAK_START_TIMEOUT', 240),
  };
}

export function localUrl(settings = localSettings()): string {
  return `http://127.0.0.1:${settings.port}`;
}
