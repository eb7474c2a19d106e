// GlusterFS PATCH operations (`001:23480-23656`): start and stop (each with an optional
// `changeReference`), resize, add_volume, resize_volume, delete_volume, update_monitoring and
// update_patch_party. The volume list is computed at submission and replaced when the action completes.
import { fieldError } from '../../../reply.js';
import type { OpHandler, OpResult } from '../../common/kind.js';
import { commonOps } from '../../common/paas.js';
import { checkChangeReference, optionalString, requireInt, requireString } from '../../common/validate.js';
import { existingVolume, USER_PATTERN, userNameOf, VOLUME_SIZE, volumesOf, type VolumeRecord } from './volumes.js';

/** start and stop take `{"changeReference": "RFC_123"}` (`001:23503-23525`; the stop example sends `start`). */
function withChangeRef(op: OpHandler): OpHandler {
  return (ctx, r, o) => {
    checkChangeReference(o, 'options.changeReference');
    return op(ctx, r, o);
  };
}

function volumesEffect(volumes: VolumeRecord[], message: string): OpResult {
  return { message, effect: { type: 'merge', patch: { attrs: { volumes } } } };
}

/**
 * `{diskSize, userName, userPass}` (`001:23543-23559`). The new volume is named after its user, as
 * the examples do (added with `userName: "dda"`, then resized and deleted as `name: "dda"`); an
 * `options.name` may name it otherwise (same rule). A name already used is a 400. `userPass` is
 * required, of any form (the example `mySuperPassw0rd42` has no special character), never stored.
 */
const addVolume: OpHandler = (_ctx, r, o) => {
  const userName = userNameOf(o, 'options.');
  if (userName === undefined) throw fieldError('options.userName', "Error on field 'options.userName': is required");
  requireString(o, 'userPass', 'options.userPass');
  const diskSize = requireInt(o, 'diskSize', VOLUME_SIZE, 'options.diskSize');
  const name = optionalString(o, 'name', 'options.name') ?? userName;
  if (!USER_PATTERN.test(name)) throw fieldError('options.name', "Error on field 'options.name': must be 1 to 32 lowercase letters, digits, dashes or underscores");
  const volumes = volumesOf(r);
  if (volumes.some((v) => v.name === name)) throw fieldError('options.name', `Error on field 'options.name': ${r.name} already has a volume named ${name}`);
  return volumesEffect([...volumes, { name, userName, diskSize }], `Add volume ${name} to GlusterFS ${r.name}`);
};

/**
 * `{name, diskSize, userName}` (`001:23561-23577`): the named volume takes the new size. The docs
 * state no rule on the direction, so a smaller size is accepted too; `userName` is checked as a user
 * name and otherwise ignored (choice).
 */
const resizeVolume: OpHandler = (_ctx, r, o) => {
  const name = requireString(o, 'name', 'options.name');
  const diskSize = requireInt(o, 'diskSize', VOLUME_SIZE, 'options.diskSize');
  userNameOf(o, 'options.');
  existingVolume(r, name);
  return volumesEffect(volumesOf(r).map((v) => (v.name === name ? { ...v, diskSize } : v)), `Resize volume ${name} of GlusterFS ${r.name}`);
};

/** `{name}` (`001:23579-23594`): the named volume goes; its last volume may go too (the docs say nothing against it). */
const deleteVolume: OpHandler = (_ctx, r, o) => {
  const name = requireString(o, 'name', 'options.name');
  existingVolume(r, name);
  return volumesEffect(volumesOf(r).filter((v) => v.name !== name), `Delete volume ${name} of GlusterFS ${r.name}`);
};

export const glusterfsOps: Record<string, OpHandler> = {
  start: withChangeRef(commonOps.start!),
  stop: withChangeRef(commonOps.stop!),
  resize: commonOps.resize!,
  add_volume: addVolume,
  resize_volume: resizeVolume,
  delete_volume: deleteVolume,
  update_monitoring: commonOps.update_monitoring!,
  update_patch_party: commonOps.update_patch_party!,
};
