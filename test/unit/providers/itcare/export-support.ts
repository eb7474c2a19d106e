// What the export tests of every kind share: the kind's export through the real ITCare provider
// against the simulator (its reads and the rules the engine applies), after the manifests are applied.
import type { ExportRules, ExportedResource } from '../../../../src/engine/provider.js';
import { folderFiles, type SimLibrary } from '../../../support/sim-library.js';

/** The kind's export of a service: the resources it reads and its rules. */
export async function exportOf(lib: SimLibrary, kind: string, serviceId = 46922): Promise<{ rules: ExportRules; resources: ExportedResource[] }> {
  const h = lib.providers.get('itcare')!.handler(kind)!;
  return { rules: h.exportRules ?? {}, resources: await h.exportAll!(serviceId) };
}

/** The note of a write-only field read from another live field. */
export const writeOnly = (how: string) => `write-only: not compared after create; ${how}`;

/** The Stack and the documents of `kinds` (file stems) from examples/estate, for `planFiles`. */
export function estateFiles(...stems: string[]): Record<string, string> {
  const all = folderFiles('examples/estate');
  return Object.fromEntries(['stack', ...stems].map((s) => [`${s}.yaml`, all[`${s}.yaml`]!]));
}

/** The passwords examples/estate reads. */
export const ESTATE_ENV = {
  ESTATE_RABBITMQ_PASSWORD: 'Estate#Mq-2026', ESTATE_KAFKA_PASSWORD: 'Estate#Kafka-26', ESTATE_GLUSTERFS_PASSWORD: 'Estate#Files-26',
  ESTATE_GLUSTERFS_REPORTS_PASSWORD: 'Reports#Vol-2026', ESTATE_OVERDRIVE_PASSWORD: 'Estate#Drive-26', ESTATE_MATOMO_PASSWORD: 'Estate#Stats-26',
};
