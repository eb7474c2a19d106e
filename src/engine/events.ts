// Events the engine emits while refreshing and applying. Views render them; the engine never prints.
// `type` names are stable snake_case: the JSON event stream is a documented interface.

export type EngineEvent =
  | { type: 'refresh_start'; resources: number }
  | { type: 'refresh_complete'; resources: number; requests?: number }
  | { type: 'apply_start'; changes: number; operations: number }
  | { type: 'change_start'; address: string; action: string }
  | { type: 'operation_start'; address: string; index: number; summary: string; method: string; path: string }
  | { type: 'action_progress'; address: string; index: number; actionId: string; state: string; elapsedMs: number }
  | { type: 'operation_complete'; address: string; index: number; summary: string; elapsedMs: number }
  | { type: 'operation_errored'; address: string; index: number; summary: string; error: string; code: string }
  /** A create whose answer was lost and that a lookup by name did not find is sent again after `delayMs`. */
  | { type: 'operation_retry'; address: string; index: number; summary: string; attempt: number; delayMs: number; reason: string }
  | { type: 'change_complete'; address: string; action: string; id?: string | number }
  | { type: 'change_errored'; address: string; action: string; error: string }
  | { type: 'change_skipped'; address: string; reason: string }
  /** First interrupt: nothing new is sent; `running` is what is still awaited. */
  | { type: 'apply_interrupting'; signal: string; running: Array<{ address: string; summary: string; actionId?: string }> }
  | {
      type: 'apply_summary';
      succeeded: number;
      failed: number;
      skipped: number;
      operations: number;
      requests?: number;
      elapsedMs: number;
      /** A destroy run (the views say "Destroy complete"). */
      destroy?: boolean;
      /** Every failed change with its error (ITCare's message included), sorted by address. */
      failures?: Array<{ address: string; error: string }>;
      /** Set when the run was interrupted: what finished, what still runs on the server, what was not sent. */
      interrupted?: {
        signal: string;
        abandoned: boolean;
        succeeded: string[];
        running: Array<{ address: string; summary: string; actionId?: string }>;
        stopped: string[];
        notStarted: string[];
      };
    };

export type EventSink = (e: EngineEvent) => void;
