// `drift --unmanaged`: the live resources of the stack's services, of every kind caretaker manages,
// that carry no `caretaker-stack` tag, the share of the estate under management, and the
// `caretaker export` command lines that would adopt them. Read through the handlers' `inventory`
// (service-wide lists shared with refresh), never one call per resource.
import { withContext } from '../core/errors.js';
import type { ManifestSet } from '../manifest/types.js';
import type { UnmanagedResource, UnmanagedSummary } from './drift.js';
import type { LiveResource, Provider, ReadScope } from './provider.js';

export interface UnmanagedOptions {
  providers: ReadonlyMap<string, Provider>;
  /** Whether the kind's resources are owned (x-owned): governance kinds (tags, policies) are not resources to adopt. */
  owned(kind: string): boolean;
  /** The refresh's ReadScope, so that its lists are not read twice. */
  reads?: ReadScope;
  /** Folder name the adopt commands write to, per service (default `adopt-<serviceId>`). */
  outDir?: (serviceId: number) => string;
}

/** A word for a POSIX shell: left bare when safe, else single-quoted. */
export function shellWord(s: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The scoped services: every `spec.serviceId` of the manifests (refresh's scope). */
function servicesOf(set: Pick<ManifestSet, 'resources'>): number[] {
  return [...new Set(set.resources.map((r) => Number(r.spec.serviceId)).filter((n) => Number.isInteger(n)))].sort((a, b) => a - b);
}

/** The export command that would write manifests adopting `items` (one service). */
export function adoptCommand(stack: string, serviceId: number, items: readonly UnmanagedResource[], outDir: string): string {
  const kinds = [...new Set(items.map((i) => i.kind))].sort();
  const names = [...new Set(items.map((i) => i.name))].sort();
  return ['caretaker export --service', String(serviceId), '--kind', ...kinds.map(shellWord), '--name', ...names.map(shellWord),
    '--adopt --stack', shellWord(stack), '-o', shellWord(outDir)].join(' ');
}

/** Reads every owned kind's inventory in the stack's services and sorts the resources by their tag. */
export async function unmanagedOf(set: Pick<ManifestSet, 'resources' | 'stack'>, opts: UnmanagedOptions): Promise<UnmanagedSummary> {
  const scope = { serviceIds: servicesOf(set) };
  const lists: LiveResource[][] = [];
  const notListed: string[] = [];
  const reads: Array<Promise<void>> = [];
  for (const [name, provider] of [...opts.providers].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    for (const kind of provider.kinds().sort()) {
      if (!opts.owned(kind)) continue;
      const handler = provider.handler(kind);
      if (!handler?.inventory) {
        notListed.push(kind);
        continue;
      }
      const i = lists.push([]) - 1;
      reads.push(handler.inventory(scope, opts.reads).then((l) => void (lists[i] = l), (err) => {
        throw withContext(err, `cannot list the ${kind} resources of services ${scope.serviceIds.join(', ')} (provider ${name})`);
      }));
    }
  }
  await Promise.all(reads);
  const all = lists.flat();
  const stack = set.stack.name;
  const resources: UnmanagedResource[] = all.filter((r) => r.owner === undefined)
    .map((r) => ({ kind: r.kind, name: r.name, id: r.id, ...(r.serviceId === undefined ? {} : { serviceId: r.serviceId }) }))
    .sort((a, b) => (`${a.kind}/${a.name}/${String(a.serviceId)}` < `${b.kind}/${b.name}/${String(b.serviceId)}` ? -1 : 1));
  const thisStack = all.filter((r) => r.owner === stack).length;
  const otherStacks = all.filter((r) => r.owner !== undefined && r.owner !== stack).length;
  const bySid = new Map<number, UnmanagedResource[]>();
  for (const r of resources) if (r.serviceId !== undefined) bySid.set(r.serviceId, [...bySid.get(r.serviceId) ?? [], r]);
  const outDir = opts.outDir ?? ((sid: number) => `adopt-${sid}`);
  const adopt = [...bySid].sort((a, b) => a[0] - b[0]).map(([sid, items]) => adoptCommand(stack, sid, items, outDir(sid)));
  return {
    total: all.length, thisStack, otherStacks,
    managedShare: all.length === 0 ? 1 : (thisStack + otherStacks) / all.length,
    resources, adopt, notListed: notListed.sort(),
  };
}
