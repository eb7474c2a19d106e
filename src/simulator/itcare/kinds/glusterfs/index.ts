// The GlusterFS kind (ITCARE-API §11, prose `001:23251-23701`, samples `001:23770-24300`): a two-node
// storage cluster with named volumes, its own paged list and the service sub-list
// `/compute/services/{id}/storage`; its create answers 201 Created, its DELETE takes no body.
import type { ItcareKind } from '../../common/kind.js';
import { glusterfsOps } from './operations.js';
import { glusterfsRoutes } from './routes.js';
import { glusterfsView } from './views.js';

export const glusterfs: ItcareKind = {
  kind: 'glusterfs',
  label: 'GlusterFS',
  resource: { category: 'STORAGE', type: 'GLUSTERFS', family: 'GLUSTERFS', technology: 'GLUSTERFS', path: '/storage/glusterfs' },
  operations: glusterfsOps,
  deletion: { body: false },
  lists: [],
  view: glusterfsView,
  routes: glusterfsRoutes,
};
