/**
 * `npm run usage`: who uses their key, who does not, who is failing. Reads the realm's
 * client-credentials login events (stored by the platform stack's event settings) through
 * the admin API in pages, newest first, and aggregates them in one pass: the cost is one
 * request per page, whatever the number of customers.
 */
import { Customer } from '../model/customer';
import { durationSeconds } from '../model/fields';
import { effectiveEnabled, isExpired } from '../model/lifecycle';
import { LOGIN_EVENT_TYPES } from '../keycloak/login-events';
import { UserError } from '../model/problems';
import { resolveTarget } from '../stacks/target';
import { AdminApi, adminLogin } from './admin-api';
import { formatUtc } from './lifecycle-report';
import { RunContext } from './steps';
import { validate } from './validate';

/** One stored login event, as the admin API returns it (fields this report reads). */
export interface LoginEvent {
  readonly id?: string;
  /** Milliseconds since 1970. */
  readonly time: number;
  readonly type: string;
  readonly clientId?: string;
  readonly error?: string;
}

export type UsageFlag = 'never-used' | 'unused' | 'failing-now' | 'disabled-but-trying';

export interface CustomerUsage {
  readonly clientId: string;
  /** `enabled`, `disabled` (the file says so) or `expired`. */
  readonly status: 'enabled' | 'disabled' | 'expired';
  /** ISO time of the last token issued, within the event retention. */
  readonly lastToken?: string;
  readonly tokens7d: number;
  readonly tokens30d: number;
  readonly failures24h: number;
  /** Keycloak's error code -> count, last 24 hours. */
  readonly failureErrors24h: Record<string, number>;
  readonly flags: UsageFlag[];
}

export interface UsageReport {
  readonly environment: string;
  readonly realm: string;
  readonly generatedAt: string;
  /** The event store's retention (platform.yaml): nothing older can be known. */
  readonly eventRetention: string;
  /** A customer without a token for this many days is flagged `unused`. */
  readonly unusedDays: number;
  readonly eventsRead: number;
  readonly pages: number;
  readonly customers: CustomerUsage[];
  /** Login attempts by clients that are not customers of this environment (removed customers, typos). */
  readonly otherClients: Record<string, number>;
}

const DAY = 86_400_000;
/** An attempt by a disabled customer within this window flags it `disabled-but-trying`. */
const DISABLED_TRYING_DAYS = 7;
/** Events per admin API request. */
export const USAGE_PAGE_SIZE = 1000;

/**
 * Aggregates the events in one pass. Pure: the clock and the events come in, the report rows
 * go out, so every flag rule is unit-tested without a server.
 */
export function aggregateUsage(
  customers: readonly Customer[],
  events: Iterable<LoginEvent>,
  now: Date,
  unusedDays: number,
): { customers: CustomerUsage[]; otherClients: Record<string, number> } {
  type Acc = {
    last?: number;
    t7: number;
    t30: number;
    f24: number;
    errors: Record<string, number>;
    lastFailure?: number;
    lastAttempt?: number;
  };
  const acc = new Map<string, Acc>(customers.map((c) => [c.clientId, { t7: 0, t30: 0, f24: 0, errors: {} }]));
  const otherClients: Record<string, number> = {};
  const t = now.getTime();
  for (const e of events) {
    if (!e.clientId) continue;
    const a = acc.get(e.clientId);
    if (!a) {
      otherClients[e.clientId] = (otherClients[e.clientId] ?? 0) + 1;
      continue;
    }
    a.lastAttempt = Math.max(a.lastAttempt ?? 0, e.time);
    if (e.type === 'CLIENT_LOGIN') {
      a.last = Math.max(a.last ?? 0, e.time);
      if (e.time > t - 30 * DAY) a.t30++;
      if (e.time > t - 7 * DAY) a.t7++;
    } else if (e.type === 'CLIENT_LOGIN_ERROR') {
      a.lastFailure = Math.max(a.lastFailure ?? 0, e.time);
      if (e.time > t - DAY) {
        a.f24++;
        const error = e.error ?? 'unknown';
        a.errors[error] = (a.errors[error] ?? 0) + 1;
      }
    }
  }
  const rows = customers.map((c): CustomerUsage => {
    const a = acc.get(c.clientId)!;
    const status = isExpired(c, now) ? 'expired' : c.enabled ? 'enabled' : 'disabled';
    const flags: UsageFlag[] = [];
    if (a.last === undefined) flags.push('never-used');
    else if (a.last <= t - unusedDays * DAY) flags.push('unused');
    if (a.f24 > 0 && (a.last === undefined || a.lastFailure! > a.last)) flags.push('failing-now');
    if (!effectiveEnabled(c, now) && (a.lastAttempt ?? 0) > t - DISABLED_TRYING_DAYS * DAY) flags.push('disabled-but-trying');
    return {
      clientId: c.clientId,
      status,
      lastToken: a.last !== undefined ? new Date(a.last).toISOString() : undefined,
      tokens7d: a.t7,
      tokens30d: a.t30,
      failures24h: a.f24,
      failureErrors24h: a.errors,
      flags,
    };
  });
  return { customers: rows, otherClients };
}

/**
 * Every retained login event of the realm, newest first, `pageSize` per request. Pages are
 * cut by time (`dateTo`, inclusive, in milliseconds), not by offset: each request then costs
 * the same however deep it reaches, and events arriving meanwhile cannot shift the pages.
 * Events on a page boundary come twice and are dropped by id.
 */
export async function* loginEvents(
  api: AdminApi,
  realm: string,
  stats: { pages: number; events: number },
  pageSize = USAGE_PAGE_SIZE,
): AsyncGenerator<LoginEvent> {
  const seen = new Set<string>();
  const types = LOGIN_EVENT_TYPES.map((t) => `type=${t}`).join('&');
  let before: number | undefined;
  for (;;) {
    const page = await api.get<LoginEvent[]>(
      `/${encodeURIComponent(realm)}/events?${types}&max=${pageSize}${before !== undefined ? `&dateTo=${before}` : ''}`,
    );
    stats.pages++;
    for (const e of page) {
      if (e.id !== undefined) {
        if (seen.has(e.id)) continue;
        seen.add(e.id);
      }
      stats.events++;
      yield e;
    }
    if (page.length < pageSize) return;
    const oldest = Math.min(...page.map((e) => e.time));
    // A full page within one millisecond cannot move the cursor: step past it.
    before = oldest === before ? oldest - 1 : oldest;
  }
}

/** Reads the events and builds the report for one environment. */
export async function usageReport(
  api: AdminApi,
  where: { environment: string; realm: string },
  customers: readonly Customer[],
  eventRetention: string,
  options: { unusedDays?: number; now?: Date; pageSize?: number } = {},
): Promise<UsageReport> {
  const now = options.now ?? new Date();
  const unusedDays = options.unusedDays ?? 30;
  const stats = { pages: 0, events: 0 };
  const events: LoginEvent[] = [];
  for await (const e of loginEvents(api, where.realm, stats, options.pageSize))
    events.push({ id: e.id, time: e.time, type: e.type, clientId: e.clientId, error: e.error });
  const { customers: rows, otherClients } = aggregateUsage(customers, events, now, unusedDays);
  return {
    ...where,
    generatedAt: now.toISOString(),
    eventRetention,
    unusedDays,
    eventsRead: stats.events,
    pages: stats.pages,
    customers: rows,
    otherClients,
  };
}

const FLAG_TEXT = (r: UsageReport): Record<UsageFlag, string> => ({
  'never-used': 'never used',
  unused: `unused for ${r.unusedDays}+ days`,
  'failing-now': 'failing now',
  'disabled-but-trying': 'disabled but trying',
});

/** A Markdown table (the nightly issue, a terminal). Client ids and error codes are Keycloak's own; escaped anyway. */
export function usageMarkdown(r: UsageReport): string {
  const esc = (s: string) => s.replace(/[|`<>\\]/g, (c) => `\\${c}`);
  const days = Math.round(durationSeconds(r.eventRetention)! / 86_400);
  const lines = [
    `### API key usage in ${esc(r.environment)} (realm ${esc(r.realm)}), ${formatUtc(new Date(r.generatedAt))}`,
    '',
    `From ${r.eventsRead} login event(s) kept for ${days} days; "never used" means not within them.`,
    '',
    '| customer | status | last token | tokens 7 d | tokens 30 d | failures 24 h | flags |',
    '|---|---|---|---|---|---|---|',
  ];
  const flagText = FLAG_TEXT(r);
  for (const c of r.customers) {
    const errors = Object.entries(c.failureErrors24h)
      .map(([e, n]) => `${esc(e)} ×${n}`)
      .join(', ');
    lines.push(
      `| \`${c.clientId}\` | ${c.status} | ${c.lastToken ? formatUtc(new Date(c.lastToken)) : '-'} | ${c.tokens7d} | ${c.tokens30d} | ${c.failures24h}${errors ? ` (${errors})` : ''} | ${c.flags.map((f) => flagText[f]).join(', ')} |`,
    );
  }
  const others = Object.entries(r.otherClients);
  if (others.length)
    lines.push('', `Attempts by clients that are not customers here: ${others.map(([id, n]) => `\`${esc(id)}\` ×${n}`).join(', ')}`);
  return lines.join('\n') + '\n';
}

/**
 * The usage report of one environment's customers, from the realm's login events. Refuses to
 * guess when the realm does not store those events (the platform part was not deployed).
 */
export async function usage(ctx: RunContext, options: { unusedDays?: number } = {}): Promise<UsageReport> {
  const project = validate(ctx);
  const environment = project.environments[ctx.environment];
  if (!environment)
    throw new UserError(`Unknown environment "${ctx.environment}" (known: ${Object.keys(project.environments).join(', ')}).`);
  const t = resolveTarget(ctx.environment, environment, project.platform, { settings: ctx.settings, root: ctx.root });
  const api = new AdminApi(adminLogin(ctx.settings, t));
  const config = await api.get<{ eventsEnabled?: boolean; enabledEventTypes?: string[] }>(`/${encodeURIComponent(t.realm)}/events/config`);
  const missing = LOGIN_EVENT_TYPES.filter((type) => !(config.enabledEventTypes ?? []).includes(type));
  if (!config.eventsEnabled || missing.length > 0) {
    throw new UserError(
      `Realm "${t.realm}" at ${t.keycloakUrl} does not store ${config.eventsEnabled ? missing.join(' and ') : 'login'} events, so there is no usage to report; ` +
        'an administrator deploys the platform part once (`npm run deploy -- --part platform`), which turns them on.',
    );
  }
  const customers = project.customers.filter((c) => c.environments.includes(t.environment));
  return usageReport(api, { environment: t.environment, realm: t.realm }, customers, project.platform.usage.eventRetention, options);
}
