// The `Tags` governance kind (ITCARE-API §8): the tag set of one resource the manifests do not
// otherwise manage. It never owns anything: listOwned is empty and there is no delete operation.
// Its descriptor: the reads (observe.ts), the tag calls (operations.ts) and export on request (export.ts).
import type { ItcareKind } from '../../common/kind.js';
import { TAGS_EXPORT } from './export.js';
import { observeAllTags, observeTags } from './observe.js';
import { tagsCreate, tagsUpdate } from './operations.js';

export const tags: ItcareKind = {
  kind: 'Tags',
  // No sign: a Tags document is not a live resource that a list could show.
  handler: (ctx) => ({
    kind: 'Tags',
    observe: (desired) => observeTags(ctx, desired),
    observeAll: (desired) => observeAllTags(ctx, desired),
    listOwned: async () => [],
    createOperations: tagsCreate,
    updateOperations: tagsUpdate,
    // Governance kinds are never pruned or destroyed (the planner leaves x-owned: false kinds alone).
    deleteOperations: () => [],
  }),
  export: TAGS_EXPORT,
};
