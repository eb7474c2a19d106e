// `drift --notify URL` (or CARETAKER_NOTIFY_URL): one POST of the Slack-compatible message through the
// HTTP layer. The URL is a secret: registered with the scrubber, never printed, not even in errors,
// which name the outcome only. One attempt (a 429 is waited for) within a fixed budget; a redirect
// is not followed; a failure is a warning for the caller, never a change of the exit code.
import { ApiError, ConfigError, TimeoutError } from '../core/errors.js';
import { registerSecret, scrubText } from '../core/secret.js';
import { createHttpClient, isLoopbackHost } from '../http/index.js';

/** The whole notification, answer included, must fit in this budget. */
export const NOTIFY_BUDGET_MS = 10_000;

/** Checks the webhook URL before any network call and registers every form of it as a secret. */
export function notifyTarget(raw: string): URL {
  registerSecret(raw);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('--notify / CARETAKER_NOTIFY_URL is not an absolute URL (the value is a secret and is not shown)');
  }
  for (const part of [url.href, url.pathname + url.search, url.pathname, url.search.slice(1)]) registerSecret(part);
  if (url.username || url.password) throw new ConfigError('--notify / CARETAKER_NOTIFY_URL must not carry credentials in the URL');
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    throw new ConfigError('--notify / CARETAKER_NOTIFY_URL must be an https:// URL (http:// only on a loopback address)');
  }
  return url;
}

/** Why the notification failed, in words that never contain the URL. */
function failure(err: unknown, budgetMs: number): string {
  if (err instanceof ApiError) {
    if (err.status >= 300 && err.status < 400) return `the webhook answered ${err.status}, a redirect: caretaker does not follow redirects (give the final URL)`;
    const said = err.apiMessage ? `: ${scrubText(err.apiMessage).slice(0, 120)}` : '';
    return `the webhook answered ${err.status}${said}`;
  }
  if (err instanceof TimeoutError || (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError'))) {
    return `no answer from the webhook within ${budgetMs % 1000 === 0 ? `${budgetMs / 1000} s` : `${budgetMs} ms`}`;
  }
  const code = (err as { cause?: { code?: string } })?.cause?.code ?? (err as { code?: string })?.code;
  return `cannot reach the webhook${code ? ` (${code})` : ''}`;
}

/**
 * POSTs `message` as JSON to `url`. Resolves with undefined when the webhook accepted it (2xx), else
 * with the reason it was not sent (never the URL).
 */
export async function sendNotification(url: URL, message: unknown, opts: { budgetMs?: number; dispatcher?: unknown } = {}): Promise<string | undefined> {
  const budgetMs = opts.budgetMs ?? NOTIFY_BUDGET_MS;
  const http = createHttpClient({
    baseUrl: url.origin, timeoutMs: budgetMs, retry: { maxRetries: 0, maxDelayMs: 1000 }, dispatcher: opts.dispatcher,
  });
  try {
    await http.request({
      method: 'POST', path: url.pathname, query: Object.fromEntries(url.searchParams), body: message,
      contentType: 'application/json', idempotent: false, signal: AbortSignal.timeout(budgetMs),
    });
    return undefined;
  } catch (err) {
    return failure(err, budgetMs);
  } finally {
    await http.close();
  }
}
