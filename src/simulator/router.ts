// A tiny method + path router for the simulator. Route files register handlers with `:param`
// segments; a literal segment always wins over a parameter at the same position (ITCARE-API §12.1:
// `/kubernetes/ingress-providers` before `/kubernetes/{id}`), so registration order does not matter;
// registering the same method and path twice is a bug (two kinds claiming one route) and throws.
import { InternalError } from '../core/errors.js';
import type { Reply, RouteContext } from './reply.js';

/** A route handler: reads the context, mutates `ctx.state` synchronously, returns the answer. */
export type Handler<C = RouteContext> = (ctx: C) => Reply;

interface Route<C> {
  method: string;
  segments: string[];
  handler: Handler<C>;
}

/** The result of a lookup: a handler with its path parameters, or the methods the path accepts. */
export type RouteMatch<C = RouteContext> =
  | { kind: 'found'; handler: Handler<C>; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allow: string[] }
  | { kind: 'not-found' };

/** Generic over the handler context so the SCP routes (`scp/`) can use their own context. */
export class Router<C = RouteContext> {
  /** Routes by number of segments: a path can only match a pattern of its own length. */
  readonly #routes = new Map<number, Route<C>[]>();
  /** `METHOD /a/:/b` of every route, parameter names dropped: two patterns of one shape match the same paths. */
  readonly #shapes = new Set<string>();

  /** Registers `handler` for `method` and a pattern such as `/itcare/databases/redis/:id/nodes`; throws on a duplicate. */
  add(method: string, pattern: string, handler: Handler<C>): this {
    const segments = split(pattern);
    const shape = `${method.toUpperCase()} /${segments.map((s) => (s.startsWith(':') ? ':' : s)).join('/')}`;
    if (this.#shapes.has(shape)) throw new InternalError(`simulator route ${method.toUpperCase()} ${pattern} is registered twice`);
    this.#shapes.add(shape);
    const same = this.#routes.get(segments.length) ?? [];
    same.push({ method: method.toUpperCase(), segments, handler });
    this.#routes.set(segments.length, same);
    return this;
  }

  get(pattern: string, h: Handler<C>): this { return this.add('GET', pattern, h); }
  post(pattern: string, h: Handler<C>): this { return this.add('POST', pattern, h); }
  put(pattern: string, h: Handler<C>): this { return this.add('PUT', pattern, h); }
  patch(pattern: string, h: Handler<C>): this { return this.add('PATCH', pattern, h); }
  delete(pattern: string, h: Handler<C>): this { return this.add('DELETE', pattern, h); }
  head(pattern: string, h: Handler<C>): this { return this.add('HEAD', pattern, h); }

  /** Finds the most specific route for `path` (no query string). */
  match(method: string, path: string): RouteMatch<C> {
    const segs = split(path);
    let best: { route: Route<C>; params: Record<string, string>; score: string } | undefined;
    const allow = new Set<string>();
    for (const route of this.#routes.get(segs.length) ?? []) {
      const params = matchSegments(route.segments, segs);
      if (!params) continue;
      allow.add(route.method);
      if (route.method !== method.toUpperCase()) continue;
      // Score: one digit per segment, literal '1' beats parameter '0' at the first difference.
      const score = route.segments.map((s) => (s.startsWith(':') ? '0' : '1')).join('');
      if (!best || score > best.score) best = { route, params, score };
    }
    if (best) return { kind: 'found', handler: best.route.handler, params: best.params };
    if (allow.size > 0) return { kind: 'method-not-allowed', allow: [...allow].sort() };
    return { kind: 'not-found' };
  }
}

function split(path: string): string[] {
  return path.split('/').filter((s) => s.length > 0);
}

function matchSegments(pattern: string[], segs: string[]): Record<string, string> | undefined {
  if (pattern.length !== segs.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i]!;
    const s = segs[i]!;
    if (p.startsWith(':')) {
      try {
        params[p.slice(1)] = decodeURIComponent(s);
      } catch {
        return undefined;
      }
    } else if (p !== s) {
      return undefined;
    }
  }
  return params;
}
