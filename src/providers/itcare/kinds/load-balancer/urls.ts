// The `urls` list of a LoadBalancer (ITCARE-API §7.5): live `GET /{id}/urls` -> spec items named like
// the desired ones, and the add (POST), remove (DELETE) and update_monitoring (PATCH) calls, all async.
import { dict, type Dict } from '../../../../core/dict.js';
import { InternalError } from '../../../../core/errors.js';
import type { DesiredResource } from '../../../../engine/provider.js';
import type { Operation } from '../../../../engine/plan.js';
import type { Json } from '../../common/client.js';
import { addToPhase } from '../../common/phases.js';
import { canonicalUrl, lbOp, namedItems, type LbLookups, type LbPhased, type LbTarget } from './base.js';
import { put, toBool } from '../../common/normalize.js';

/**
 * The live URLs in spec shape, without the primary URL (metadata.name, managed through the LB's own
 * monitoring fields). A URL equal to a desired one (case, `http(s)://` ignored) takes the desired
 * spelling and only the fields that item manages; a live-only URL is `{name}` (it will be removed).
 * Also returns each key's live URL id and live monitoring.
 */
export function urlsOf(live: readonly Json[], desired: DesiredResource): { urls: Record<string, unknown>[] } & Pick<LbLookups, 'urlIds' | 'urlMonitoring'> {
  const wanted = new Map(namedItems(desired.spec.urls).map((u) => [canonicalUrl(u.name as string), u]));
  const primary = canonicalUrl(desired.name);
  const urls: Record<string, unknown>[] = [];
  const ids: LbLookups['urlIds'] = dict();
  const monitoring: LbLookups['urlMonitoring'] = dict();
  for (const l of live) {
    if (typeof l.name !== 'string' || canonicalUrl(l.name) === primary) continue;
    const d = wanted.get(canonicalUrl(l.name));
    const name = d ? (d.name as string) : l.name;
    const item: Record<string, unknown> = { name };
    if (d && d.monitoringEnabled !== undefined) put(item, 'monitoringEnabled', toBool(l.monitoringEnabled));
    if (d && d.onCallSupervision !== undefined) put(item, 'onCallSupervision', toBool(l.monitoringOnCallEnabled));
    urls.push(item);
    if (typeof l.id === 'number' || typeof l.id === 'string') ids[name] = l.id;
    const m: LbLookups['urlMonitoring'][string] = {};
    put(m, 'monitoringEnabled', toBool(l.monitoringEnabled));
    put(m, 'onCallSupervision', toBool(l.monitoringOnCallEnabled));
    monitoring[name] = m;
  }
  urls.sort((a, b) => ((a.name as string) < (b.name as string) ? -1 : 1));
  return { urls, urlIds: ids, urlMonitoring: monitoring };
}

/** `POST /{id}/urls` with the documented create fields the item sets (004:1971-2050). */
export function addUrlOp(t: LbTarget, url: Record<string, unknown>): Operation {
  const body: Record<string, unknown> = { name: url.name };
  for (const k of ['monitoringEnabled', 'onCallSupervision', 'setUpDNSEnabled', 'sslProfile'] as const) if (url[k] !== undefined) body[k] = url[k];
  return lbOp(t, 'POST', '/urls', body, { summary: `add url ${String(url.name)}`, async: true });
}

const onOff = (v: unknown) => (v === true ? 'on' : 'off');

/**
 * Operations for the URL keys a diff touches (`all`: every desired and live URL): add the missing,
 * delete the extra, and `update_monitoring {state, onCall}` (camelCase at URL level, 004:2499) where
 * a managed monitoring field differs; a field the spec leaves out is sent with its live value.
 */
export function urlOperations(
  t: LbTarget, desired: DesiredResource, live: readonly Record<string, unknown>[], lookups: LbLookups,
  keys: Set<string> | 'all', phased: LbPhased,
): void {
  const ids = lookups.urlIds;
  const want = new Map(namedItems(desired.spec.urls).map((u) => [u.name as string, u]));
  const have = new Map(live.map((u) => [u.name as string, u]));
  const all = keys === 'all' ? new Set([...want.keys(), ...have.keys()]) : keys;
  for (const key of [...all].sort()) {
    const d = want.get(key);
    const l = have.get(key);
    if (d && !l) addToPhase(phased, 'urls_add', addUrlOp(t, d));
    if (!d && l) addToPhase(phased, 'urls_delete', lbOp(t, 'DELETE', `/urls/${urlId(ids, key)}`, undefined, { summary: `remove url ${key}`, async: true }));
    if (!d || !l) continue;
    const changed = (['monitoringEnabled', 'onCallSupervision'] as const).some((f) => d[f] !== undefined && d[f] !== l[f]);
    if (!changed) continue;
    const was = lookups.urlMonitoring[key] ?? {};
    const state = d.monitoringEnabled ?? l.monitoringEnabled ?? was.monitoringEnabled;
    const onCall = d.onCallSupervision ?? l.onCallSupervision ?? was.onCallSupervision;
    const options: Record<string, unknown> = {};
    if (state !== undefined) options.state = state;
    if (onCall !== undefined) options.onCall = onCall;
    const parts = [state === undefined ? undefined : state === true ? 'enabled' : 'disabled', onCall === undefined ? undefined : `on-call ${onOff(onCall)}`];
    const summary = `update url ${key} monitoring: ${parts.filter(Boolean).join(', ')}`;
    const body = { operation: 'update_monitoring', options };
    addToPhase(phased, 'monitoring', lbOp(t, 'PATCH', `/urls/${urlId(ids, key)}`, body, { summary, async: true }));
  }
}

function urlId(ids: Dict<string | number>, key: string): string {
  const id = ids[key];
  if (id === undefined) throw new InternalError(`live URL ${key} has no id`);
  return encodeURIComponent(String(id));
}
