/**
 * An example backend: the part a customer's application calls. It accepts a request only
 * with a valid access token from one of its realms whose `aud` includes the API and whose
 * roles allow the route. More than one realm: customers kept in a realm of their own beside
 * the realm people log in to (SECURITY.md) make the backend trust two issuers, each with its
 * own keys. A few dozen lines with `jose`; real backends do the same in their framework's
 * middleware.
 */
import * as http from 'http';
import * as https from 'https';
import * as tls from 'tls';
import { createRemoteJWKSet, decodeJwt, errors, jwtVerify } from 'jose';
import { keycloakEndpoints } from '../../model/keycloak-url';

export interface BackendOptions {
  /** Keycloak base URL, with `/auth` when the server has it, e.g. http://127.0.0.1:8080 or https://sso.example.com/auth */
  readonly keycloakUrl: string;
  /**
   * PEM certificates of a private CA that issued Keycloak's TLS certificate, trusted for the
   * key set besides Node.js's default CAs. @default - the default CAs (and NODE_EXTRA_CA_CERTS)
   */
  readonly ca?: readonly string[];
  /** The realm, or realms, whose tokens it accepts (each is an issuer with its own keys). */
  readonly realm: string | readonly string[];
  /** The API's client id: must be in `aud`, and its roles are read from `resource_access`. */
  readonly audience: string;
  /** "METHOD /path" -> the role it needs. */
  readonly routes: Readonly<Record<string, string>>;
}

export function createBackend(options: BackendOptions): http.Server {
  const keycloak = keycloakEndpoints(options.keycloakUrl);
  // The key set is fetched over HTTPS with an agent that trusts the private CA too (an agent's
  // `ca` replaces the defaults, so they are passed along: Node.js 22.19+ lists them).
  const defaults =
    (tls as unknown as { getCACertificates?: (type: 'default') => string[] }).getCACertificates?.('default') ?? tls.rootCertificates;
  const agent = options.ca?.length ? new https.Agent({ ca: [...defaults, ...options.ca] }) : undefined;
  // One key set per trusted issuer; a token's issuer picks it, and is checked again on verification.
  const issuers = new Map(
    (typeof options.realm === 'string' ? [options.realm] : options.realm).map((realm) => {
      const issuer = keycloak.realm(realm);
      return [issuer, createRemoteJWKSet(new URL(keycloak.certs(realm)), agent ? { agent } : {})] as const;
    }),
  );

  return http.createServer(async (req, res) => {
    const reply = (status: number, body: object) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const route = `${req.method} ${new URL(req.url ?? '/', 'http://backend').pathname}`;
    const needed = options.routes[route];
    if (!needed) return reply(404, { error: 'not_found' });

    const match = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
    if (!match) return reply(401, { error: 'invalid_token', error_description: 'no bearer token' });
    try {
      const issuer = String(decodeJwt(match[1]).iss);
      const jwks = issuers.get(issuer);
      if (!jwks) return reply(401, { error: 'invalid_token', error_description: `iss: not a trusted issuer (${issuer})` });
      const { payload } = await jwtVerify(match[1], jwks, { issuer, audience: options.audience, algorithms: ['RS256'] });
      const access = payload.resource_access as Record<string, { roles?: string[] }> | undefined;
      const roles = access?.[options.audience]?.roles ?? [];
      if (!roles.includes(needed)) return reply(403, { error: 'insufficient_scope', error_description: `needs role ${needed}` });
      return reply(200, { ok: true, route, client: payload.azp });
    } catch (err) {
      const reason = err instanceof errors.JWTClaimValidationFailed ? `${err.claim}: ${err.message}` : (err as Error).message;
      return reply(401, { error: 'invalid_token', error_description: reason });
    }
  });
}

/**
 * Run it: `npm run example:backend`. It serves the project's own realm and API on the local
 * Keycloak (`APIKEYS_KEYCLOAK_PORT`, `APIKEYS_REALM` and platform.yaml are honoured).
 * `ENVIRONMENT=<name>` takes an environment of environments.yaml instead: its Keycloak (with
 * `/auth` when it has it), its realm and its `caCertificate`. `KEYCLOAK_URL`, `REALM` (a
 * comma-separated list for several issuers), `AUDIENCE` and `PORT` (default 3000) override.
 */
if (require.main === module) {
  // The project's files are read only here, so that the server above stays a self-contained example.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { localUrl } = require('../../config/local-keycloak') as typeof import('../../config/local-keycloak');
  const { loadProject } = require('../../model/load') as typeof import('../../model/load');
  const { projectRoot } = require('../../config/paths') as typeof import('../../config/paths');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const { platform, environments } = loadProject({ root: projectRoot });
  const name = process.env.ENVIRONMENT;
  const environment = name === undefined ? undefined : environments[name];
  if (name !== undefined && !environment) {
    process.stderr.write(
      `ENVIRONMENT=${name}: no such environment in environments.yaml (known: ${Object.keys(environments).join(', ')})\n`,
    );
    process.exit(2);
  }
  const configured = environment && environment.keycloak !== 'local' ? environment.keycloak : undefined;
  const keycloakUrl = process.env.KEYCLOAK_URL || configured || localUrl();
  const server = createBackend({
    keycloakUrl,
    ca: environment?.ca?.certificates,
    realm: (process.env.REALM || process.env.APIKEYS_REALM || environment?.realm || platform.realm.name).split(',').map((r) => r.trim()),
    audience: process.env.AUDIENCE || platform.api.clientId,
    routes: { 'GET /orders': 'orders:read', 'POST /orders': 'orders:write', 'GET /invoices': 'invoices:read' },
  });
  const port = Number(process.env.PORT ?? 3000);
  server.listen(port, '127.0.0.1', () =>
    process.stderr.write(`example backend on http://127.0.0.1:${port} (tokens from ${keycloakUrl})\n`),
  );
}
