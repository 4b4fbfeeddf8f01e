/**
 * Strings from data files must reach Keycloak exactly as written. The engine evaluates
 * `${...}` and `%{...}` inside any string of the configuration, so both are escaped with
 * the engine's own escapes (`$${` and `%%{`), which it turns back into the literal text.
 */
export function literal(value: string): string;
export function literal(value: string | undefined): string | undefined;
export function literal(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return value.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
}
