// Kafka's `overloadedParams`: the parameters set on the platform, as the GET returns them (one text,
// `001:18477`) and as `reconfigure` sets them (`{"options": {"param": "param"}}`, one key a call,
// `001:18607-18621`). The docs name no reconfigurable key, so caretaker refuses what it can tell is
// wrong: the keys the platform wires at create, and the removal of a key (no operation unsets one).
import { isObject } from '../../../../core/objects.js';

/** A parameter value as the manifest holds it: YAML scalars. */
export type ParamValue = string | number | boolean;

/**
 * Keys ITCare sets itself when it builds the platform from the create body (node identity, storage
 * paths, listeners, the quorum, security): a reconfigure of one would break the platform the create
 * made, and the docs' reconfigure names no such use. Names, then prefixes (ending with a dot).
 */
const PLATFORM_KEYS = [
  'broker.id', 'node.id', 'process.roles', 'log.dir', 'log.dirs', 'metadata.log.dir',
  'listeners', 'advertised.listeners', 'listener.security.protocol.map', 'inter.broker.listener.name',
  'controller.listener.names', 'controller.quorum.voters', 'controller.quorum.bootstrap.servers',
  'zookeeper.connect', 'security.inter.broker.protocol', 'authorizer.class.name', 'super.users',
];
const PLATFORM_PREFIXES = ['listener.name.', 'ssl.', 'sasl.', 'zookeeper.'];

/** Why `key` is refused at plan time, or undefined when caretaker can send it. */
export function refusedKey(key: string): string | undefined {
  if (PLATFORM_KEYS.includes(key) || PLATFORM_PREFIXES.some((p) => key.startsWith(p))) {
    return `overloadedParams.${key}: the platform sets ${key} when it is created (node identity, storage, listeners, quorum and security are ITCare's); reconfigure does not change it`;
  }
  return undefined;
}

/** The text a value is sent and compared as: the docs' sample sends a string (`"param": "param"`). */
export const paramText = (v: unknown): string => (typeof v === 'string' ? v : String(v));

/** `key=value` pairs separated by commas, semicolons or new lines (the properties form). */
function pairsOf(text: string): Array<[string, string]> {
  return text
    .split(/[\n,;]/)
    .map((s) => s.trim())
    .filter((s) => s !== '' && !s.startsWith('#'))
    .map((s): [string, string] => {
      const at = s.search(/[=:]/);
      return at < 0 ? [s, ''] : [s.slice(0, at).trim(), s.slice(at + 1).trim()];
    });
}

/**
 * The live parameters in spec shape, `{key: value}`, from the GET's `overloadedParams`, whose format the
 * docs do not give (typed "text", `001:18477`): a JSON object (as text or as is), else `key=value` pairs.
 * Empty or null: no parameter. A live value that equals the desired one as text reads as the desired
 * value (`168` ~ `"168"`, `true` ~ `"true"`), so that a YAML number or boolean plans no change.
 * Undefined when the GET has no such field.
 */
export function paramsOf(live: unknown, desired: unknown): Record<string, ParamValue> | undefined {
  if (live === undefined) return undefined;
  let entries: Array<[string, unknown]> = [];
  if (isObject(live)) entries = Object.entries(live);
  else if (typeof live === 'string' && live.trim() !== '') {
    const text = live.trim();
    let parsed: unknown;
    try {
      parsed = text.startsWith('{') ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    entries = isObject(parsed) ? Object.entries(parsed) : pairsOf(text);
  }
  const want = isObject(desired) ? new Map(Object.entries(desired)) : new Map<string, unknown>();
  const out: Array<[string, ParamValue]> = [];
  for (const [k, v] of entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (v === null || v === undefined || typeof v === 'object') continue;
    const text = paramText(v);
    const w = want.get(k);
    out.push([k, w !== undefined && (typeof w === 'string' || typeof w === 'number' || typeof w === 'boolean') && paramText(w) === text ? w : text]);
  }
  return Object.fromEntries(out);
}
