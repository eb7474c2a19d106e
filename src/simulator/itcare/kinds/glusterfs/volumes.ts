// GlusterFS volumes (`001:23543-23594`, `GET /{id}/volumes` `001:24066-24076`): the stored volume
// records, the user-name rule shared by the create and the volume operations, and the size range.
import { fieldError } from '../../../reply.js';
import type { ResourceRecord } from '../../../state.js';
import { optionalString, type Body } from '../../common/validate.js';

/** One volume: its name (the key of resize_volume and delete_volume), its user and its size in GB. */
export interface VolumeRecord {
  name: string;
  userName: string;
  diskSize: number;
}

/** `user_name` pattern `[a-z0-9_\-]{1,32}$` (`001:23440`), anchored; also the rule for a volume name. */
export const USER_PATTERN = /^[a-z0-9_-]{1,32}$/;

/**
 * A volume size in GB: the create's "at least 10 and maximum 1024" (`001:23337`), the only range the
 * docs state for a volume, applied to the volume operations too (choice).
 */
export const VOLUME_SIZE = { min: 10, max: 1024 };

export function volumesOf(r: ResourceRecord): VolumeRecord[] {
  return Array.isArray(r.attrs.volumes) ? (r.attrs.volumes as VolumeRecord[]) : [];
}

/**
 * The volume user, spelled `user_name` (the create schema, `001:23440`) or `userName` (the create's
 * prose and example, `001:23339`, `001:23350`, and the volume operations, `001:23556`): both are
 * accepted; given both, they must agree. `prefix` is `options.` for the PATCH operations.
 */
export function userNameOf(o: Body, prefix = ''): string | undefined {
  const snake = optionalString(o, 'user_name', `${prefix}user_name`);
  const camel = optionalString(o, 'userName', `${prefix}userName`);
  if (snake !== undefined && camel !== undefined && snake !== camel) {
    throw fieldError(`${prefix}user_name`, `Error on field '${prefix}user_name': user_name and userName differ (give one of them)`);
  }
  const value = snake ?? camel;
  const field = `${prefix}${snake !== undefined ? 'user_name' : 'userName'}`;
  if (value !== undefined && !USER_PATTERN.test(value)) {
    throw fieldError(field, `Error on field '${field}': must be 1 to 32 lowercase letters, digits, dashes or underscores`);
  }
  return value;
}

/** The volume named `options.name`, or a 400 naming it. */
export function existingVolume(r: ResourceRecord, name: string): VolumeRecord {
  const v = volumesOf(r).find((x) => x.name === name);
  if (!v) throw fieldError('options.name', `Error on field 'options.name': ${r.name} has no volume named ${name}`);
  return v;
}
