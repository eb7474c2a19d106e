// What `caretaker list` shows of an ITCare resource besides its identity (`KindHandler.liveFacts`):
// the default of every ITCare kind, read from the fields ITCare GETs share, so that no kind is named.
// A kind whose answers carry its endpoints elsewhere declares its own (`ItcareKind.liveFacts`).
import { own } from '../../../core/dict.js';
import type { LiveFacts, Observation } from '../../../engine/provider.js';
import { isObject } from '../../../core/objects.js';
import { toText } from './normalize.js';

/** Fields of ITCare GETs that name where a resource answers (not monitoring pages such as `metrologyUrl`). */
const ENDPOINT_FIELDS = ['url', 'ipAddress', 'virtualIp', 'vip', 'fqdn', 'apiUrl', 'apiServerUrl', 'rancherUrl', 'bootstrapServer', 'restEndpoint'];

/**
 * Status and endpoints of an ITCare observation, from what its reads returned (`raw`: the detail GET,
 * the list item, a `urls` list): the same fields for every kind. Pure: never a new request.
 */
export function itcareLiveFacts(o: Observation): LiveFacts {
  const raw = isObject(o.raw) ? o.raw : {};
  const parts = [raw.detail, raw.item, raw].filter(isObject);
  const status = parts.map((p) => toText(p.status)).find((v) => v !== undefined && v !== '');
  const endpoints: string[] = [];
  for (const p of parts) for (const k of ENDPOINT_FIELDS) {
    const v = toText(own(p, k));
    if (v) endpoints.push(v);
  }
  if (Array.isArray(raw.urls)) for (const u of raw.urls.filter(isObject)) {
    const v = toText(u.url ?? u.name);
    if (v) endpoints.push(v);
  }
  return { ...(status ? { status } : {}), endpoints: [...new Set(endpoints)] };
}
