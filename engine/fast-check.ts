/**
 * The bulk check behind fast drift and realm-size-independent plans: does Keycloak still
 * hold what the customers stack's state says it holds? Answered from a few list calls
 * instead of the engine's refresh (about 7 admin-API requests per customer):
 *
 * - the realm's clients (attributes, flags, redirect URIs, default client scopes), its roles
 *   and every client's role scope mappings from one partial export of the realm, when the
 *   identity may export (`manage-realm`: the local administrator); otherwise the clients
 *   from one paged listing and the rest per customer (see {@link readLive});
 * - the users holding each role (service-account users are named `service-account-<client id>`).
 *
 * When the state and Keycloak agree on every resource, a plan without refresh (the engine's
 * `-refresh=false`) is exactly the plan with refresh: it compares the files with what is in
 * Keycloak. Where they differ, the caller refreshes those customers for real. Anything this
 * check does not know how to compare makes it give up (`unjudged`): the caller then runs the
 * full refresh. It may report a difference the engine would not call drift (it compares more
 * attributes than the files set); it must never miss one the engine would report.
 */
import { AdminApi } from './admin-api';
import { UserError } from '../model/problems';

/** An admin-API client that counts its admin requests (the login is not counted). */
export class CountingAdminApi extends AdminApi {
  public sent = 0;

  override async request<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; data: T }> {
    this.sent++;
    return super.request<T>(method, path, body);
  }
}

/** One resource of the engine's state (`show -json`). */
export interface StateResource {
  readonly address: string;
  readonly mode: string;
  readonly type: string;
  readonly name: string;
  readonly values: Record<string, any>;
}

/** What Keycloak holds, as far as the customers stack's resources are concerned. */
export interface LiveRealm {
  /** Client representations by UUID. */
  readonly clients: ReadonlyMap<string, Record<string, any>>;
  /** Role ids held directly by a user, by user id (only users that hold a role appear). */
  readonly rolesOfUser: (userId: string) => Promise<ReadonlySet<string>>;
  /** Role ids in a client's scope (its scope mappings), by client UUID. */
  readonly scopeOfClient: (clientUuid: string) => Promise<ReadonlySet<string>>;
  /** How the realm was read, for the log: `partial export` or `client listing`. */
  readonly source: string;
}

/** The outcome of comparing a stack's state with Keycloak. */
export interface FastVerdict {
  /** Customers (client ids) whose resources differ from the state, with the first reason each. */
  readonly differing: ReadonlyMap<string, string>;
  /** What the check could not compare; non-empty means: use the full refresh. */
  readonly unjudged: readonly string[];
  /** Admin-API requests the check sent (the login not included). */
  readonly requests: number;
  /** How the realm was read. */
  readonly source: string;
}

/** Page size of the list calls. */
const PAGE = 500;
/** Requests in flight at once (role holders, per-customer reads). */
const PARALLEL = 6;

async function inParallel<T, R>(items: readonly T[], fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, items.length) }, worker));
  return out;
}

/** Every page of a paged admin-API list. */
async function allPages<T>(api: AdminApi, path: string): Promise<T[]> {
  const out: T[] = [];
  const sep = path.includes('?') ? '&' : '?';
  for (let first = 0; ; first += PAGE) {
    const page = await api.get<T[]>(`${path}${sep}first=${first}&max=${PAGE}`);
    out.push(...page);
    if (page.length < PAGE) return out;
  }
}

/**
 * Reads what the comparison needs. With an identity that may export the realm: one partial
 * export (clients, roles, scope mappings) plus one paged call per role of the realm (its
 * holders); the number of requests does not grow with the customers beyond paging. Without
 * (the read-only identity holds view roles only, and Keycloak has no bulk read of scope
 * mappings for it): one paged client listing, then per customer its service account's role
 * mappings and its scope mappings (two small reads each, in parallel), still without the
 * engine's per-resource refresh.
 */
export async function readLive(api: AdminApi, realm: string): Promise<LiveRealm> {
  const r = `/${encodeURIComponent(realm)}`;
  const exported = await api.request<any>('POST', `${r}/partial-export?exportClients=true&exportGroupsAndRoles=true`);
  if (exported.status === 200 && exported.data && Array.isArray(exported.data.clients)) {
    const data = exported.data;
    const clients = new Map<string, Record<string, any>>(data.clients.map((c: any) => [String(c.id), c]));
    const byClientId = new Map<string, Record<string, any>>(data.clients.map((c: any) => [String(c.clientId), c]));
    // role name -> id, per owner (realm, or a client id)
    const realmRoles = new Map<string, string>(((data.roles?.realm ?? []) as any[]).map((x) => [x.name, x.id]));
    const clientRoles = new Map<string, Map<string, string>>();
    for (const [owner, roles] of Object.entries((data.roles?.client ?? {}) as Record<string, any[]>))
      clientRoles.set(owner, new Map(roles.map((x) => [x.name, x.id])));
    const scope = new Map<string, Set<string>>();
    const addScope = (clientId: string | undefined, ids: (string | undefined)[]) => {
      const c = clientId && byClientId.get(clientId);
      if (!c) return;
      const set = scope.get(String(c.id)) ?? new Set<string>();
      for (const id of ids) if (id) set.add(id);
      scope.set(String(c.id), set);
    };
    for (const m of (data.scopeMappings ?? []) as any[])
      addScope(
        m.client,
        (m.roles ?? []).map((n: string) => realmRoles.get(n)),
      );
    for (const [owner, list] of Object.entries((data.clientScopeMappings ?? {}) as Record<string, any[]>))
      for (const m of list)
        addScope(
          m.client,
          (m.roles ?? []).map((n: string) => clientRoles.get(owner)?.get(n)),
        );
    // Holders of every role of the realm: a role added by hand to a service account, whichever it is, shows.
    const roles: { id: string; path: string }[] = [
      ...[...realmRoles].map(([name, id]) => ({ id, path: `${r}/roles/${encodeURIComponent(name)}/users` })),
      ...[...clientRoles].flatMap(([owner, names]) =>
        [...names].map(([name, id]) => ({
          id,
          path: `${r}/clients/${byClientId.get(owner)?.id}/roles/${encodeURIComponent(name)}/users`,
        })),
      ),
    ];
    const held = new Map<string, Set<string>>();
    await inParallel(roles, async (role) => {
      for (const u of await allPages<{ id: string }>(api, `${role.path}?briefRepresentation=true`)) {
        const set = held.get(u.id) ?? new Set<string>();
        set.add(role.id);
        held.set(u.id, set);
      }
    });
    return {
      clients,
      rolesOfUser: async (id) => held.get(id) ?? new Set(),
      scopeOfClient: async (uuid) => scope.get(uuid) ?? new Set(),
      source: `partial export, holders of ${roles.length} role(s)`,
    };
  }
  if (exported.status !== 403)
    throw new UserError(
      `Reading realm "${realm}" failed: partial export answered HTTP ${exported.status} ${JSON.stringify(exported.data).slice(0, 200)}`,
    );
  const list = await allPages<Record<string, any>>(api, `${r}/clients`);
  const clients = new Map(list.map((c) => [String(c.id), c]));
  const ids = (m: any) => [
    ...((m?.realmMappings ?? []) as any[]).map((x) => String(x.id)),
    ...Object.values((m?.clientMappings ?? {}) as Record<string, any>).flatMap((c: any) =>
      (c.mappings ?? []).map((x: any) => String(x.id)),
    ),
  ];
  // Each path is read once, however many resources of a customer ask (one scope mapping per role).
  const cache = new Map<string, Promise<Set<string> | undefined>>();
  const read = (path: string): Promise<Set<string> | undefined> => {
    if (!cache.has(path))
      cache.set(
        path,
        api.request<any>('GET', path).then((res) => {
          if (res.status === 404) return undefined;
          if (res.status >= 300) throw new UserError(`GET ${path}: HTTP ${res.status}`);
          return new Set(ids(res.data));
        }),
      );
    return cache.get(path)!;
  };
  return {
    clients,
    // A missing user or client reads as an empty set that can never match a known role: the
    // caller compares with the state, which names the user; `undefined` marks it missing.
    rolesOfUser: async (id) => (await read(`${r}/users/${id}/role-mappings`)) ?? new Set(['(user missing)']),
    scopeOfClient: async (uuid) => (await read(`${r}/clients/${uuid}/scope-mappings`)) ?? new Set(),
    source: 'client listing, per customer: role and scope mappings (the identity may not export the realm)',
  };
}

/** `customer-acme` -> `acme`, from a resource name such as `customer-acme_client_C59DA64E`. */
function customerOf(r: { name: string }): string | undefined {
  const group = r.name.split('_')[0];
  return group.startsWith('customer-') ? group.slice('customer-'.length) : undefined;
}

const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));
const sameSet = (a: readonly unknown[] | undefined, b: readonly unknown[] | undefined) => {
  const x = [...new Set((a ?? []).map(str))].sort();
  const y = [...new Set((b ?? []).map(str))].sort();
  return JSON.stringify(x) === JSON.stringify(y);
};

/** Client settings kept as a top-level field of the representation: state attribute -> field. */
const CLIENT_FIELDS: Readonly<Record<string, string>> = {
  client_id: 'clientId',
  name: 'name',
  description: 'description',
  enabled: 'enabled',
  client_authenticator_type: 'clientAuthenticatorType',
  standard_flow_enabled: 'standardFlowEnabled',
  implicit_flow_enabled: 'implicitFlowEnabled',
  direct_access_grants_enabled: 'directAccessGrantsEnabled',
  service_accounts_enabled: 'serviceAccountsEnabled',
  frontchannel_logout_enabled: 'frontchannelLogout',
  admin_url: 'adminUrl',
  base_url: 'baseUrl',
  root_url: 'rootUrl',
  full_scope_allowed: 'fullScopeAllowed',
  consent_required: 'consentRequired',
  always_display_in_console: 'alwaysDisplayInConsole',
};

/** Client settings kept as a client attribute: state attribute -> attribute name. */
const CLIENT_ATTRIBUTES: Readonly<Record<string, string>> = {
  access_token_lifespan: 'access.token.lifespan',
  use_refresh_tokens: 'use.refresh.tokens',
  use_refresh_tokens_client_credentials: 'client_credentials.use_refresh_token',
  standard_token_exchange_enabled: 'standard.token.exchange.enabled',
  pkce_code_challenge_method: 'pkce.code.challenge.method',
  login_theme: 'login_theme',
  require_dpop_bound_tokens: 'dpop.bound.access.tokens',
  oauth2_device_authorization_grant_enabled: 'oauth2.device.authorization.grant.enabled',
  oauth2_device_code_lifespan: 'oauth2.device.code.lifespan',
  oauth2_device_polling_interval: 'oauth2.device.polling.interval',
  oauth2_jwt_authorization_grant_enabled: 'oauth2.jwt.authorization.grant.enabled',
  display_on_consent_screen: 'display.on.consent.screen',
  consent_screen_text: 'consent.screen.text',
  frontchannel_logout_url: 'frontchannel.logout.url',
  backchannel_logout_url: 'backchannel.logout.url',
  backchannel_logout_session_required: 'backchannel.logout.session.required',
  backchannel_logout_revoke_offline_sessions: 'backchannel.logout.revoke.offline.tokens',
  client_session_idle_timeout: 'client.session.idle.timeout',
  client_session_max_lifespan: 'client.session.max.lifespan',
  client_offline_session_idle_timeout: 'client.offline.session.idle.timeout',
  client_offline_session_max_lifespan: 'client.offline.session.max.lifespan',
};

/**
 * Client settings of the state that this check does not compare, and why that is safe: the
 * files never set them and the engine does not report them as drift (Optional+Computed or
 * write-only), or they are compared elsewhere.
 */
const CLIENT_NOT_COMPARED = new Set([
  'id', // the representation is looked up by it
  'realm_id',
  'client_secret', // never read by this check; the files do not set it (rotation goes through the next one)
  'client_secret_regenerate_when_changed', // only in state: Keycloak has no such setting
  'client_secret_wo',
  'client_secret_wo_version',
  'import',
  'service_account_user_id', // checked through the service account's role mapping
  'resource_server_id',
  'authorization',
  'exclude_issuer_from_auth_response',
  'exclude_session_state_from_auth_response',
  'allow_refresh_token_in_standard_token_exchange',
  'oauth2_jwt_authorization_grant_idp',
]);

/** The first difference between a client's state and its representation, or undefined. */
function clientDifference(state: Record<string, any>, live: Record<string, any> | undefined): string | undefined {
  if (!live) return 'client missing from Keycloak';
  const attributes = (live.attributes ?? {}) as Record<string, unknown>;
  for (const [key, value] of Object.entries(state)) {
    if (CLIENT_NOT_COMPARED.has(key)) continue;
    if (key in CLIENT_FIELDS) {
      if (str(value) !== str(live[CLIENT_FIELDS[key]])) return key;
    } else if (key in CLIENT_ATTRIBUTES) {
      // An attribute Keycloak does not hold reads as empty; a state value of false against
      // a missing attribute counts as a difference (the full refresh then decides).
      if (str(value) !== str(attributes[CLIENT_ATTRIBUTES[key]])) return key;
    } else if (key === 'valid_redirect_uris') {
      if (!sameSet(value, live.redirectUris)) return key;
    } else if (key === 'web_origins') {
      if (!sameSet(value, live.webOrigins)) return key;
    } else if (key === 'valid_post_logout_redirect_uris') {
      const uris = str(attributes['post.logout.redirect.uris']);
      if (!sameSet(value, uris ? uris.split('##') : [])) return key;
    } else if (key === 'access_type') {
      const type = live.publicClient ? 'PUBLIC' : live.bearerOnly ? 'BEARER-ONLY' : 'CONFIDENTIAL';
      if (str(value) !== type) return key;
    } else if (key === 'extra_config') {
      for (const [k, v] of Object.entries((value ?? {}) as Record<string, unknown>))
        if (str(v) !== str(attributes[k])) return `extra_config.${k}`;
    } else if (key === 'authentication_flow_binding_overrides') {
      const overrides = Object.values((live.authenticationFlowBindingOverrides ?? {}) as Record<string, unknown>).filter(
        (v) => str(v) !== '',
      );
      const stated = ((value ?? []) as Record<string, unknown>[]).flatMap((o) => Object.values(o).filter((v) => str(v) !== ''));
      if (!sameSet(stated, overrides)) return key;
    } else {
      return `unknown:${key}`;
    }
  }
  return undefined;
}

/**
 * Compares every managed resource of a customers stack's state with Keycloak.
 * @param state the engine's `show -json` of the state (no plan file: it does not call Keycloak)
 */
export async function compareWithState(
  resources: readonly StateResource[],
  live: LiveRealm,
): Promise<Omit<FastVerdict, 'requests' | 'source'>> {
  const differing = new Map<string, string>();
  const unjudged: string[] = [];
  const differ = (id: string, why: string) => {
    if (!differing.has(id)) differing.set(id, why);
  };
  const checks: (() => Promise<void>)[] = [];
  for (const r of resources) {
    if (r.mode !== 'managed' || r.type === 'terraform_data') continue;
    const id = customerOf(r);
    if (!id) {
      unjudged.push(`${r.address} (not a customer's resource)`);
      continue;
    }
    const v = r.values ?? {};
    switch (r.type) {
      case 'keycloak_openid_client': {
        const why = clientDifference(v, live.clients.get(str(v.id)));
        if (why?.startsWith('unknown:')) unjudged.push(`${r.address}: attribute ${why.slice('unknown:'.length)}`);
        else if (why) differ(id, `client: ${why}`);
        break;
      }
      case 'keycloak_openid_client_default_scopes': {
        const c = live.clients.get(str(v.client_id));
        if (!c || !sameSet(v.default_scopes, c.defaultClientScopes)) differ(id, 'default client scopes');
        break;
      }
      case 'keycloak_user_roles':
        if (v.exhaustive !== true) {
          unjudged.push(`${r.address}: a non-exhaustive role mapping`);
          break;
        }
        checks.push(async () => {
          if (!sameSet(v.role_ids, [...(await live.rolesOfUser(str(v.user_id)))])) differ(id, 'service-account roles');
        });
        break;
      case 'keycloak_generic_role_mapper':
        if (v.client_scope_id) {
          unjudged.push(`${r.address}: a client-scope role mapping`);
          break;
        }
        checks.push(async () => {
          if (!live.clients.has(str(v.client_id)) || !(await live.scopeOfClient(str(v.client_id))).has(str(v.role_id)))
            differ(id, 'role allowed into tokens (scope mapping)');
        });
        break;
      default:
        unjudged.push(`${r.address} (resource type ${r.type})`);
    }
  }
  await inParallel(checks, (check) => check());
  return { differing, unjudged };
}

/** The managed resources of a state, from the engine's `show -json` without a plan file. */
export function stateResources(shown: any): StateResource[] {
  const out: StateResource[] = [];
  const walk = (module: any) => {
    for (const r of module?.resources ?? []) out.push(r);
    for (const child of module?.child_modules ?? []) walk(child);
  };
  walk(shown?.values?.root_module);
  return out;
}

/** Reads Keycloak and compares it with the state's resources. */
export async function fastCheck(api: CountingAdminApi, realm: string, resources: readonly StateResource[]): Promise<FastVerdict> {
  const before = api.sent;
  const live = await readLive(api, realm);
  const verdict = await compareWithState(resources, live);
  return { ...verdict, requests: api.sent - before, source: live.source };
}
