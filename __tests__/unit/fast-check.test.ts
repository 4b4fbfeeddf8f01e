/**
 * The comparison behind fast drift and plans without refresh: what it calls a difference,
 * and what it refuses to judge (the caller then refreshes everything). Whether it finds real
 * drift on a real Keycloak is __tests__/integration/fast-drift.test.ts.
 */
import { readSettings } from '../../config/settings';
import { RunContext } from '../../engine/steps';
import { compareWithState, CountingAdminApi, fastCheck, LiveRealm, readLive, StateResource, stateResources } from '../../engine/fast-check';
import { bulkVerdict, fastCheckEnabled } from '../../engine/fast-plan';

const CLIENT_UUID = 'c-1';
const USER = 'u-1';

function stateOf(overrides: Record<string, unknown> = {}): StateResource[] {
  return [
    {
      address: 'keycloak_openid_client.customer-acme_client_C59DA64E',
      mode: 'managed',
      type: 'keycloak_openid_client',
      name: 'customer-acme_client_C59DA64E',
      values: {
        id: CLIENT_UUID,
        client_id: 'acme',
        name: 'Acme',
        description: '',
        enabled: true,
        access_type: 'CONFIDENTIAL',
        standard_flow_enabled: false,
        valid_redirect_uris: [],
        valid_post_logout_redirect_uris: [],
        web_origins: [],
        access_token_lifespan: '300',
        use_refresh_tokens: false,
        extra_config: { 'api-keys.stack': 'api-keys-local' },
        authentication_flow_binding_overrides: [],
        client_secret: 'never compared',
        service_account_user_id: USER,
        ...overrides,
      },
    },
    {
      address: 'keycloak_openid_client_default_scopes.customer-acme_default-scopes_1',
      mode: 'managed',
      type: 'keycloak_openid_client_default_scopes',
      name: 'customer-acme_default-scopes_1',
      values: { client_id: CLIENT_UUID, default_scopes: ['basic', 'roles'] },
    },
    {
      address: 'keycloak_user_roles.customer-acme_service-account-roles_1',
      mode: 'managed',
      type: 'keycloak_user_roles',
      name: 'customer-acme_service-account-roles_1',
      values: { user_id: USER, role_ids: ['r-read'], exhaustive: true },
    },
    {
      address: 'keycloak_generic_role_mapper.customer-acme_scope-ordersread_1',
      mode: 'managed',
      type: 'keycloak_generic_role_mapper',
      name: 'customer-acme_scope-ordersread_1',
      values: { client_id: CLIENT_UUID, role_id: 'r-read', client_scope_id: null },
    },
    {
      address: 'terraform_data.customer-acme_role-set_1',
      mode: 'managed',
      type: 'terraform_data',
      name: 'customer-acme_role-set_1',
      values: {},
    },
    { address: 'data.keycloak_role.api_x', mode: 'data', type: 'keycloak_role', name: 'api_x', values: {} },
  ];
}

function liveOf(client: Record<string, unknown> = {}, roles = ['r-read'], scope = ['r-read']): LiveRealm {
  const rep = {
    id: CLIENT_UUID,
    clientId: 'acme',
    name: 'Acme',
    enabled: true,
    publicClient: false,
    bearerOnly: false,
    standardFlowEnabled: false,
    redirectUris: [],
    webOrigins: [],
    attributes: { 'access.token.lifespan': '300', 'use.refresh.tokens': 'false', 'api-keys.stack': 'api-keys-local', other: 'x' },
    authenticationFlowBindingOverrides: {},
    defaultClientScopes: ['roles', 'basic'],
    ...client,
  };
  return {
    clients: new Map([[CLIENT_UUID, rep]]),
    rolesOfUser: async (id) => new Set(id === USER ? roles : []),
    scopeOfClient: async (id) => new Set(id === CLIENT_UUID ? scope : []),
    source: 'test',
  };
}

describe('compareWithState', () => {
  it('finds nothing when Keycloak holds what the state says (attributes the state does not name are ignored)', async () => {
    const v = await compareWithState(stateOf(), liveOf());
    expect(v.unjudged).toEqual([]);
    expect([...v.differing]).toEqual([]);
  });

  it.each([
    ['a flow turned on', { standardFlowEnabled: true }, 'client: standard_flow_enabled'],
    ['a redirect URI', { redirectUris: ['https://x.example/cb'] }, 'client: valid_redirect_uris'],
    ['a disabled client', { enabled: false }, 'client: enabled'],
    [
      'another lifespan',
      { attributes: { 'access.token.lifespan': '900', 'use.refresh.tokens': 'false', 'api-keys.stack': 'api-keys-local' } },
      'client: access_token_lifespan',
    ],
    [
      'a marker changed',
      { attributes: { 'access.token.lifespan': '300', 'use.refresh.tokens': 'false', 'api-keys.stack': 'other' } },
      'client: extra_config.api-keys.stack',
    ],
    [
      'an attribute removed (missing reads as a difference)',
      { attributes: { 'access.token.lifespan': '300', 'api-keys.stack': 'api-keys-local' } },
      'client: use_refresh_tokens',
    ],
    ['a public client', { publicClient: true }, 'client: access_type'],
    ['a flow override', { authenticationFlowBindingOverrides: { browser: 'f-1' } }, 'client: authentication_flow_binding_overrides'],
    ['a default scope taken away', { defaultClientScopes: ['basic'] }, 'default client scopes'],
  ])('names the customer when Keycloak differs: %s', async (_, client, why) => {
    const v = await compareWithState(stateOf(), liveOf(client));
    expect([...v.differing]).toEqual([['acme', why]]);
  });

  it('finds a deleted client, an extra role, a role taken out of the token scope', async () => {
    const deleted = liveOf();
    expect([...(await compareWithState(stateOf(), { ...deleted, clients: new Map() })).differing]).toEqual([
      ['acme', 'client: client missing from Keycloak'],
    ]);
    expect([...(await compareWithState(stateOf(), liveOf({}, ['r-read', 'r-admin']))).differing]).toEqual([
      ['acme', 'service-account roles'],
    ]);
    expect([...(await compareWithState(stateOf(), liveOf({}, ['r-read'], []))).differing]).toEqual([
      ['acme', 'role allowed into tokens (scope mapping)'],
    ]);
  });

  it('refuses to judge what it does not know, so the caller refreshes everything', async () => {
    const unknownAttribute = await compareWithState(stateOf({ some_new_setting: 'x' }), liveOf());
    expect(unknownAttribute.unjudged).toEqual(['keycloak_openid_client.customer-acme_client_C59DA64E: attribute some_new_setting']);
    const foreign: StateResource = { address: 'keycloak_role.extra', mode: 'managed', type: 'keycloak_role', name: 'extra', values: {} };
    const unknownType: StateResource = {
      ...foreign,
      address: 'keycloak_group.customer-acme_g',
      type: 'keycloak_group',
      name: 'customer-acme_g',
    };
    const v = await compareWithState([...stateOf(), foreign, unknownType], liveOf());
    expect(v.unjudged).toEqual([
      "keycloak_role.extra (not a customer's resource)",
      'keycloak_group.customer-acme_g (resource type keycloak_group)',
    ]);
    const partial = stateOf();
    partial[2] = { ...partial[2], values: { ...partial[2].values, exhaustive: false } };
    expect((await compareWithState(partial, liveOf())).unjudged).toEqual([
      'keycloak_user_roles.customer-acme_service-account-roles_1: a non-exhaustive role mapping',
    ]);
  });

  it('reads the resources of a state, child modules included', () => {
    const [r] = stateOf();
    expect(stateResources({ values: { root_module: { resources: [r], child_modules: [{ resources: [r] }] } } })).toHaveLength(2);
    expect(stateResources({})).toEqual([]);
  });
});

describe('fastCheckEnabled', () => {
  const ctx = (env: NodeJS.ProcessEnv) => ({ settings: readSettings(env) }) as RunContext;
  it('is on by default, off with --deep or APIKEYS_FAST_CHECK=0, and refuses other values', () => {
    expect(fastCheckEnabled(ctx({}), undefined)).toBe(true);
    expect(fastCheckEnabled(ctx({ APIKEYS_FAST_CHECK: '1' }), false)).toBe(true);
    expect(fastCheckEnabled(ctx({}), true)).toBe(false);
    expect(fastCheckEnabled(ctx({ APIKEYS_FAST_CHECK: '0' }), false)).toBe(false);
    expect(() => readSettings({ APIKEYS_FAST_CHECK: 'no' })).toThrow(/APIKEYS_FAST_CHECK=no is not usable/);
  });
});

describe('bulkVerdict', () => {
  it('asks for the full refresh, naming why, when reading the realm fails', async () => {
    // GIVEN an admin API whose every request fails, as a partial export that times out does
    class Failing extends CountingAdminApi {
      override async request<T>(): Promise<{ status: number; data: T }> {
        this.sent++;
        throw new Error('admin API request timed out after 60 s\nmore detail');
      }
    }
    const api = new Failing({ url: 'http://127.0.0.1:9', loginRealm: 'master', clientId: 'admin-cli', username: 'a', password: 'b' });
    // WHEN the bulk check runs THEN it does not throw, and its verdict sends the command to the full refresh
    const verdict = await bulkVerdict(api, 'partners', []);
    expect(verdict.unjudged).toEqual(['the bulk read of the realm failed (admin API request timed out after 60 s)']);
    expect(verdict.differing.size).toBe(0);
    expect(verdict.requests).toBeGreaterThanOrEqual(1);
  });
});

describe('readLive: how the realm is read', () => {
  // GIVEN a realm with the built-in realm-management client, the API and one customer, whose
  // service account u-1 holds orders:read; u-gone is a service account deleted by hand.
  const R = '/partners';
  const apiRoles = [{ id: 'a-read', role: 'orders:read', clientId: 'api', client: 'orders-api' }];
  const common: Record<string, unknown> = {
    [`GET ${R}/clients`]: [
      { id: 'rm', clientId: 'realm-management' },
      { id: 'api', clientId: 'orders-api' },
      { id: CLIENT_UUID, clientId: 'acme', defaultClientScopes: ['basic'], attributes: { 'api-keys.stack': 'api-keys-local' } },
    ],
    [`GET ${R}/roles`]: [{ id: 'r-default', name: 'default-roles-partners' }],
    [`GET ${R}/clients/rm/roles`]: [{ id: 'rm-view', name: 'view-users' }],
    [`GET ${R}/clients/rm/scope-mappings`]: {},
    [`GET ${R}/clients/api/roles`]: [{ id: 'a-read', name: 'orders:read' }],
    [`GET ${R}/users/${USER}`]: { id: USER },
    [`GET ${R}/roles/default-roles-partners/users`]: [],
    [`GET ${R}/clients/rm/roles/view-users/users`]: [],
    [`GET ${R}/clients/api/roles/orders%3Aread/users`]: [{ id: USER }],
    [`GET ${R}/users/${USER}/role-mappings`]: { clientMappings: { 'orders-api': { mappings: [{ id: 'a-read' }] } } },
    [`POST ${R}/partial-export`]: 403,
  };
  // what the state says: both service accounts hold orders:read
  const stated = [
    { userId: 'u-gone', roleIds: ['a-read'] },
    { userId: USER, roleIds: ['a-read'] },
  ];
  /** An admin API answering from a table (`METHOD path` without the query -> body, or a status). */
  class Fake extends CountingAdminApi {
    readonly asked: string[] = [];
    constructor(private readonly answers: Record<string, unknown>) {
      super({ url: 'http://127.0.0.1:9', loginRealm: 'master', clientId: 'admin-cli', username: 'a', password: 'b' });
    }
    override async request<T>(method: string, path: string): Promise<{ status: number; data: T }> {
      this.sent++;
      const key = `${method} ${path.split('?')[0]}`;
      this.asked.push(key);
      const answer = this.answers[key];
      if (answer === undefined) return { status: 404, data: undefined as T };
      if (typeof answer === 'number') return { status: answer, data: undefined as T };
      // paged lists: everything on the first page
      const first = Number(/[?&]first=(\d+)/.exec(path)?.[1] ?? 0);
      return { status: 200, data: (Array.isArray(answer) && first > 0 ? [] : answer) as T };
    }
  }

  it('an identity that may list every client role: list calls only, past a deleted service account', async () => {
    // GIVEN the role picker lists every client role but realm-management's own (as for an administrator,
    // the provisioning identity and the read-only one)
    const api = new Fake({ ...common, [`GET ${R}/ui-ext/available-roles/clients/rm`]: apiRoles });
    const live = await readLive(api, 'partners', stated);
    expect(live.source).toBe('client listing, holders of 3 role(s)');
    expect([...(await live.rolesOfUser(USER))]).toEqual(['a-read']);
    // a service account in no holder list: read once, and a deleted one never reads as "holds nothing"
    expect([...(await live.rolesOfUser('u-gone'))]).toEqual(['(user missing)']);
    expect(live.clients.get(CLIENT_UUID)?.defaultClientScopes).toEqual(['basic']);
    // no export, and role mappings read only to check that the holder lists are whole
    expect(api.asked.filter((a) => a.includes('partial-export'))).toEqual([]);
    expect(api.asked.filter((a) => a.includes('role-mappings'))).toEqual([
      `GET ${R}/users/u-gone/role-mappings`,
      `GET ${R}/users/${USER}/role-mappings`,
    ]);
  });

  it('a filtered role list (a read-only identity deployed before its list permission): one read per customer', async () => {
    const api = new Fake({ ...common, [`GET ${R}/ui-ext/available-roles/clients/rm`]: [] });
    const live = await readLive(api, 'partners', stated);
    expect(live.source).toMatch(/^client listing, per customer: role mappings/);
    expect([...(await live.rolesOfUser(USER))]).toEqual(['a-read']);
    expect(api.asked.filter((a) => a.endsWith('/users') && a.includes('/roles/'))).toEqual([]);
  });

  it('holder lists Keycloak filters without saying so (the provisioning identity): one read per customer', async () => {
    // GIVEN every role listed, but the holder lists come back empty (200)
    const api = new Fake({
      ...common,
      [`GET ${R}/ui-ext/available-roles/clients/rm`]: apiRoles,
      [`GET ${R}/clients/api/roles/orders%3Aread/users`]: [],
    });
    const live = await readLive(api, 'partners', stated);
    expect(live.source).toMatch(/^client listing, per customer: role mappings/);
    expect([...(await live.rolesOfUser(USER))]).toEqual(['a-read']);
    // only the holder list of the checked service account's role was read before giving up
    expect(api.asked.filter((a) => a.endsWith('/users') && a.includes('/roles/'))).toEqual([
      `GET ${R}/clients/api/roles/orders%3Aread/users`,
    ]);
  });

  it('customers that all hold no role leave nothing to check the holder lists with: one read per customer', async () => {
    const api = new Fake({ ...common, [`GET ${R}/ui-ext/available-roles/clients/rm`]: apiRoles });
    const live = await readLive(api, 'partners', [{ userId: USER, roleIds: [] }]);
    expect(live.source).toMatch(/^client listing, per customer: role mappings/);
  });

  it("a role in realm-management's scope counts as listed (the role picker leaves those out)", async () => {
    const api = new Fake({
      ...common,
      [`GET ${R}/ui-ext/available-roles/clients/rm`]: [],
      [`GET ${R}/clients/rm/scope-mappings`]: {
        clientMappings: { 'orders-api': { id: 'api', mappings: [{ id: 'a-read', name: 'orders:read' }] } },
      },
    });
    expect((await readLive(api, 'partners', stated)).source).toBe('client listing, holders of 3 role(s)');
  });

  it('a client list Keycloak filtered (no realm-management in it, as for a pipeline identity): one read per customer, no realm-wide role lists', async () => {
    const api = new Fake({
      ...common,
      [`GET ${R}/clients`]: [{ id: CLIENT_UUID, clientId: 'acme' }],
      [`GET ${R}/ui-ext/available-roles/clients/rm`]: apiRoles,
    });
    const live = await readLive(api, 'partners', stated);
    expect(live.source).toBe('per customer (Keycloak lists this identity few clients)');
    expect([...(await live.rolesOfUser(USER))]).toEqual(['a-read']);
    // neither the realm's roles nor their holders
    expect(api.asked.filter((a) => a.includes('/roles') && !a.includes('role-mappings'))).toEqual([]);
    expect(api.asked.filter((a) => a.includes('partial-export'))).toEqual([]);
  });

  describe('fastCheck on a filtered list: the clients of the state that the list lacks are read by their id', () => {
    // the client as Keycloak holds it, matching stateOf()
    const acme = liveOf().clients.get(CLIENT_UUID)!;
    const filtered = {
      [`GET ${R}/clients`]: [],
      [`GET ${R}/users/${USER}/role-mappings`]: { clientMappings: { 'orders-api': { mappings: [{ id: 'r-read' }] } } },
      [`GET ${R}/clients/${CLIENT_UUID}/scope-mappings`]: { clientMappings: { 'orders-api': { mappings: [{ id: 'r-read' }] } } },
    };

    it('a client it may view: read by id and compared, no difference', async () => {
      const api = new Fake({ ...filtered, [`GET ${R}/clients/${CLIENT_UUID}`]: acme });
      const verdict = await fastCheck(api, 'partners', stateOf());
      expect(verdict.unjudged).toEqual([]);
      expect([...verdict.differing]).toEqual([]);
      expect(verdict.source).toBe('per customer (Keycloak lists this identity few clients)');
      expect(api.asked.filter((a) => a === `GET ${R}/clients/${CLIENT_UUID}`)).toHaveLength(1);
      expect(verdict.requests).toBe(api.asked.length);
    });

    it('a client that reads as changed or gone (404) is a difference; another refusal is an error', async () => {
      const changed = new Fake({ ...filtered, [`GET ${R}/clients/${CLIENT_UUID}`]: { ...acme, standardFlowEnabled: true } });
      expect([...(await fastCheck(changed, 'partners', stateOf())).differing]).toEqual([['acme', 'client: standard_flow_enabled']]);
      const gone = new Fake(filtered);
      expect([...(await fastCheck(gone, 'partners', stateOf())).differing]).toEqual([['acme', 'client: client missing from Keycloak']]);
      const refused = new Fake({ ...filtered, [`GET ${R}/clients/${CLIENT_UUID}`]: 403 });
      await expect(fastCheck(refused, 'partners', stateOf())).rejects.toThrow(
        `Reading client ${CLIENT_UUID} of realm "partners" failed: HTTP 403`,
      );
    });

    it('a full list (realm-management in it) reads no client by id: one it lacks is gone', async () => {
      const api = new Fake({
        ...common,
        [`GET ${R}/ui-ext/available-roles/clients/rm`]: apiRoles,
        [`GET ${R}/clients/c-9`]: { ...acme, id: 'c-9' },
      });
      const verdict = await fastCheck(api, 'partners', stateOf({ id: 'c-9' }));
      expect(api.asked.filter((a) => /\/clients\/c-9$/.test(a))).toEqual([]);
      expect([...verdict.differing]).toContainEqual(['acme', 'client: client missing from Keycloak']);
    });
  });
});
