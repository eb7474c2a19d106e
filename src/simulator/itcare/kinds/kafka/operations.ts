// Apache Kafka's own PATCH operation (`001:18607-18622`): `reconfigure` "update[s] the Apache Kafka
// instance params", with the parameters as `options` (`{"param": "param"}`); the GET shows them as
// `overloadedParams`.
import { fieldError } from '../../../reply.js';
import type { OpHandler } from '../../common/kind.js';

/**
 * Every key of `options` is a Kafka parameter and its value the new value: at least one key; a
 * value is a non-empty string, or a number or boolean (stored as its string, as a properties file
 * holds it). No key is refused: the docs name none (README "Choices"). The parameters merge into
 * those already overloaded.
 */
function reconfigure(_ctx: Parameters<OpHandler>[0], _r: Parameters<OpHandler>[1], o: Parameters<OpHandler>[2]): ReturnType<OpHandler> {
  const entries = Object.entries(o);
  if (entries.length === 0) throw fieldError('options', "Error on field 'options': at least one parameter is required, e.g. {\"log.retention.hours\": \"72\"}");
  const params: Record<string, string> = {};
  for (const [key, value] of entries) {
    const path = `options.${key}`;
    if (key.trim() === '') throw fieldError('options', "Error on field 'options': a parameter name must not be empty");
    const ok = (typeof value === 'string' && value !== '') || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
    if (!ok) throw fieldError(path, `Error on field '${path}': must be a non-empty string, a number or a boolean`);
    params[key] = String(value);
  }
  return { effect: { type: 'merge', patch: { attrs: { overloadedParams: params } } } };
}

export const kafkaOps: Record<string, OpHandler> = { reconfigure };
