// Public surface of the HTTP layer: the client factory, token sources, and the pure helpers
// other layers may reuse (retry policy, loopback check, ITCare error-body parsing).
export type * from './types.js';
export { createHttpClient } from './client.js';
export { staticToken, clientCredentials, type ClientCredentialsOptions } from './oauth2.js';
export { paginate, DEFAULT_PAGE_SIZE, MAX_PAGES, type PageRequest } from './paginate.js';
export {
  DEFAULT_RETRY,
  RETRYABLE_STATUSES,
  RETRYABLE_ERROR_CODES,
  backoffDelay,
  decideRetry,
  isIdempotent,
  parseRetryAfter,
  resolveRetryOptions,
  type Jitter,
  type RetryContext,
  type RetryDecision,
} from './retry.js';
export { apiError, extractApiMessage, transportError, type ApiMessage } from './errors.js';
export { isLoopbackHost, parseSafeUrl, buildQuery } from './url.js';
