/**
 * listClients (engine/adoption.ts) reads a realm's clients in pages: one unpaged list of a
 * realm of 5,000 clients took over the 60 s request timeout (133 s as an administrator).
 */
import { AdminApi } from '../../engine/admin-api';
import { findClients, listClients, LOOK_UP_AT_MOST } from '../../engine/adoption';

class Fake extends AdminApi {
  readonly asked: string[] = [];
  constructor(private readonly clients: Record<string, unknown>[] | number) {
    super({ url: 'http://127.0.0.1:9', loginRealm: 'master', clientId: 'admin-cli', username: 'a', password: 'b' });
  }
  override async request<T>(method: string, path: string): Promise<{ status: number; data: T }> {
    this.asked.push(`${method} ${path}`);
    if (typeof this.clients === 'number') return { status: this.clients, data: undefined as T };
    const first = Number(/[?&]first=(\d+)/.exec(path)?.[1] ?? 0);
    const max = Number(/[?&]max=(\d+)/.exec(path)?.[1] ?? Infinity);
    return { status: 200, data: this.clients.slice(first, first + max) as T };
  }
}

/** A realm as Keycloak shows it to a pipeline identity: the list holds only `listed` (no realm-management); a lookup by client id finds `viewable` too. */
class FilteredFake extends AdminApi {
  readonly asked: string[] = [];
  constructor(
    private readonly listed: Record<string, unknown>[],
    private readonly viewable: Record<string, unknown>[],
  ) {
    super({ url: 'http://127.0.0.1:9', loginRealm: 'master', clientId: 'admin-cli', username: 'a', password: 'b' });
  }
  override async request<T>(method: string, path: string): Promise<{ status: number; data: T }> {
    this.asked.push(`${method} ${path}`);
    const byId = /[?&]clientId=([^&]+)/.exec(path);
    if (byId) return { status: 200, data: this.viewable.filter((c) => c.clientId === decodeURIComponent(byId[1])) as T };
    const first = Number(/[?&]first=(\d+)/.exec(path)?.[1] ?? 0);
    return { status: 200, data: this.listed.slice(first, first + 500) as T };
  }
}

describe('listClients', () => {
  it('reads every client, page by page, never the whole realm in one request', async () => {
    const all = Array.from({ length: 1200 }, (_, i) => ({
      id: `u${i}`,
      clientId: `c${i}`,
      attributes: i % 2 ? { 'api-keys.stack': 'api-keys-local' } : {},
    }));
    const api = new Fake(all);
    const listed = await listClients(api, 'partners');
    expect(listed).toHaveLength(1200);
    expect(listed[1]).toEqual({ clientId: 'c1', id: 'u1', marker: 'api-keys-local' });
    expect(listed[0].marker).toBeUndefined();
    expect(api.asked).toEqual([
      'GET /partners/clients?first=0&max=500',
      'GET /partners/clients?first=500&max=500',
      'GET /partners/clients?first=1000&max=500',
    ]);
  });

  it('a realm that does not exist yet has no clients; a refused list says so', async () => {
    expect(await listClients(new Fake(404), 'partners')).toEqual([]);
    await expect(listClients(new Fake(403), 'partners')).rejects.toThrow('Listing the clients of realm "partners" failed: HTTP 403');
    await expect(listClients(new Fake(500), 'partners')).rejects.toThrow(/Listing the clients of realm "partners" failed: GET .*HTTP 500/);
  });

  it('a list Keycloak filtered (no realm-management in it): looks up each client asked for by its client id, one by one', async () => {
    // GIVEN Keycloak lists the identity one customer, but lets it view two more by client id
    const acme = { id: 'u-acme', clientId: 'acme', attributes: { 'api-keys.stack': 'api-keys-local' } };
    const globex = { id: 'u-globex', clientId: 'globex', attributes: {} };
    const initech = { id: 'u-initech', clientId: 'initech', attributes: { 'api-keys.stack': 'api-keys-local' } };
    const api = new FilteredFake([acme], [acme, globex, initech]);
    // WHEN the clients missing from state are asked for
    const listed = await listClients(api, 'partners', ['acme', 'globex', 'initech', 'gone']);
    // THEN the listed one is not read again, each other one is looked up, and one Keycloak does not know is left out
    expect(listed).toEqual([
      { clientId: 'acme', id: 'u-acme', marker: 'api-keys-local' },
      { clientId: 'globex', id: 'u-globex', marker: undefined },
      { clientId: 'initech', id: 'u-initech', marker: 'api-keys-local' },
    ]);
    expect(api.asked).toEqual([
      'GET /partners/clients?first=0&max=500',
      'GET /partners/clients?clientId=globex',
      'GET /partners/clients?clientId=initech',
      'GET /partners/clients?clientId=gone',
    ]);
  });

  it('a full list (realm-management in it): looks nothing up', async () => {
    const api = new FilteredFake(
      [
        { id: 'u-rm', clientId: 'realm-management' },
        { id: 'u-acme', clientId: 'acme' },
      ],
      [{ id: 'u-globex', clientId: 'globex' }],
    );
    const listed = await listClients(api, 'partners', ['acme', 'globex']);
    expect(listed.map((c) => c.clientId)).toEqual(['realm-management', 'acme']);
    expect(api.asked).toEqual(['GET /partners/clients?first=0&max=500']);
  });
});

describe('findClients', () => {
  const realm = Array.from({ length: 1200 }, (_, i) => ({ id: `u${i}`, clientId: `c${i}`, attributes: {} }));

  it('a few clients missing from state: one exact lookup each, no listing of the realm', async () => {
    // GIVEN a realm of 1,200 clients and a pull request that adds two customers, one of which exists
    const api = new FilteredFake(realm, realm);
    // WHEN the plan looks for them
    const found = await findClients(api, 'partners', ['c7', 'new-one']);
    // THEN two lookups by client id, and only the existing one comes back
    expect(found).toEqual([{ clientId: 'c7', id: 'u7', marker: undefined }]);
    expect(api.asked).toEqual(['GET /partners/clients?clientId=c7', 'GET /partners/clients?clientId=new-one']);
  });

  it('more than LOOK_UP_AT_MOST missing (a first deploy, a lost state): one paged listing instead', async () => {
    const api = new Fake(realm);
    const ids = Array.from({ length: LOOK_UP_AT_MOST + 1 }, (_, i) => `c${i}`);
    const found = await findClients(api, 'partners', ids);
    expect(found).toHaveLength(1200);
    expect(api.asked.every((a) => /first=\d+&max=500$/.test(a))).toBe(true);
  });

  it('a realm that does not exist yet finds nothing; a refused lookup names the client and the status', async () => {
    expect(await findClients(new Fake(404), 'partners', ['acme'])).toEqual([]);
    await expect(findClients(new Fake(403), 'partners', ['acme'])).rejects.toThrow(
      'Looking up client "acme" in realm "partners" failed: HTTP 403',
    );
  });
});
