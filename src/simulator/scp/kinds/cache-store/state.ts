// The SCP part of the simulator's saved state (`state.scp` in .caretaker/simulator.json): clusters
// with their sub-resources, the request registry and the catalogue. Plain JSON, no secret: the
// database password is validated at create and dropped, as the API never returns it (`003:1037-1044`).
import { type Catalogue, seedCatalogue } from './catalogue.js';

/** The SDK's `ServiceState` enum (digest §3.3); the seed shows only RUNNING (`003:302`). */
export const SERVICE_STATES = [
  'RUNNING', 'STOPPED', 'UNKNOWN', 'ERROR', 'FAILED', 'TERMINATED', 'CREATING', 'STOPPING', 'STARTING',
  'RESTARTING', 'EDITING', 'SYNCHRONIZING', 'UPGRADING', 'TERMINATING', 'MIGRATING',
] as const;
export type ServiceState = (typeof SERVICE_STATES)[number];

export interface BlockStorageGroup {
  id: string;
  name: string;
  role_type: string;
  size_gb: number;
  volume_type: string;
}

export interface Instance {
  name: string;
  role_type: string;
  service_state: ServiceState;
  service_ip_address: string | null;
  public_ip_id: string | null;
  public_ip_address: string | null;
  floating_ip_id: string | null;
}

export interface InstanceGroup {
  id: string;
  role_type: string;
  server_type_name: string;
  block_storage_groups: BlockStorageGroup[];
  instances: Instance[];
}

export interface BackupHistory {
  backup_history_number: string;
  backup_state: string;
  backup_state_detail: string | null;
  backup_start_at: string;
  backup_end_at: string;
  backup_size_gb: number;
  software_version: string;
}

export interface ClusterRecord {
  id: string;
  name: string;
  account_id: string;
  created_at: string;
  created_by: string;
  modified_at: string;
  modified_by: string;
  service_state: ServiceState;
  role_type: string;
  dbaas_engine_version_id: string;
  dbaas_engine: string;
  dbaas_engine_version_name: string;
  software_version: string;
  product_image_type: string;
  product_type: string;
  ha_enabled: boolean;
  nat_enabled: boolean;
  replica_count: number | null;
  instance_name_prefix: string;
  subnet_id: string;
  timezone: string;
  allowable_ip_addresses: string[];
  init_config_option: {
    backup_option: { retention_period_day: string | null; starting_time_hour: string | null };
    database_port: number;
    sentinel_port: number;
  };
  instance_groups: InstanceGroup[];
  maintenance_option: {
    period_hour: string | null;
    starting_day_of_week: string | null;
    starting_time: string | null;
    use_maintenance_option: boolean;
  };
  tags: { key: string; value: string | null }[];
  /** Parameter id -> applied value (absent = default_value). */
  parameters: Record<string, string>;
  /** Command id -> applied (renamed) value. */
  commands: Record<string, string>;
  commands_updated_at: string;
  parameters_modified_at: string;
  /** Backups taken (List Backup Histories, `003:239-252`). */
  backup_histories: BackupHistory[];
  /** State before the last failed edit (what Synchronize Cluster State restores). */
  state_before_error?: ServiceState;
  /** Epoch ms after which a TERMINATED cluster disappears (404). */
  purge_at?: number;
  /** The request IN_PROGRESS on this cluster: every other mutating call is a 400 meanwhile. */
  busy_request?: string;
}

export type RequestState = 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';

/** What a request does to its cluster when it completes; data only, so it survives a restart. */
export type RequestEffect =
  | { type: 'create' }
  | { type: 'terminate' }
  | { type: 'power'; to: 'RUNNING' | 'STOPPED' }
  | { type: 'restart' }
  | { type: 'sync-state' }
  | { type: 'merge'; patch: Record<string, unknown> }
  | { type: 'security-group-rules'; add: string[]; del: string[] }
  | { type: 'resize-instance-group'; instance_group_id: string; server_type_name: string }
  | { type: 'resize-block-storage'; block_storage_group_id: string; size_gb: number }
  | { type: 'parameters'; values: Record<string, string> }
  | { type: 'commands'; values: Record<string, string> }
  | { type: 'switchover'; switch_host_name: string }
  | { type: 'remove-backup-histories'; numbers: string[] }
  | { type: 'none' };

export interface RequestRecord {
  request_id: string;
  /** The cluster concerned (`resource.id` of the 202). */
  cluster_id: string;
  cluster_name: string;
  /** Matched by failActions: `create`, `terminate`, `start`, `stop`, `restart`, `set-backup`, … */
  operation: string;
  state: RequestState;
  submitted_at: string;
  due_at: number;
  completed_at: string | null;
  effect: RequestEffect;
  /** The cluster state before the request (where an edit returns to). */
  return_state: ServiceState;
  /** The cluster state after success; undefined = `return_state`. */
  success_state?: ServiceState;
  /** Set at submission when a failActions rule matched: the request ends FAILED with this message. */
  fail_with?: string;
  /** Cluster state after a failure (the digest's table, §3.3). */
  fail_state: ServiceState;
  /** With a state lag: when the cluster turns `during_state` (then both are removed). */
  begins_at?: number;
  during_state?: ServiceState;
}

export interface ScpState {
  formatVersion: 1;
  /** Counter behind every generated id (cluster, group, disk, request): ids are deterministic. */
  nextSeq: number;
  clusters: ClusterRecord[];
  requests: RequestRecord[];
  catalogue: Catalogue;
}

/** The account and user the demo access key belongs to (32-hex ids, `003:294`). */
export const SIM_ACCOUNT_ID = '5c0a0000000000000000000000000001';
export const SIM_USER_ID = '5c0b0000000000000000000000000001';

export function seedScpState(): ScpState {
  return { formatVersion: 1, nextSeq: 1, clusters: [], requests: [], catalogue: seedCatalogue() };
}

/** A new 32-hex id (`003:147`), deterministic: a kind nibble pattern + the counter. */
export function newHexId(s: ScpState, kind: 'cluster' | 'ig' | 'bsg'): string {
  const prefix = { cluster: 'c1', ig: 'a9', bsg: 'b5' }[kind];
  return `${prefix}${(s.nextSeq++).toString(16).padStart(30, '0')}`;
}

/** A new request id `req-` + a UUID v4 shape (`003:145`), deterministic from the counter. */
export function newRequestId(s: ScpState): string {
  const h = (s.nextSeq++).toString(16).padStart(20, '0');
  return `req-5c0e${h.slice(0, 4)}-${h.slice(4, 8)}-4${h.slice(8, 11)}-8${h.slice(11, 14)}-${h.slice(14, 20)}000000`;
}

/** ISO-8601 UTC to the second, as the seed shows (`2024-05-17T00:23:17Z`, `003:293`). */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A cluster that still answers (TERMINATED ones do until purged). */
export function findCluster(s: ScpState, id: string, now: number): ClusterRecord | undefined {
  const c = s.clusters.find((x) => x.id === id);
  if (!c || (c.purge_at !== undefined && c.purge_at <= now)) return undefined;
  return c;
}
