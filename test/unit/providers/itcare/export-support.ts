// What the export tests of every kind share: the kind's export through the real ITCare provider
// against the simulator (its reads and the rules the engine applies), after the manifests are applied.
import type { ExportRules, ExportedResource } from '../../../../src/engine/provider.js';
import type { SimLibrary } from '../../../support/sim-library.js';

/** The kind's export of a service: the resources it reads and its rules. */
export async function exportOf(lib: SimLibrary, kind: string, serviceId = 46922): Promise<{ rules: ExportRules; resources: ExportedResource[] }> {
  const h = lib.providers.get('itcare')!.handler(kind)!;
  return { rules: h.exportRules ?? {}, resources: await h.exportAll!(serviceId) };
}

/** The note of a write-only field read from another live field. */
export const writeOnly = (how: string) => `write-only: not compared after create; ${how}`;
