// The concurrent-run guard: before apply's first write, the actions in progress in every scope the
// plan touches are read fresh from the API (provider.actionsInProgress). Those on a resource of the
// plan are classified with the run journal: started by an earlier run of this stack in this working
// directory that is no longer alive (a crashed or killed run) -> this run's own earlier work, waited
// for and re-planned; anything else (a run still alive, another directory, a person) -> refused,
// naming each action, unless `wait` is set, in which case they are waited for and the resources
// re-planned. The API decides what is running; the journal only says whose it is.
import { RefusedError } from '../../core/errors.js';
import type { Change, Plan } from '../plan.js';
import type { Provider, RunningAction } from '../provider.js';
import type { JournalRun, RunJournal } from './journal.js';

export interface GuardInput {
  plan: Plan;
  providers: ReadonlyMap<string, Provider>;
  /** Scopes (service ids) the plan's resources live in. */
  serviceIds: number[];
  journal?: RunJournal;
  /** `--wait`: wait for other runs' actions, then re-plan, instead of refusing. */
  wait: boolean;
}

export interface GuardedAction {
  action: RunningAction;
  address: string;
  /** The earlier run of this workspace that started it (own), or the live run that holds it. */
  run?: JournalRun;
}

export interface GuardResult {
  /** The plan with every action found on a change added to its `pendingActions`. */
  plan: Plan;
  own: GuardedAction[];
  foreign: GuardedAction[];
}

/** Reads the running actions and classifies them; throws RefusedError for foreign ones unless `wait`. */
export async function guardConcurrentRuns(input: GuardInput): Promise<GuardResult> {
  const work = input.plan.changes.filter((c) => c.action !== 'no-op');
  const own: GuardedAction[] = [];
  const foreign: GuardedAction[] = [];
  const extra = new Map<string, Set<string>>();
  const providerNames = [...new Set(work.map((c) => c.provider))].sort();
  for (const name of providerNames) {
    const provider = input.providers.get(name);
    if (!provider?.actionsInProgress || input.serviceIds.length === 0) continue;
    const running = await provider.actionsInProgress(input.serviceIds);
    for (const action of running) {
      const change = work.find((c) => c.provider === name && touches(c, action));
      if (!change) continue;
      const earlier = input.journal?.earlierRuns() ?? [];
      const starter = earlier.find((r) => startedBy(r, change, action));
      const entry: GuardedAction = { action, address: change.address, run: starter };
      if (starter && !input.journal!.isAlive(starter)) own.push(entry);
      else foreign.push(entry);
      const ids = extra.get(change.address) ?? new Set(change.pendingActions ?? []);
      ids.add(action.id);
      extra.set(change.address, ids);
    }
  }
  if (foreign.length > 0 && !input.wait) throw new RefusedError(refusal(foreign));
  const plan: Plan = {
    ...input.plan,
    changes: input.plan.changes.map((c) => (extra.has(c.address) ? { ...c, pendingActions: [...extra.get(c.address)!].sort() } : c)),
  };
  return { plan, own, foreign };
}

/** An action touches a change's resource when it names the resource's id, or (no id yet) its name. */
function touches(c: Change, a: RunningAction): boolean {
  if (c.id !== undefined && a.resourceId !== undefined) return String(c.id) === String(a.resourceId);
  return a.resourceName !== undefined && a.resourceName === c.name;
}

/** Whether an earlier run recorded this action, or a write on this resource (before sending it). */
function startedBy(r: JournalRun, c: Change, a: RunningAction): boolean {
  if (r.actions.includes(a.id)) return true;
  return r.writes.some((w) => w.address === c.address
    && (w.resourceId === undefined || a.resourceId === undefined || w.resourceId === String(a.resourceId)));
}

function refusal(foreign: GuardedAction[]): string {
  const lines = foreign.map(({ action, address, run }) => {
    const who = run ? `caretaker run ${run.runId.slice(0, 8)} (pid ${run.pid} on ${run.host}, started ${run.startedAt}), still running` : 'not started by a caretaker run of this directory';
    return `  - action ${action.id} on ${address}${action.description ? ` (${action.description})` : ''}: ${who}`;
  });
  const n = foreign.length;
  return [
    `another run is changing resources of this plan: ${n === 1 ? '1 action' : `${n} actions`} in progress that this run did not start:`,
    ...lines,
    'Nothing was changed. Wait for them and apply again, or re-run with --wait to wait for them and re-plan the resources they touch.',
  ].join('\n');
}
