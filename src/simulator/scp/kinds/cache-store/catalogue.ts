// Catalogue fixtures of the SCP simulator: engine versions (List Engine Versions, `003:396-443`),
// their properties (`003:357-395`), server types (`003:593-638`), parameter groups (`003:444-490`)
// and the parameter catalogue (`003:540-592`). The seed's examples are all `""`, so every value here
// is invented [SIM]; the names follow the Terraform provider's examples (`redis1v1m2`, `css1v1m2`).
// They are part of the saved state, so a test can add or change entries (`sim.scp.state.catalogue`).

export interface EngineVersion {
  id: string;
  name: string;
  major_version: string;
  software_version: string;
  os_type: string;
  os_version: string;
  product_image_type: string | null;
  end_of_service: boolean;
  /** Not in the response: the Show Cluster `dbaas_engine` of clusters on this version. */
  dbaas_engine: string;
}

export interface ServerType {
  name: string;
  description: string;
  cpu_core: number;
  memory_gb: number;
  product_image_type: string;
  product_type: string;
  purpose: string;
  type: string;
}

export interface ParameterGroup {
  id: string;
  name: string;
  major_version: string;
  product_image_type: string;
  product_type: string;
}

export interface ParameterDef {
  id: string;
  dbaas_parameter_group_id: string;
  name: string;
  description: string;
  default_value: string;
  /** `a|b|c` (one of), `N-M` (an integer range) or `` (any string). */
  allows_value: string;
  apply_type: string;
  data_type: string;
  is_modifiable: boolean;
  software_type: string | null;
}

export interface CommandDef {
  id: string;
  name: string;
  description: string | null;
  modifiable: boolean;
}

export interface Catalogue {
  engineVersions: EngineVersion[];
  engineProperties: Record<string, { name: string; value: string }[]>;
  serverTypes: ServerType[];
  parameterGroups: ParameterGroup[];
  parameters: ParameterDef[];
  commands: CommandDef[];
}

export const REDIS_IMAGE = 'Redis OSS Sentinel';
export const VALKEY_IMAGE = 'Valkey Sentinel';
/** The product-image enum of List Engine Versions, as the seed prints it (`003:409`). */
export const PRODUCT_IMAGE_TYPES = [
  'PostgreSQL Community', 'MariaDB Community', 'MySQL Community', 'EPAS', 'Microsoft SQL Server Enterprise',
  'Microsoft SQL Server Standard', REDIS_IMAGE, VALKEY_IMAGE, 'Kafka', 'Elasticsearch Enterprise', 'OpenSearch',
  'Vertica Enterprise', 'Vertica Community', 'Scalable DB MariaDB Community',
] as const;

function hexId(prefix: string, n: number): string {
  return (prefix + n.toString(16)).padEnd(32, '0').slice(0, 32);
}

function engine(n: number, engineName: 'Redis' | 'Valkey', version: string, eos: boolean): EngineVersion {
  const [maj, min] = version.split('.');
  return {
    id: hexId(`e${engineName === 'Redis' ? 'a' : 'b'}${n}`, 0),
    name: `${engineName} ${version}`,
    major_version: `${maj}.${min}`,
    software_version: version,
    os_type: 'RHEL',
    os_version: '8.10',
    product_image_type: engineName === 'Redis' ? REDIS_IMAGE : VALKEY_IMAGE,
    end_of_service: eos,
    dbaas_engine: engineName,
  };
}

function serverType(prefix: string, cpu: number, mem: number, image: string): ServerType {
  return {
    // SCP naming: family, generation 1, vCPUs, memory GB (`redis1v2m4` = 2 vCPU, 4 GB).
    name: `${prefix}1v${cpu}m${mem}`,
    description: `${cpu} vCPU, ${mem} GB memory`,
    cpu_core: cpu, memory_gb: mem, product_image_type: image, product_type: 'Redis', purpose: 'Standard', type: 'vm',
  };
}

const PG_REDIS = 'fa0000000000000000000000000000a1';
const PG_VALKEY = 'fa0000000000000000000000000000b1';

function params(group: string, software: string, base: number): ParameterDef[] {
  const p = (i: number, name: string, def: string, allows: string, dataType: string, apply: string, modifiable: boolean, description: string): ParameterDef => ({
    id: hexId(`f${base}`, 0x1000 + i), dbaas_parameter_group_id: group, name, description, default_value: def,
    allows_value: allows, apply_type: apply, data_type: dataType, is_modifiable: modifiable, software_type: software,
  });
  return [
    p(1, 'maxmemory-policy', 'noeviction', 'noeviction|allkeys-lru|allkeys-lfu|allkeys-random|volatile-lru|volatile-lfu|volatile-random|volatile-ttl', 'STRING', 'DYNAMIC', true, 'How keys are evicted when maxmemory is reached'),
    p(2, 'timeout', '0', '0-2147483647', 'INTEGER', 'DYNAMIC', true, 'Close a client connection after this many idle seconds (0: never)'),
    p(3, 'tcp-keepalive', '300', '0-2147483647', 'INTEGER', 'DYNAMIC', true, 'TCP keepalive period in seconds'),
    p(4, 'maxmemory-samples', '5', '1-64', 'INTEGER', 'DYNAMIC', true, 'Keys sampled by the eviction algorithms'),
    p(5, 'notify-keyspace-events', '', '', 'STRING', 'DYNAMIC', true, 'Keyspace events notified through Pub/Sub'),
    p(6, 'lazyfree-lazy-eviction', 'no', 'yes|no', 'STRING', 'DYNAMIC', true, 'Free memory asynchronously on eviction'),
    p(7, 'appendonly', 'yes', 'yes|no', 'STRING', 'STATIC', false, 'Append-only persistence (managed by the service)'),
  ];
}

/** A fresh catalogue (deep copy each time). */
export function seedCatalogue(): Catalogue {
  const engineVersions = [
    engine(1, 'Redis', '7.2.4', false),
    engine(2, 'Redis', '7.0.15', false),
    engine(3, 'Redis', '6.2.14', true),
    engine(1, 'Valkey', '8.0.1', false),
    engine(2, 'Valkey', '7.2.5', false),
  ];
  const serverTypes = [
    ...[[1, 2], [2, 4], [2, 8], [4, 16], [8, 32]].map(([c, m]) => serverType('redis', c!, m!, REDIS_IMAGE)),
    ...[[1, 2], [2, 4], [4, 16]].map(([c, m]) => serverType('css', c!, m!, VALKEY_IMAGE)),
  ];
  const engineProperties: Catalogue['engineProperties'] = {};
  for (const e of engineVersions) {
    engineProperties[e.id] = [
      { name: 'default_database_port', value: '6379' },
      { name: 'default_sentinel_port', value: '26379' },
      { name: 'software_version', value: e.software_version },
    ];
  }
  return {
    engineVersions, engineProperties, serverTypes,
    parameterGroups: [
      { id: PG_REDIS, name: 'redis-default', major_version: '7.2', product_image_type: REDIS_IMAGE, product_type: 'Redis' },
      { id: PG_VALKEY, name: 'valkey-default', major_version: '8.0', product_image_type: VALKEY_IMAGE, product_type: 'Redis' },
    ],
    parameters: [...params(PG_REDIS, 'REDIS', 1), ...params(PG_VALKEY, 'VALKEY', 2)],
    commands: [
      { id: 'c0000000000000000000000000000001', name: 'FLUSHALL', description: 'Remove all keys from all databases', modifiable: true },
      { id: 'c0000000000000000000000000000002', name: 'FLUSHDB', description: 'Remove all keys from the current database', modifiable: true },
      { id: 'c0000000000000000000000000000003', name: 'KEYS', description: 'Find all keys matching a pattern', modifiable: true },
      { id: 'c0000000000000000000000000000004', name: 'CONFIG', description: 'Server configuration (reserved by the service)', modifiable: false },
    ],
  };
}

/** The parameter group a cluster's parameters come from: the one of its product image. */
export function parameterGroupFor(cat: Catalogue, productImageType: string): ParameterGroup | undefined {
  return cat.parameterGroups.find((g) => g.product_image_type === productImageType);
}
