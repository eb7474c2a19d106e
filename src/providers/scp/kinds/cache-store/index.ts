// The CacheStore kind: an SCP Cache Store (Redis) cluster (digest §5-§8, seed 003). Its descriptor:
// the handler (handler.ts over observe.ts, catalogue.ts, operations.ts) and when a tracked change shows
// (tracking.ts), its status and endpoints for `caretaker list` (observe.ts). Export reads the account's
// clusters (export.ts, through the handler's exportAccount); a Redis cluster holds data, so export
// protects it (stateful).
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
