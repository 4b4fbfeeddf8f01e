/**
 * A small client for Keycloak's admin REST API, authenticated like the provider (service
 * account client credentials, or an admin user through admin-cli). Used by the
 * credentials command and by the end-to-end tests.
 */
import { signClientAssertion } from '../config/identity-keys';
import { Settings } from '../config/settings';
import { CaBundle } from '../model/ca-bundle';
import { keycloakEndpoints } from '../model/keycloak-url';
import { UserError } from '../model/problems';
import { Target } from '../stacks/target';
import { nodeTlsRefusal, tlsRefusalError, trustCa } from './tls-trust';

export interface AdminLogin {
  /** Keycloak's base URL, with `/auth` when the server has it (model/keycloak-url.ts). */
  readonly url: string;
  /** The environment (environments.yaml) it belongs to, for messages. @default - none named */
  readonly environment?: string;
  /** The environment's private CA (`caCertificate`): trusted by this process before the first call. @default - the default CAs */
  readonly ca?: CaBundle;
  /** Realm the identity lives in. @default "master" */
  readonly loginRealm?: string;
  readonly clientId?: string;
  readonly clientSecret?: string;
  /** PEM private key of a `private_key_jwt` identity: the login signs a client assertion with it. */
  readonly jwtSigningKey?: string;
  readonly username?: string;
  readonly password?: string;
  /** Seconds one request may take, as for the provider. @default 60 (`KEYCLOAK_CLIENT_TIMEOUT`) */
  readonly timeoutSeconds?: number;
}

/** The identity a run logs in as: a service account, or an admin user through admin-cli. */
export interface Credentials {
  readonly clientId: string;
  readonly clientSecret?: string;
  readonly jwtSigningKey?: string;
  readonly user?: string;
  readonly password?: string;
}

/**
 * Credentials for the provider and the admin API. The local Keycloak has documented defaults;
 * any other Keycloak needs them set explicitly, and nothing is ever written into the configuration.
 */
export function credentialsFor(settings: Settings, target: Pick<Target, 'local' | 'environment' | 'keycloakUrl'>): Credentials {
  const { clientId, clientSecret, jwtSigningKey, user, password } = settings.login;
  if (jwtSigningKey !== undefined) {
    if (clientId === undefined)
      throw new UserError(
        'KEYCLOAK_JWT_SIGNING_KEY is set but KEYCLOAK_CLIENT_ID is not: set the client id of the identity whose key it is.',
      );
    if (clientSecret !== undefined)
      throw new UserError('Both KEYCLOAK_JWT_SIGNING_KEY and KEYCLOAK_CLIENT_SECRET are set: an identity logs in one way; unset one.');
    return { clientId, jwtSigningKey };
  }
  if (clientSecret !== undefined) {
    if (clientId === undefined)
      throw new UserError('KEYCLOAK_CLIENT_SECRET is set but KEYCLOAK_CLIENT_ID is not: set the id of the provisioning client.');
    return { clientId, clientSecret, user, password };
  }
  if (target.local) return { clientId: clientId ?? 'admin-cli', user: user ?? 'admin', password: password ?? 'admin' };
  if (user === undefined || password === undefined) {
    throw new UserError(
      `Environment "${target.environment}" (${target.keycloakUrl}) needs credentials: KEYCLOAK_CLIENT_ID + KEYCLOAK_JWT_SIGNING_KEY (a pipeline identity), ` +
        'KEYCLOAK_CLIENT_ID + KEYCLOAK_CLIENT_SECRET (a service account) or KEYCLOAK_USER + KEYCLOAK_PASSWORD (an admin user).',
    );
  }
  return { clientId: clientId ?? 'admin-cli', user, password };
}

/**
 * The admin API login for a target, as the provider logs in: the same server, credentials and
 * login realm (`KEYCLOAK_REALM`, else the environment's `loginRealm`, else `master`).
 */
export function adminLogin(
  settings: Settings,
  target: Pick<Target, 'local' | 'environment' | 'keycloakUrl'> & Partial<Pick<Target, 'loginRealm' | 'ca'>>,
): AdminLogin {
  const c = credentialsFor(settings, target);
  return {
    url: target.keycloakUrl,
    environment: target.environment,
    ...(target.ca ? { ca: target.ca } : {}),
    loginRealm: settings.target.loginRealm ?? target.loginRealm ?? 'master',
    clientId: c.clientId,
    clientSecret: c.clientSecret,
    jwtSigningKey: c.jwtSigningKey,
    username: c.user,
    password: c.password,
    timeoutSeconds: settings.login.timeoutSeconds,
  };
}

export class AdminApi {
  private token?: { value: string; expires: number };

  private readonly endpoints;

  constructor(private readonly login: AdminLogin) {
    this.endpoints = keycloakEndpoints(login.url);
  }

  /**
   * One HTTPS (or HTTP) call to Keycloak, trusting the environment's CA; a refused certificate
   * becomes a UserError that names the environment and the fix (engine/tls-trust.ts).
   */
  private async call(url: string, init: RequestInit): Promise<Response> {
    const { ca, environment } = this.login;
    if (ca) trustCa(ca);
    try {
      return await fetch(url, init);
    } catch (err) {
      const refusal = nodeTlsRefusal(err);
      if (refusal)
        throw tlsRefusalError({ environment: environment ?? '(none)', keycloakUrl: this.login.url, ca }, refusal, 'this process');
      throw err;
    }
  }

  private async accessToken(): Promise<string> {
    if (this.token && this.token.expires > Date.now() + 5000) return this.token.value;
    const l = this.login;
    const body = new URLSearchParams();
    const loginRealm = l.loginRealm ?? 'master';
    const realmUrl = this.endpoints.realm(loginRealm);
    if (l.jwtSigningKey) {
      body.set('grant_type', 'client_credentials');
      body.set('client_id', l.clientId ?? '');
      body.set('client_assertion_type', 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
      body.set('client_assertion', signClientAssertion(l.jwtSigningKey, l.clientId ?? '', realmUrl));
    } else if (l.clientSecret) {
      body.set('grant_type', 'client_credentials');
      body.set('client_id', l.clientId ?? '');
      body.set('client_secret', l.clientSecret);
    } else {
      body.set('grant_type', 'password');
      body.set('client_id', l.clientId ?? 'admin-cli');
      body.set('username', l.username ?? '');
      body.set('password', l.password ?? '');
    }
    const res = await this.call(this.endpoints.token(loginRealm), {
      method: 'POST',
      body,
      // A frozen server must not hang a command forever: same bound as the provider's.
      signal: AbortSignal.timeout((l.timeoutSeconds ?? 60) * 1000),
    });
    if (!res.ok)
      throw new UserError(
        `Keycloak at ${l.url} refused the admin login (HTTP ${res.status}); check KEYCLOAK_USER/KEYCLOAK_PASSWORD, KEYCLOAK_CLIENT_ID/KEYCLOAK_CLIENT_SECRET or KEYCLOAK_CLIENT_ID/KEYCLOAK_JWT_SIGNING_KEY.`,
      );
    const json = (await res.json()) as { access_token: string; expires_in: number };
    this.token = { value: json.access_token, expires: Date.now() + json.expires_in * 1000 };
    return json.access_token;
  }

  /** Sends one admin API request; `path` is relative to `/admin/realms`. */
  async request<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; data: T }> {
    return this.send<T>(method, this.endpoints.admin(path), body);
  }

  /**
   * `GET /admin/serverinfo`: the server's version (`systemInfo.version`), its features
   * (`features`, `profileInfo`) and providers. Keycloak 26.4+ answers an identity that is not
   * an administrator of the master realm with `systemInfo` and features left out.
   */
  async serverInfo<T = Record<string, any>>(): Promise<{ status: number; data: T }> {
    return this.send<T>('GET', this.endpoints.serverInfo());
  }

  private async send<T>(method: string, url: string, body?: unknown): Promise<{ status: number; data: T }> {
    const token = await this.accessToken();
    const res = await this.call(url, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout((this.login.timeoutSeconds ?? 60) * 1000),
    });
    const text = await res.text();
    let data: unknown = undefined;
    if (text) {
      try {
        data = JSON.parse(text);
      } catch {
        data = text;
      }
    }
    return { status: res.status, data: data as T };
  }

  async get<T = unknown>(path: string): Promise<T> {
    const { status, data } = await this.request<T>('GET', path);
    if (status >= 300) throw new Error(`GET ${path}: HTTP ${status} ${JSON.stringify(data)}`);
    return data;
  }

  /** The client representation for a client id, or undefined. */
  async findClient(realm: string, clientId: string): Promise<Record<string, any> | undefined> {
    const list = await this.get<Record<string, any>[]>(`/${encodeURIComponent(realm)}/clients?clientId=${encodeURIComponent(clientId)}`);
    return list.find((c) => c.clientId === clientId);
  }

  async clientSecret(realm: string, uuid: string): Promise<string> {
    const res = await this.get<{ value: string }>(`/${encodeURIComponent(realm)}/clients/${uuid}/client-secret`);
    return res.value;
  }
}

/** Page size of the admin API's list calls. */
const PAGE = 500;

/**
 * Every page of a paged admin-API list, or the HTTP status of the first page that was
 * refused (403, 404). Lists are always read in pages: one unpaged list of a realm's 5,000
 * clients took over 60 s (the request timeout), while a page of 500 takes well under one.
 */
export async function pagesOrStatus<T>(api: AdminApi, path: string): Promise<T[] | number> {
  const out: T[] = [];
  const sep = path.includes('?') ? '&' : '?';
  let previous = '';
  for (let first = 0; ; first += PAGE) {
    const res = await api.request<T[]>('GET', `${path}${sep}first=${first}&max=${PAGE}`);
    if (res.status === 403 || res.status === 404) return res.status;
    if (res.status !== 200 || !Array.isArray(res.data)) throw new UserError(`GET ${path}: HTTP ${res.status}`);
    // A list that ignores first/max would answer the same full page forever.
    const head = JSON.stringify(res.data[0] ?? null);
    if (first > 0 && head === previous) throw new UserError(`GET ${path}: the server ignores paging (first=${first})`);
    previous = head;
    out.push(...res.data);
    if (res.data.length < PAGE) return out;
  }
}
