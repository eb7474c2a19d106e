// The ITCare simulator kinds, one line each: adding a kind is its folder under kinds/ and one line
// here (README "Adding a simulator kind"). The order is the order their routes are registered in.
import type { ItcareKind } from './common/kind.js';
import { glusterfs } from './kinds/glusterfs/index.js';
import { kafka } from './kinds/kafka/index.js';
import { kubernetesCluster } from './kinds/kubernetes-cluster/index.js';
import { loadBalancer } from './kinds/load-balancer/index.js';
import { mariadb } from './kinds/mariadb/index.js';
import { matomo } from './kinds/matomo/index.js';
import { opensearch } from './kinds/opensearch/index.js';
import { overdrive } from './kinds/overdrive/index.js';
import { postgresql } from './kinds/postgresql/index.js';
import { rabbitmq } from './kinds/rabbitmq/index.js';
import { redis } from './kinds/redis/index.js';
import { sqlserver } from './kinds/sqlserver/index.js';
import { virtualMachine } from './kinds/virtual-machine/index.js';

export const ITCARE_KINDS: readonly ItcareKind[] = [
  redis,
  postgresql,
  kubernetesCluster,
  loadBalancer,
  virtualMachine,
  mariadb,
  opensearch,
  sqlserver,
  rabbitmq,
  kafka,
  glusterfs,
  overdrive,
  matomo,
];
