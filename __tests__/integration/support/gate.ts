/**
 * A pass-through HTTP proxy in front of the local Keycloak that holds the requests a test
 * picks (unanswered until `release()`, if ever). Pointing the engine at it stops an apply at a
 * known point, so a test can kill the engine there, or let it finish, instead of racing it.
 */
import * as http from 'http';
import * as net from 'net';

export class KeycloakGate {
  /** Requests held so far (they are never answered). */
  held = 0;
  private readonly waiting: { count: number; resolve: () => void }[] = [];
  private readonly sockets = new Set<net.Socket>();
  /** The held requests, each waiting to be forwarded; undefined once released. */
  private pending: (() => void)[] | undefined = [];

  private constructor(
    private readonly server: http.Server,
    readonly url: string,
  ) {
    server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  /** Starts a gate to `target` that holds every request for which `hold(method, path)` is true. */
  static async start(target: string, hold: (method: string, path: string) => boolean): Promise<KeycloakGate> {
    const upstream = new URL(target);
    const server = http.createServer((req, res) => {
      const pass = () => {
        const forward = http.request(
          { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
          (answer) => {
            answer.on('error', () => res.destroy());
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        forward.on('error', () => res.destroy());
        req.pipe(forward);
      };
      if (gate.pending && hold(req.method ?? '', req.url ?? '')) {
        gate.held++;
        gate.pending.push(pass);
        for (const w of gate.waiting.filter((x) => gate.held >= x.count)) w.resolve();
        return;
      }
      pass();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const gate = new KeycloakGate(server, `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`);
    return gate;
  }

  /** Resolves once `count` requests have been held: the client is then stopped at the gate. */
  whenHeld(count = 1): Promise<void> {
    if (this.held >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push({ count, resolve }));
  }

  /** Forwards the requests held so far, and every request from now on. */
  release(): void {
    const held = this.pending ?? [];
    this.pending = undefined;
    for (const pass of held) pass();
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
