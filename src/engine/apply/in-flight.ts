// What one apply run has on the wire: the calls it sent and the actions it waits for, per change and
// operation, so that an interrupt can say what may still change on the server.

/** A call this run sent whose outcome is not known yet: its action id once the API answered. */
export interface RunningAction {
  address: string;
  summary: string;
  actionId?: string;
}

interface Entry {
  address: string;
  summary: string;
  actionIds: Set<string>;
}

/** The key of operation `index` of the change at `address`. */
export function operationKey(address: string, index: number): string {
  return `${address}#${index}`;
}

/** The key of the actions that were in progress on `address` before this run (it did not send them). */
export function pendingKey(address: string): string {
  return `${address}#pending`;
}

/**
 * The calls and actions of one run that have not ended, by key (`operationKey`, `pendingKey`). An
 * operation is listed from the moment it is sent until `end`; the actions waited for under a key are
 * listed while they are waited for, whatever the end of the wait.
 */
export class InFlight {
  readonly #entries = new Map<string, Entry>();

  /** The operation under `key` is about to be sent: listed as sent, no action id yet. */
  sent(key: string, address: string, summary: string): void {
    this.#entries.set(key, { address, summary, actionIds: new Set() });
  }

  /** Runs `wait` (the wait for action `id`), listing the action under `key` until it settles. */
  async track(key: string, address: string, summary: string, id: string, wait: () => Promise<unknown>): Promise<void> {
    const entry = this.#entries.get(key) ?? { address, summary, actionIds: new Set<string>() };
    this.#entries.set(key, entry);
    entry.actionIds.add(id);
    try {
      await wait();
    } finally {
      entry.actionIds.delete(id);
    }
  }

  /** The operation (or the pending actions) under `key` ended: no longer listed. */
  end(key: string): void {
    this.#entries.delete(key);
  }

  /**
   * What is still running, sorted by address then action id: one line per action waited for, one
   * line for a sent call with no action yet. Actions that were there before the run count only while
   * they are waited for: the run sent nothing for them.
   */
  running(): RunningAction[] {
    return [...this.#entries]
      .filter(([key, e]) => !(key.endsWith('#pending') && e.actionIds.size === 0))
      .map(([, e]) => e)
      .flatMap((e): RunningAction[] => (e.actionIds.size === 0
        ? [{ address: e.address, summary: e.summary }]
        : [...e.actionIds].map((actionId) => ({ address: e.address, summary: e.summary, actionId }))))
      .sort((a, b) => (a.address === b.address ? ((a.actionId ?? '') < (b.actionId ?? '') ? -1 : 1) : a.address < b.address ? -1 : 1));
  }
}
