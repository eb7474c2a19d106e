// Machine-readable apply progress: NDJSON, one engine event per line (its stable snake_case
// `type` first), plus an ISO-8601 `timestamp`. Nothing else is written to stdout.
import type { EngineEvent } from '../../engine/events.js';
import type { Terminal } from '../terminal.js';
import { redactDeep } from '../../core/secret.js';

/** One event as one JSON line (with trailing newline). */
export function eventLine(e: EngineEvent, timestamp: string): string {
  const { type, ...fields } = e;
  return JSON.stringify(redactDeep({ type, ...fields, timestamp })) + '\n';
}

/** NDJSON event printer. `now` exists for tests (default Date.now). */
export function createJsonEvents(
  term: Terminal,
  opts: { now?: () => number } = {},
): { event(e: EngineEvent): void; close(): void } {
  const now = opts.now ?? Date.now;
  let closed = false;
  return {
    event(e) {
      if (!closed) term.out.write(eventLine(e, new Date(now()).toISOString()));
    },
    close() {
      closed = true;
    },
  };
}
