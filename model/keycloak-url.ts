/**
 * Every URL of a Keycloak server that this project calls or hands out, from one base URL.
 *
 * The base is what environments.yaml's `keycloak` (or `KEYCLOAK_URL`) says: the server's
 * address, with its relative path when it has one. Keycloak before version 17 served
 * everything under `/auth`, and servers started with `--http-relative-path=/auth` still do:
 * for them the base is `https://sso.example.com/auth`, and every endpoint sits below it
 * (`.../auth/realms/<realm>/protocol/openid-connect/token`, `.../auth/admin/realms/...`).
 * Nothing else in the project appends `/realms/` or `/admin/realms` to a base by hand.
 */

/** What a base URL must not contain: it names the server, never an endpoint below it. */
const ENDPOINT_SUFFIX = /\/(realms|admin)(\/|$)/;

/** The base URL as the endpoints are built from it: surrounding blanks and trailing slashes dropped. */
export function keycloakBase(url: string): string {
  return url.trim().replace(/\/+$/, '');
}

/**
 * Why a URL cannot be a Keycloak base URL, or undefined when it can: an http(s) URL with a
 * host, optionally a path (`/auth`), no query, no fragment, and no endpoint path such as
 * `/realms/<realm>` (the most common mistake: copying the issuer or the token endpoint).
 */
export function keycloakBaseProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(keycloakBase(url));
  } catch {
    return 'is not a URL';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'must start with https:// (or http://)';
  if (!/^https?:\/\/[^\s/$.?#][^\s]*$/.test(keycloakBase(url))) return 'is not a URL';
  if (parsed.username || parsed.password) return 'must not contain a user name or password';
  if (parsed.search || parsed.hash || /[?#]/.test(url)) return 'must not contain a query (?) or fragment (#)';
  if (ENDPOINT_SUFFIX.test(parsed.pathname))
    return `names an endpoint (${parsed.pathname}), not the server: cut it before /realms/ or /admin/ (keep /auth if the server has it)`;
  return undefined;
}

/** The endpoints of one Keycloak server (see the module comment). */
export interface KeycloakEndpoints {
  /** The base URL, without trailing slashes, e.g. `https://sso.example.com/auth`. */
  readonly base: string;
  /** `<base>/realms/<realm>`: the realm's issuer (`iss` of its tokens, `aud` of client assertions to it). */
  realm(realm: string): string;
  /** The realm's token endpoint. */
  token(realm: string): string;
  /** The realm's authorization endpoint (browser logins). */
  authorization(realm: string): string;
  /** The realm's public keys (JWKS), for verifying its tokens. */
  certs(realm: string): string;
  /** `<base>/admin/realms<path>`: the admin REST API; `path` is `""` or starts with `/`. */
  admin(path?: string): string;
  /** `<base>/admin/serverinfo`: the server's version, features and providers. */
  serverInfo(): string;
}

/** The endpoints of the Keycloak at `url` (a base URL, with `/auth` when the server has it). */
export function keycloakEndpoints(url: string): KeycloakEndpoints {
  const base = keycloakBase(url);
  const realm = (name: string) => `${base}/realms/${encodeURIComponent(name)}`;
  const oidc = (name: string, endpoint: string) => `${realm(name)}/protocol/openid-connect/${endpoint}`;
  return {
    base,
    realm,
    token: (name) => oidc(name, 'token'),
    authorization: (name) => oidc(name, 'auth'),
    certs: (name) => oidc(name, 'certs'),
    admin: (path = '') => {
      if (path !== '' && !path.startsWith('/')) throw new Error(`admin API path must start with "/": ${path}`);
      return `${base}/admin/realms${path}`;
    },
    serverInfo: () => `${base}/admin/serverinfo`,
  };
}
