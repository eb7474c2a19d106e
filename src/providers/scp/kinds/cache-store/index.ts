// The CacheStore kind: an SCP Cache Store (Redis) cluster (digest §5-§8, seed 003). Its descriptor:
// the handler (handler.ts over observe.ts, catalogue.ts, operations.ts) and when a tracked change shows
// (tracking.ts), its status and endpoints for `caretaker list` (observe.ts). No export: the SCP provider
// does not export; a Redis cluster holds data, so it is stateful all the same.
import type { ScpKind } from '../../common/kind.js';
import { createCacheStoreHandler } from './handler.js';
import { KIND, liveFacts } from './observe.js';
import { changeVisible } from './tracking.js';

export const cacheStore: ScpKind = {
  kind: KIND,
  handler: createCacheStoreHandler,
  changeVisible,
  stateful: true,
  liveFacts,
};
