// The Cache Store's field rules from the SDK and the Terraform provider (digest §5): name and prefix
// patterns, backup and maintenance formats, role and volume enums, the password, time zone and tags
// checks.
import { arr, objectShape, str, type Issues, type Loc } from '../../common/validate.js';

export const NAME = { min: 3, max: 20, pattern: /^[a-zA-Z]*$/, patternText: '^[a-zA-Z]*$' };
export const PREFIX_CREATE = { min: 3, max: 13, pattern: /^[a-z][a-zA-Z0-9-]*$/, patternText: '^[a-z][a-zA-Z0-9\\-]*$' };
export const RETENTION = { pattern: /^([7-9]|[1-2]\d|3[0-5])$/, patternText: '^([7-9]|[1-2]\\d|3[0-5])$' };
export const HOUR = { pattern: /^(\d|1\d|2[0-3])$/, patternText: '^(\\d|1\\d|2[0-3])$' };
export const PERIOD = { pattern: /^(0\.5|[1-5]\.5|[1-9]|1[0-9]|2[0-4])$/, patternText: '^(0\\.5|[1-5]\\.5|[1-9]|1[0-9]|2[0-4])$' };
/** `starting_time` of maintenance_option: "HHMM" (TF example "0000"); the SDK gives no pattern [SIM]. */
export const HHMM = { pattern: /^([01]\d|2[0-3])[0-5]\d$/, patternText: 'HHMM (0000-2359)' };
/** Set Maintenance `start_time` ("HH") and `start_minute` ("MM") [SIM: two digits]. */
export const HH = { pattern: /^([01]\d|2[0-3])$/, patternText: 'HH (00-23)' };
export const MM = { pattern: /^[0-5]\d$/, patternText: 'MM (00-59)' };
export const DAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'] as const;
export const VOLUME_TYPES = ['SSD', 'SSD_KMS', 'HDD', 'HDD_KMS'] as const;
export const BLOCK_ROLES = ['OS', 'DATA', 'ARCHIVE', 'TEMP', 'BACKUP'] as const;
/** Redis subsets the Terraform provider enforces (digest §3.4 ⚠A8). */
export const GROUP_ROLES = ['MASTER', 'MASTER_REPLICA', 'SENTINEL'] as const;
export const INSTANCE_ROLES = ['MASTER', 'REPLICA', 'SENTINEL'] as const;

/** Password rule (digest §5.1, TF): 8-30 chars, >=1 letter, >=1 digit, >=1 special, none of " ' $. */
export function password(iss: Issues, loc: Loc, v: unknown): void {
  if (v === undefined) return;
  if (typeof v !== 'string') {
    iss.add(loc, 'Input should be a valid string', 'string_type');
    return;
  }
  // The message never repeats the value.
  if (v.length < 8 || v.length > 30) iss.add(loc, 'database_user_password must be 8 to 30 characters', 'string_pattern_mismatch');
  else if (!/[A-Za-z]/.test(v) || !/\d/.test(v) || !/[^A-Za-z0-9]/.test(v)) iss.add(loc, 'database_user_password needs at least one letter, one digit and one special character', 'string_pattern_mismatch');
  else if (/["'$]/.test(v)) iss.add(loc, 'database_user_password must not contain " \' or $', 'string_pattern_mismatch');
}

/** A time zone name the runtime knows (IANA, e.g. `Asia/Seoul`) [SIM]. */
export function timezone(iss: Issues, loc: Loc, v: unknown): string | undefined {
  const s = str(iss, loc, v, { min: 1 });
  if (typeof s !== 'string') return undefined;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: s });
    return s;
  } catch {
    iss.add(loc, `'${s}' is not a known time zone`, 'value_error');
    return undefined;
  }
}

/** `tags` of Create Cluster and Create Restore Cluster: `[{key (1..128), value (<= 256, nullable)}]`. */
export function createTags(iss: Issues, v: unknown): { key: string; value: string | null }[] | undefined {
  const list = arr(iss, ['body', 'tags'], v, { nullable: true });
  if (!list) return undefined;
  const out: { key: string; value: string | null }[] = [];
  list.forEach((t, i) => {
    const o = objectShape(iss, ['body', 'tags', i], t, ['key', 'value'], ['key']);
    if (!o) return;
    const k = str(iss, ['body', 'tags', i, 'key'], o.key, { min: 1, max: 128 });
    const val = str(iss, ['body', 'tags', i, 'value'], o.value, { max: 256, nullable: true });
    if (typeof k === 'string') out.push({ key: k, value: val ?? null });
  });
  return out;
}
