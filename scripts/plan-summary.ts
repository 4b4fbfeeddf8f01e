/**
 * Turns the engine's JSON plan into what a reviewer wants to read: which customers are
 * added, changed (attribute by attribute) or removed, and what else changes. Secrets are
 * masked: a value the engine marks sensitive, or any attribute named like a secret, is
 * never rendered.
 */

export type Action = 'add' | 'change' | 'replace' | 'remove';

export interface AttributeChange {
  readonly resource: string;
  readonly attribute: string;
  readonly before: string;
  readonly after: string;
}

export interface GroupChange {
  /** Customer client id, or the platform part (`realm`, `api`, `audience-scope`). */
  readonly name: string;
  readonly action: Action;
  readonly resources: { readonly address: string; readonly action: Action }[];
  readonly attributes: AttributeChange[];
}

export interface PlanSummary {
  readonly customers: {
    readonly added: GroupChange[];
    readonly changed: GroupChange[];
    readonly removed: GroupChange[];
    readonly unchanged: string[];
  };
  readonly platform: GroupChange[];
  readonly counts: { readonly add: number; readonly change: number; readonly remove: number };
}

/** Secret-like attribute names; `token` only as the last word, so `access_token_lifespan` stays readable. */
const SECRET_NAME = /secret|password|private|credential|(^|_)token$/i;

/** The engine marks a sensitive value `true`, or nested values inside a map or list with `true`. */
function isSensitive(mark: unknown): boolean {
  if (mark === true) return true;
  return typeof mark === 'object' && mark !== null && Object.values(mark).some(isSensitive);
}

function actionOf(actions: string[]): Action | undefined {
  if (actions.includes('delete') && actions.includes('create')) return 'replace';
  if (actions.includes('create')) return 'add';
  if (actions.includes('delete')) return 'remove';
  if (actions.includes('update')) return 'change';
  return undefined;
}

/** `customer-acme` from `keycloak_openid_client.customer-acme_client_C59DA64E`. */
function groupOf(rc: { name: string }): string {
  return rc.name.split('_')[0];
}

function render(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  const s = JSON.stringify(value);
  return s.length > 120 ? `${s.slice(0, 117)}...` : s;
}

function attributeChanges(rc: any): AttributeChange[] {
  const change = rc.change ?? {};
  const before = change.before ?? {};
  const after = change.after ?? {};
  const unknown = change.after_unknown ?? {};
  const beforeSensitive = change.before_sensitive || {};
  const afterSensitive = change.after_sensitive || {};
  const keys = new Set([...Object.keys(before), ...Object.keys(after), ...Object.keys(unknown)]);
  const out: AttributeChange[] = [];
  for (const key of [...keys].sort()) {
    if (key === 'id') continue;
    const isUnknown = unknown[key] === true;
    if (!isUnknown && JSON.stringify(before[key]) === JSON.stringify(after[key])) continue;
    const masked = isSensitive(beforeSensitive[key]) || isSensitive(afterSensitive[key]) || SECRET_NAME.test(key);
    out.push({
      resource: rc.address,
      attribute: key,
      before: masked ? '(sensitive)' : render(before[key]),
      after: isUnknown ? '(known after apply)' : masked ? '(sensitive)' : render(after[key]),
    });
  }
  return out;
}

/**
 * @param plan the engine's `show -json` of a saved plan
 * @param customerIds the client ids of the customer files being deployed
 */
export function summarizePlan(plan: any, customerIds: readonly string[]): PlanSummary {
  const groups = new Map<string, { resources: GroupChange['resources']; attributes: AttributeChange[] }>();
  const counts = { add: 0, change: 0, remove: 0 };
  for (const rc of plan.resource_changes ?? []) {
    if (rc.mode !== 'managed') continue;
    const action = actionOf(rc.change?.actions ?? []);
    if (!action) continue;
    if (action === 'add') counts.add++;
    else if (action === 'remove') counts.remove++;
    else if (action === 'change') counts.change++;
    else {
      counts.add++;
      counts.remove++;
    }
    const g = groupOf(rc);
    const entry = groups.get(g) ?? { resources: [], attributes: [] };
    entry.resources.push({ address: rc.address, action });
    if (action === 'change' || action === 'replace') entry.attributes.push(...attributeChanges(rc));
    groups.set(g, entry);
  }

  const customers = { added: [] as GroupChange[], changed: [] as GroupChange[], removed: [] as GroupChange[], unchanged: [] as string[] };
  const platform: GroupChange[] = [];
  for (const [g, entry] of [...groups.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const clientResource = entry.resources.find((r) => /keycloak_openid_client\.[^.]*_client_/.test(r.address));
    const isCustomer = g.startsWith('customer-');
    const name = isCustomer ? g.slice('customer-'.length) : g;
    const action: Action = clientResource?.action === 'add' || clientResource?.action === 'remove' ? clientResource.action : 'change';
    const change: GroupChange = { name, action, resources: entry.resources, attributes: entry.attributes };
    if (!isCustomer) platform.push(change);
    else if (action === 'add') customers.added.push(change);
    else if (action === 'remove') customers.removed.push(change);
    else customers.changed.push(change);
  }
  const touched = new Set([...groups.keys()].filter((g) => g.startsWith('customer-')).map((g) => g.slice('customer-'.length)));
  customers.unchanged = customerIds.filter((id) => !touched.has(id)).sort();
  return { customers, platform, counts };
}

/** One summary for several stacks of an environment (platform and customers). */
export function combine(summaries: readonly PlanSummary[]): PlanSummary {
  const customers = { added: [] as GroupChange[], changed: [] as GroupChange[], removed: [] as GroupChange[], unchanged: [] as string[] };
  const platform: GroupChange[] = [];
  const counts = { add: 0, change: 0, remove: 0 };
  for (const s of summaries) {
    customers.added.push(...s.customers.added);
    customers.changed.push(...s.customers.changed);
    customers.removed.push(...s.customers.removed);
    customers.unchanged.push(...s.customers.unchanged);
    platform.push(...s.platform);
    counts.add += s.counts.add;
    counts.change += s.counts.change;
    counts.remove += s.counts.remove;
  }
  return { customers, platform, counts };
}

export function hasChanges(s: PlanSummary): boolean {
  return s.counts.add + s.counts.change + s.counts.remove > 0;
}

/** One line for a terminal. */
export function oneLine(s: PlanSummary): string {
  const c = s.customers;
  return (
    `customers: ${c.added.length} added, ${c.changed.length} changed, ${c.removed.length} removed, ${c.unchanged.length} unchanged; ` +
    `resources: ${s.counts.add} to add, ${s.counts.change} to change, ${s.counts.remove} to remove`
  );
}

function escapeMd(text: string): string {
  return text.replace(/[|`<>]/g, (ch) => `\\${ch}`);
}

/** Markdown for a pull-request comment or a job summary. */
export function toMarkdown(s: PlanSummary, title: string): string {
  const lines = [`### ${escapeMd(title)}`, ''];
  if (!hasChanges(s)) {
    lines.push(`No changes. ${s.customers.unchanged.length} customer(s) already match Keycloak.`);
    return lines.join('\n') + '\n';
  }
  lines.push(oneLine(s), '');
  const c = s.customers;
  if (c.added.length) lines.push(`**Added** (${c.added.length}): ${c.added.map((g) => `\`${g.name}\``).join(', ')}`, '');
  if (c.removed.length) lines.push(`**Removed** (${c.removed.length}): ${c.removed.map((g) => `\`${g.name}\``).join(', ')} (their credentials stop working)`, '');
  const withAttributes = [...c.changed, ...s.platform];
  if (c.changed.length) lines.push(`**Changed** (${c.changed.length}): ${c.changed.map((g) => `\`${g.name}\``).join(', ')}`, '');
  if (s.platform.length) lines.push(`**Platform** (realm, API, audience scope): ${s.platform.map((g) => `\`${g.name}\``).join(', ')}`, '');
  for (const g of withAttributes) {
    lines.push(`<details><summary>${escapeMd(g.name)}: ${g.resources.length} resource(s)</summary>`, '');
    lines.push('| resource | action | attribute | before | after |', '|---|---|---|---|---|');
    for (const r of g.resources) {
      const attrs = g.attributes.filter((a) => a.resource === r.address);
      if (attrs.length === 0) lines.push(`| \`${r.address}\` | ${r.action} | | | |`);
      for (const a of attrs) lines.push(`| \`${r.address}\` | ${r.action} | ${a.attribute} | ${escapeMd(a.before)} | ${escapeMd(a.after)} |`);
    }
    lines.push('', '</details>', '');
  }
  if (c.unchanged.length) lines.push(`Unchanged: ${c.unchanged.length} customer(s).`);
  return lines.join('\n') + '\n';
}
