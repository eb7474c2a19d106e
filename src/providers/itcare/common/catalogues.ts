// Live catalogues (issue 13 item 11): at plan time, the spec's values are checked against what ITCare
// lists, with the valid values in the message; `caretaker validate` keeps the schema's offline lists.
// Every read is advisory: a 404, a 5xx after the HTTP layer's retries, a transport failure or an
// answer of an unexpected shape gives a plan note ("checked offline only") and never fails the plan.
// Each catalogue is read at most once per run (per HttpClient), and only when a create or a change of
// the field needs it. Which field is checked against which catalogue is each kind's own
// (`ItcareKind.catalogue`, kinds/<kind>/catalogue.ts); this file reads and applies them.
import { own } from '../../../core/dict.js';
import { ApiError, NetworkError, RefusedError, TimeoutError } from '../../../core/errors.js';
import { createMemo, type Memo } from '../../../core/memo.js';
import type { HttpClient } from '../../../http/types.js';
import type { DesiredResource, KindHandler, Observation } from '../../../engine/provider.js';
import type { CatalogueCheck, CatalogueFindings, ItcareContext } from './kind.js';
import { isObject } from '../../../core/objects.js';
import { toText } from './normalize.js';

/** Values a catalogue lists, or why it could not be read. */
export type Catalogue = { ok: true; values: string[] } | { ok: false; why: string };

/** The catalogues read so far, per HttpClient (one run). */
const CACHES = new WeakMap<HttpClient, Memo>();

/** Reads one catalogue once per run; `extract` returns undefined for an answer of unexpected shape. */
export function readCatalogue(
  http: HttpClient, path: string, query: Record<string, string> | undefined, extract: (body: unknown) => string[] | undefined,
): Promise<Catalogue> {
  let memo = CACHES.get(http);
  if (!memo) CACHES.set(http, (memo = createMemo()));
  const shown = query ? `${path}?${new URLSearchParams(query).toString()}` : path;
  return memo.once(`${path}?${new URLSearchParams(query).toString()}`, async (): Promise<Catalogue> => {
    try {
      const res = await http.request({ method: 'GET', path, query });
      const values = extract(res.body);
      return values && values.length > 0 ? { ok: true, values: [...new Set(values)] } : { ok: false, why: `GET ${shown} answered no readable value` };
    } catch (err) {
      if (err instanceof ApiError || err instanceof NetworkError || err instanceof TimeoutError) return { ok: false, why: `GET ${shown} failed (${err.message})` };
      throw err;
    }
  });
}

/** A catalogue answered as a list of strings or numbers. */
export const texts = (body: unknown): string[] | undefined =>
  Array.isArray(body) && body.every((v) => typeof v === 'string' || typeof v === 'number') ? body.map(String) : undefined;
/** A catalogue answered as a list of objects: the values of the first of `keys` each has. */
export const namesOf = (...keys: string[]) => (body: unknown): string[] | undefined => {
  if (!Array.isArray(body)) return undefined;
  const out = body.filter(isObject).flatMap((o) => keys.map((k) => toText(own(o, k))).filter((v): v is string => v !== undefined && v !== ''));
  return out.length > 0 ? out : undefined;
};

/** A plan note for a catalogue that could not be read. */
export function offlineNote(field: string, why: string): string {
  return `live catalogue for spec.${field} not read: ${why}; checked against the schema's offline list only`;
}

/** `spec.<field> X is not in …; valid values: a, b`. */
export function notListed(field: string, value: string, source: string, values: readonly string[]): string {
  return `spec.${field} ${value} is not in the values ITCare lists (${source}); valid values: ${[...values].sort().join(', ')}`;
}

const REFUSALS = 'catalogueRefusals';

async function withChecks(ctx: ItcareContext, check: CatalogueCheck, d: DesiredResource, obs: Observation): Promise<Observation> {
  const out: CatalogueFindings = { notes: [], refusals: [] };
  await check(ctx, d, obs, out);
  if (out.notes.length === 0 && out.refusals.length === 0) return obs;
  return {
    ...obs,
    ...(out.notes.length > 0 ? { notes: [...(obs.notes ?? []), ...out.notes] } : {}),
    ...(out.refusals.length > 0 ? { lookups: { ...obs.lookups, [REFUSALS]: out.refusals } } : {}),
  };
}

function refuseListed(d: DesiredResource, obs: Observation | undefined): void {
  const r = obs?.lookups?.[REFUSALS];
  if (Array.isArray(r) && r.length > 0) throw new RefusedError(r.join('; '), d.address);
}

/**
 * The handler with live-catalogue checks: observe reads the catalogues a create or a change needs;
 * the builders refuse a value the catalogue does not list (the planner gathers every refusal).
 */
export function withCatalogues(ctx: ItcareContext, h: KindHandler, check: CatalogueCheck): KindHandler {
  const wrapped: KindHandler = {
    ...h,
    observe: async (d) => withChecks(ctx, check, d, await h.observe(d)),
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
        return [a, d ? await withChecks(ctx, check, d, o) : o] as const;
      }));
      return new Map(entries);
    };
  }
  return wrapped;
}
