// Durations of the wait flags (--action-timeout, --request-timeout) and their environment variables:
// `500ms`, `30s`, `10m`, `1h`, or a bare number of seconds.
import { own } from '../core/dict.js';
import { ConfigError } from '../core/errors.js';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Milliseconds of `text`; ConfigError naming `what` when it is not a positive duration. */
export function parseDuration(text: string, what: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/i.exec(text);
  const ms = m ? Math.round(Number(m[1]) * own(UNITS, (m[2] ?? 's').toLowerCase())!) : NaN;
  if (!Number.isFinite(ms) || ms <= 0) {
    throw new ConfigError(`${what} must be a positive duration such as 90s, 10m or 1h (got ${JSON.stringify(text)})`);
  }
  return ms;
}

/**
 * The flag's value, else the environment variable's, else undefined (the default applies).
 * The flag wins, as for --endpoint over ITCARE_ENDPOINT.
 */
export function durationSetting(
  flag: string | undefined, flagName: string, env: Record<string, string | undefined>, envName: string,
): number | undefined {
  if (flag !== undefined) return parseDuration(flag, flagName);
  const v = own(env, envName);
  if (v === undefined || v === '') return undefined;
  return parseDuration(v, envName);
}
