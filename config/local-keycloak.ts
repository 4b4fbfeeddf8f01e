/** Settings of the local Keycloak that `npm start` and the tests run (ports, admin, heap): see config/settings.ts. */
import { currentSettings, LocalKeycloakSettings } from './settings';

export type { LocalKeycloakSettings };

/** Keycloak features the local server enables beyond its defaults. */
export const LOCAL_KEYCLOAK_FEATURES: readonly string[] = ['client-secret-rotation'];

/**
 * Entries the local server's realms cache holds (`--cache-embedded-realms-max-count`; Keycloak's
 * default is 10,000). Keycloak caches about three entries per client, so past some 3,000
 * clients in a realm the default cache evicts on every pass and each listing of the realm's
 * clients reads the database again: 5,010 clients listed in 7 to 9 s each time, and in 1.0 s
 * with this count (docs/performance.md, "Keycloak's realms cache"). 50,000 holds some 15,000
 * clients within the local server's 1 GiB heap.
 */
export const LOCAL_KEYCLOAK_REALM_CACHE_ENTRIES = 50_000;

/** The local Keycloak's settings. @default - from this process's environment */
export function localSettings(settings = currentSettings()): LocalKeycloakSettings {
  return settings.localKeycloak;
}

/** The local Keycloak's base URL. */
export function localUrl(settings: LocalKeycloakSettings = localSettings()): string {
  return `http://127.0.0.1:${settings.port}`;
}
