// The SQL Server response shape: `GET /itcare/databases/sqlserver/{id}` (`001:13446-13640`), also the
// items of its paged list (`001:12894-13140`): ResourceBase plus the farm's placement, sizing, topology
// and Always On options.
import type { ResourceRecord, SimulatorState } from '../../../state.js';
import { networkView, resourceBase, sizingParts } from '../../common/views.js';

export function sqlserverView(state: SimulatorState, r: ResourceRecord): Record<string, unknown> {
  const a = r.attrs;
  const { cpu, ram } = sizingParts(r.sizing);
  const area = String(a.area ?? '');
  const region = String(a.region ?? '');
  const az = typeof a.az === 'string' ? a.az : `${area}-A`;
  const net = state.networks.find((n) => n.id === a.networkId);
  const alwaysOn = a.alwaysOn === true;
  // Added to the fresh base object: spreading it into a new literal is slow (V8).
  return Object.assign(resourceBase(state, r), {
    agOptions: {
      agListener: listenerOf(r), agListenerIp: String(a.agListenerIp ?? ''),
      agName: alwaysOn ? `${r.name}ag` : '', agWitness: alwaysOn ? String(a.witness ?? '') : '',
    },
    allowMonitoringDisplay: true,
    area: { availabilityZones: [], defaultArea: false, id: area, location: area, regulation: 'STANDARD' },
    availabilityZone: { availabilityZoneGroup: area, datacenterId: '', defaultZone: false, id: az, location: az, routable: true },
    cpu,
    network: net ? networkView(net) : null,
    nodeCount: r.nodeCount,
    ram,
    region: { areas: [], dataCenter: '', id: region, location: region },
    sizing: r.sizing,
    topology: r.topology,
    version: r.version,
  });
}

/** The Always On listener of a farm (`agOptions.agListener`), matched by `HEAD …?property=AG_LISTENER`. */
export function listenerOf(r: ResourceRecord): string {
  return r.attrs.alwaysOn === true ? String(r.attrs.listenerName ?? `${r.name}lsnr01`) : '';
}
