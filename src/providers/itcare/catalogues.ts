// Live catalogues (issue 13 item 11): at plan time, the spec's values are checked against what ITCare
// lists, with the valid values in the message; `caretaker validate` keeps the schema's offline lists.
// Every read is advisory: a 404, a 5xx after the HTTP layer's retries, a transport failure or an
// answer of an unexpected shape gives a plan note ("checked offline only") and never fails the plan.
// Each catalogue is read at most once per run (per HttpClient), and only when a create or a change of
// the field needs it.
//
// | kind / field                     | catalogue (raw doc)                                                        | when |
// | -------------------------------- | -------------------------------------------------------------------------- | ---- |
// | PostgreSQL `postgreVersion`      | `GET /itcare/databases/postgresql/{id}/versions` → `integer[]` (`001:16305-16328`) | live farm, version differs |
// | PostgreSQL `extensions` names    | `GET /itcare/databases/postgresql/{id}/extensions` → `[{name, version…}]` (`001:15982-16012`) | live farm, an extension not installed yet |
// | KubernetesCluster `ingressProvider` | `GET /itcare/compute/containers/kubernetes/ingress-providers` → `string[]` (`001:18140-18160`) | create, or the field differs |
// | KubernetesCluster `version`      | `GET /itcare/compute/platform/products?type=KUBERNETES` → `productVersion` (`001:4336-4400`, `001:17771`) | upgrade (kubernetes-cluster.ts) |
// | LoadBalancer `profileName`       | `GET /itcare/networking/loadbalancers/protocols` → `[{name, protocol…}]` (`004:1001-1033`) | create |
// | Redis `redisVersion`             | none documented (no upgrade either, `001:1091-1101`): offline only | — |
import { ApiError, NetworkError, RefusedError, TimeoutError } from '../../core/errors.js';
import type { HttpClient } from '../../http/types.js';
import type { DesiredResource, KindHandler, Observation } from '../../engine/provider.js';
import { isObject } from './client.js';
import { compareVersions, toText } from './normalize.js';

/** Values a catalogue lists, or why it could not be read. */
export type Catalogue = { ok: true; values: string[] } | { ok: false; why: string };

const CACHES = new WeakMap<HttpClient, Map<string, Promise<Catalogue>>>();

/** Reads one catalogue once per run; `extract` returns undefined for an answer of unexpected shape. */
export function readCatalogue(
  http: HttpClient, path: string, query: Record<string, string> | undefined, extract: (body: unknown) => string[] | undefined,
): Promise<Catalogue> {
  let cache = CACHES.get(http);
  if (!cache) CACHES.set(http, (cache = new Map()));
  const key = `${path}?${new URLSearchParams(query).toString()}`;
  let p = cache.get(key);
  if (!p) {
    const shown = query ? `${path}?${new URLSearchParams(query).toString()}` : path;
    p = (async (): Promise<Catalogue> => {
      try {
        const res = await http.request({ method: 'GET', path, query });
        const values = extract(res.body);
        return values && values.length > 0 ? { ok: true, values: [...new Set(values)] } : { ok: false, why: `GET ${shown} answered no readable value` };
      } catch (err) {
        if (err instanceof ApiError || err instanceof NetworkError || err instanceof TimeoutError) return { ok: false, why: `GET ${shown} failed (${err.message})` };
        throw err;
      }
    })();
    cache.set(key, p);
  }
  return p;
}

const texts = (body: unknown): string[] | undefined =>
  Array.isArray(body) && body.every((v) => typeof v === 'string' || typeof v === 'number') ? body.map(String) : undefined;
const namesOf = (...keys: string[]) => (body: unknown): string[] | undefined => {
  if (!Array.isArray(body)) return undefined;
  const out = body.filter(isObject).flatMap((o) => keys.map((k) => toText(o[k])).filter((v): v is string => v !== undefined && v !== ''));
  return out.length > 0 ? out : undefined;
};

/** A plan note for a catalogue that could not be read. */
function offlineNote(field: string, why: string): string {
  return `live catalogue for spec.${field} not read: ${why}; checked against the schema's offline list only`;
}

interface Check {
  notes: string[];
  /** Each refusal with the spec field it is about (its file:line:col is printed). */
  refusals: Array<{ field: string; text: string }>;
}

/** `spec.<field> X is not in …; valid values: a, b`. */
function notListed(field: string, value: string, source: string, values: readonly string[]): string {
  return `spec.${field} ${value} is not in the values ITCare lists (${source}); valid values: ${[...values].sort().join(', ')}`;
}

async function checkPostgresql(http: HttpClient, d: DesiredResource, obs: Observation, out: Check): Promise<void> {
  if (!obs.exists || obs.id === undefined) return;
  const base = `/itcare/databases/postgresql/${encodeURIComponent(String(obs.id))}`;
  const want = toText(d.spec.postgreVersion);
  const live = toText(obs.spec.postgreVersion);
  // Only an upgrade is checked against the catalogue: a lower version is refused as the downgrade it is
  // (postgresql-operations.ts), not as a value ITCare does not list.
  if (want !== undefined && live !== undefined && want !== live && compareVersions(want, live) > 0) {
    const c = await readCatalogue(http, `${base}/versions`, undefined, texts);
    if (!c.ok) out.notes.push(offlineNote('postgreVersion', c.why));
    // The catalogue lists the versions available to this farm; its own version may be left out.
    else if (!c.values.includes(want)) out.refusals.push({ field: '/postgreVersion', text: notListed('postgreVersion', want, `GET ${base}/versions`, c.values) });
  }
  if (!isObject(d.spec.extensions)) return;
  const liveExt = isObject(obs.spec.extensions) ? obs.spec.extensions : {};
  const adding = Object.entries(d.spec.extensions).flatMap(([db, names]) => {
    const have = new Set(Array.isArray(liveExt[db]) ? (liveExt[db] as unknown[]).map(String) : []);
    return Array.isArray(names) ? names.map(String).filter((n) => !have.has(n)) : [];
  });
  if (adding.length === 0) return;
  const c = await readCatalogue(http, `${base}/extensions`, undefined, namesOf('name'));
  if (!c.ok) {
    out.notes.push(offlineNote('extensions', c.why));
    return;
  }
  const missing = [...new Set(adding.filter((n) => !c.values.includes(n)))];
  if (missing.length > 0) out.refusals.push({ field: '/extensions', text: `spec.extensions ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not in the extensions ITCare lists for this farm (GET ${base}/extensions); valid values: ${[...c.values].sort().join(', ')}` });
}

async function checkKubernetes(http: HttpClient, d: DesiredResource, obs: Observation, out: Check): Promise<void> {
  const want = toText(d.spec.ingressProvider);
  if (want === undefined) return;
  if (obs.exists && toText(obs.spec.ingressProvider)?.toUpperCase() === want.toUpperCase()) return;
  const path = '/itcare/compute/containers/kubernetes/ingress-providers';
  const c = await readCatalogue(http, path, undefined, texts);
  if (!c.ok) out.notes.push(offlineNote('ingressProvider', c.why));
  else if (!c.values.some((v) => v.toUpperCase() === want.toUpperCase())) out.refusals.push({ field: '/ingressProvider', text: notListed('ingressProvider', want, `GET ${path}`, c.values) });
}

async function checkLoadBalancer(http: HttpClient, d: DesiredResource, obs: Observation, out: Check): Promise<void> {
  const want = toText(d.spec.profileName);
  if (obs.exists || want === undefined) return;
  const path = '/itcare/networking/loadbalancers/protocols';
  const c = await readCatalogue(http, path, undefined, namesOf('name', 'protocol'));
  if (!c.ok) out.notes.push(offlineNote('profileName', c.why));
  else if (!c.values.some((v) => v.toUpperCase() === want.toUpperCase())) out.refusals.push({ field: '/profileName', text: notListed('profileName', want, `GET ${path}`, c.values) });
}

const CHECKS: Record<string, (http: HttpClient, d: DesiredResource, obs: Observation, out: Check) => Promise<void>> = {
  PostgreSQL: checkPostgresql,
  KubernetesCluster: checkKubernetes,
  LoadBalancer: checkLoadBalancer,
};

const REFUSALS = 'catalogueRefusals';

async function withChecks(http: HttpClient, d: DesiredResource, obs: Observation): Promise<Observation> {
  const check = CHECKS[d.kind];
  if (!check) return obs;
  const out: Check = { notes: [], refusals: [] };
  await check(http, d, obs, out);
  if (out.notes.length === 0 && out.refusals.length === 0) return obs;
  return {
    ...obs,
    ...(out.notes.length > 0 ? { notes: [...(obs.notes ?? []), ...out.notes] } : {}),
    ...(out.refusals.length > 0 ? { lookups: { ...obs.lookups, [REFUSALS]: out.refusals } } : {}),
  };
}

function refuseListed(d: DesiredResource, obs: Observation | undefined): void {
  const r = obs?.lookups?.[REFUSALS] as Check['refusals'] | undefined;
  if (Array.isArray(r) && r.length > 0) throw new RefusedError(r.map((x) => x.text).join('; '), d.address, r[0]!.field);
}

/**
 * The handler with live-catalogue checks: observe reads the catalogues a create or a change needs;
 * the builders refuse a value the catalogue does not list (the planner gathers every refusal).
 */
export function withCatalogues(http: HttpClient, h: KindHandler): KindHandler {
  if (!CHECKS[h.kind]) return h;
  const wrapped: KindHandler = {
    ...h,
    observe: async (d) => withChecks(http, d, await h.observe(d)),
    createOperations: (d, ctx, observed) => {
      refuseListed(d, observed);
      return h.createOperations(d, ctx, observed);
    },
    updateOperations: (d, observed, diff, ctx) => {
      refuseListed(d, observed);
      return h.updateOperations(d, observed, diff, ctx);
    },
  };
  if (h.observeAll) {
    const all = h.observeAll.bind(h);
    wrapped.observeAll = async (desired, reads) => {
      const found = await all(desired, reads);
      const byAddress = new Map(desired.map((d) => [d.address, d]));
      const entries = await Promise.all([...found].map(async ([a, o]) => {
        const d = byAddress.get(a);
        return [a, d ? await withChecks(http, d, o) : o] as const;
      }));
      return new Map(entries);
    };
  }
  return wrapped;
}
