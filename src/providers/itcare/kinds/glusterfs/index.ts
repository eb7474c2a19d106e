// The GlusterFS kind (ITCARE-API §11, `001:23251-24300`): a PaaS kind with its own list and its own
// operations on volumes (add_volume, resize_volume, delete_volume). Its descriptor: the reader
// (observe.ts, volumes.ts), the operations (operations.ts) and what export writes (export.ts).
import type { ItcareKind } from '../../common/kind.js';
import { paasHandler } from '../../common/paas/handler.js';
import { GLUSTERFS_EXPORT } from './export.js';
import { GLUSTERFS } from './observe.js';
import { GLUSTERFS_OPERATIONS } from './operations.js';

export const glusterfs: ItcareKind = {
  kind: GLUSTERFS.kind,
  sign: GLUSTERFS.sign,
  minFarmMembers: GLUSTERFS.minFarmMembers,
  handler: (ctx) => paasHandler(ctx, GLUSTERFS, GLUSTERFS_OPERATIONS),
  export: GLUSTERFS_EXPORT,
  stateful: true,
  // The create's own volume is spec.diskSize: a volume call may have changed it too.
  history: { ADD_VOLUME: ['/volumes'], RESIZE_VOLUME: ['/volumes', '/diskSize'], DELETE_VOLUME: ['/volumes', '/diskSize'] },
};
