/** Settings of the local Keycloak that `npm start` and the tests run (ports, admin, heap): see config/settings.ts. */
import { currentSettings, LocalKeycloakSettings } from './settings';

export type { LocalKeycloakSettings };

/** Keycloak features the local server enables beyond its defaults. */
export const LOCAL_KEYCLOAK_FEATURES: readonly string[] = ['client-secret-rotation'];

/** The local Keycloak's settings. @default - from this process's environment */
export function localSettings(settings = currentSettings()): LocalKeycloakSettings {
  return settings.localKeycloak;
}

/** The local Keycloak's base URL. */
export function localUrl(settings: LocalKeycloakSettings = localSettings()): string {
  return `http://127.0.0.1:${settings.port}`;
}
