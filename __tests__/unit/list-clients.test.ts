/**
 * listClients (engine/adoption.ts) reads a realm's clients in pages: one unpaged list of a
 * realm of 5,000 clients took over the 60 s request timeout (133 s as an administrator).
 */
import { AdminApi } from '../../engine/admin-api';
import { listClients } from '../../engine/adoption';

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
});
