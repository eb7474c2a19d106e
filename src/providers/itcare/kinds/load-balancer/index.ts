// The LoadBalancer kind (ITCARE-API §7): identified by its primary URL, with URLs, pool members, bot
// defense, monitoring and state. Its descriptor: the reads (observe.ts), the builders (operations.ts
// over base.ts, members.ts, urls.ts, bot.ts), the protocol catalogue (catalogue.ts) and export (export.ts).
import type { ItcareKind } from '../../common/kind.js';
import { checkLoadBalancer } from './catalogue.js';
import { LOAD_BALANCER_EXPORT } from './export.js';
import { KIND, lbInventory, listOwnedLoadBalancers, observeAllLoadBalancers, observeLoadBalancer } from './observe.js';
import { createOperations, deleteOperations, updateOperations } from './operations.js';

export const loadBalancer: ItcareKind = {
  kind: KIND,
  // The generic list shows a load balancer by this path, else by its technology (`LOAD_BALANCER`).
  sign: { path: '/networking/loadbalancers', word: /load.?balancer/i },
  // Its available actions are listed by `GET /itcare/operations`, which also takes URL and member ids (`001:6352-6396`).
  operationsPath: '/itcare/operations',
  handler: ({ http }) => ({
    kind: KIND,
    observe: (desired) => observeLoadBalancer(http, desired),
    observeAll: (desired, reads) => observeAllLoadBalancers(http, desired, reads),
    listOwned: (stack, scope, reads) => listOwnedLoadBalancers(http, stack, scope, reads),
    inventory: (scope, reads) => lbInventory(http, scope, reads),
    createOperations,
    updateOperations,
    deleteOperations,
  }),
  catalogue: checkLoadBalancer,
  export: LOAD_BALANCER_EXPORT,
  // Its PATCH operations, the URL actions and the pool-member calls.
  history: {
    ACTIVATE_BOT: ['/botDefense'], UPDATE_BOT: ['/botDefense'], DELETE_BOT: ['/botDefense'], EDIT_BOT_WHITELIST: ['/botDefense'], DELETE_BOT_WHITELIST: ['/botDefense'],
    CREATE_URL: ['/urls'], DELETE_URL: ['/urls'], UPDATE_URL_MONITORING: ['/urls'],
    ADD_MEMBER: ['/members'], REMOVE_MEMBER: ['/members'], POST_MEMBERS: ['/members'], DELETE_MEMBERS: ['/members'], PATCH_MEMBERS: ['/members'],
  },
};
