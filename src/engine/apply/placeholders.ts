// Live ids into planned calls: a plan names the resources it has not created yet as `${ref:Kind/name}`
// (and the resource itself as `${ref:self}`); at apply time, and when dry-running, they become ids.
import { InternalError } from '../../core/errors.js';
import { REF_PLACEHOLDER, type Operation } from '../plan.js';

/**
 * Replaces `${ref:Kind/name}` / `${ref:self}` in the path and body with live ids. A string that is
 * one whole placeholder becomes the id itself (a number stays a number). Pure; throws InternalError
 * naming the address whose id is not known yet.
 */
export function resolvePlaceholders(op: Operation, self: string, ids: ReadonlyMap<string, string | number>): Operation {
  const lookup = (address: string): string | number => {
    const id = ids.get(address === 'self' ? self : address);
    if (id === undefined) throw new InternalError(`the id of ${address === 'self' ? self : address} is not known yet`);
    return id;
  };
  const inString = (s: string): string | number => {
    const whole = /^\$\{ref:([^}]+)\}$/.exec(s);
    if (whole) return lookup(whole[1]!);
    return s.replace(REF_PLACEHOLDER, (_m, a: string) => String(lookup(a)));
  };
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return v.includes('${ref:') ? inString(v) : v;
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    }
    return v;
  };
  return { ...op, path: String(inString(op.path)), body: op.body === undefined ? undefined : walk(op.body) };
}
