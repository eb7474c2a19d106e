// The request log of a running simulator (`sim.requests`, `GET /__sim/requests`): one entry per
// request, method, path, query and outcome only, so no body or credential can leak into it.

/** One line of the request log: no body, no header, so no credential can leak into it. */
export interface RequestLogEntry {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Status sent (or that would have been sent, for a dropped response); 0 for a reset. */
  status: number;
  /** ISO time of arrival. */
  at: string;
  /** The request carried `ITCare-DryRun: true` on a write: validated and answered, nothing changed. */
  dryRun?: boolean;
  /** Set when a fault decided the outcome: `reset`, `dropped`, `429`, `5xx`, `random-5xx`, `rejected`, `throttled` (above maxInFlight). */
  fault?: string;
}
