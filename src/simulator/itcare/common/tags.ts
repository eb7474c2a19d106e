// Tag routes (ITCARE-API §8, `001:7653-7820`, `001:22681-22704`, `001:16358-16381`): synchronous,
// on any resource id (and, inferred from the tag description, on a service id). The (tagKey, tagValue)
// pair is the unit: PUT replaces the set, POST adds one pair, DELETE removes one pair (204).
import { fieldError, empty, json, notFound, type RouteContext } from '../../reply.js';
import type { Router } from '../../router.js';
import type { Tag } from '../../state.js';
import { asObject, parseId } from './validate.js';

const BASE = '/itcare/compute/resources/:id/tags';

/**
 * Choice: tag writes are not blocked by an action in progress (no 409) — they are synchronous
 * metadata, not an ITCare operation on the resource.
 */
export function registerTags(router: Router): void {
  router.get(BASE, (ctx) => json(200, copy(target(ctx))));
  router.put(BASE, (ctx) => {
    const list = ctx.body;
    if (!Array.isArray(list)) throw fieldError('body', "Error on field 'body': an array of {tagKey, tagValue} is required");
    const tags = target(ctx);
    const next: Tag[] = [];
    list.forEach((item, i) => {
      const t = checkTag(item, `[${i}]`);
      if (!next.some((x) => same(x, t))) next.push(t);
    });
    tags.splice(0, tags.length, ...next);
    return json(200, copy(tags));
  });
  router.post(BASE, (ctx) => {
    const tags = target(ctx);
    const t = checkTag(ctx.body, '');
    if (!tags.some((x) => same(x, t))) tags.push(t);
    return json(200, copy(tags));
  });
  /** Removing a pair that is absent also answers 204 (choice: idempotent). */
  router.delete(BASE, (ctx) => {
    const tags = target(ctx);
    const t = checkTag(ctx.body, '');
    const i = tags.findIndex((x) => same(x, t));
    if (i >= 0) tags.splice(i, 1);
    return empty(204);
  });
  router.get('/itcare/compute/tag-keys', (ctx) => json(200, distinct(ctx, (t, q) => t.tagKey.includes(q))));
  // The parameter is named `key` although it matches values (`001:16358-16363`).
  router.get('/itcare/compute/tag-values', (ctx) => json(200, distinct(ctx, (t, q) => t.tagValue.includes(q))));
}

/** The live tag array of the resource (or service) `:id`, or 404. */
function target(ctx: RouteContext): Tag[] {
  const id = parseId(ctx.params.id);
  const owner = ctx.state.resources.find((r) => r.id === id) ?? ctx.state.services.find((s) => s.id === id);
  if (!owner) throw notFound();
  return owner.tags;
}

/** `tagKey` (non-empty) and `tagValue` are both Required strings (`001:7697-7701`). */
function checkTag(item: unknown, at: string): Tag {
  const o = asObject(item, at ? `body${at}` : 'body');
  const key = o.tagKey;
  const value = o.tagValue;
  if (typeof key !== 'string' || key.trim() === '') throw fieldError(`tagKey`, `Error on field '${at}tagKey': a non-empty string is required`);
  if (typeof value !== 'string') throw fieldError('tagValue', `Error on field '${at}tagValue': a string is required`);
  return { tagKey: key, tagValue: value };
}

function same(a: Tag, b: Tag): boolean {
  return a.tagKey === b.tagKey && a.tagValue === b.tagValue;
}

function copy(tags: Tag[]): Tag[] {
  return tags.map((t) => ({ tagKey: t.tagKey, tagValue: t.tagValue }));
}

function distinct(ctx: RouteContext, match: (t: Tag, q: string) => boolean): Tag[] {
  const q = ctx.query.get('key') ?? '';
  const out: Tag[] = [];
  for (const owner of [...ctx.state.services, ...ctx.state.resources]) {
    for (const t of owner.tags) if (match(t, q) && !out.some((x) => same(x, t))) out.push({ ...t });
  }
  return out.sort((a, b) => a.tagKey.localeCompare(b.tagKey) || a.tagValue.localeCompare(b.tagValue));
}
