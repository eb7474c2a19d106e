// Creating a SQL Server farm: `POST /itcare/databases/sqlserver` (`001:13141-13460`), "a SQL Server 2022
// platform", standalone or Always On: name, customerPassword, placement, collation, edition, sizing and
// the five (or six) disks of `volumes`, with the product page's rules (`001:2532-2561`, `001:24651-24725`).
import { fieldError, type Reply, type RouteContext } from '../../../reply.js';
import { allocateResourceId } from '../../../state.js';
import type { ItcareKind } from '../../common/kind.js';
import { checkPlacement, checkUniqueName, createResource, monitoringAtCreate, newRecord } from '../../common/paas.js';
import {
  asObject, checkPaasName, checkSizing, optionalBool, optionalInt, optionalString, requireString, type Body,
} from '../../common/validate.js';
import type { NodeRecord } from '../../common/views.js';

/**
 * "At least one lowercase, one uppercase, one digit, one special character, minimum length must be 8"
 * (`001:13151`); no pattern is given, so a special character is anything but a letter or a digit, and
 * there is no maximum (choice). The example `P@ssw0rd` passes.
 */
const CUSTOMER_PASSWORD = /^(?=.*[0-9])(?=.*[a-z])(?=.*[A-Z])(?=.*[^A-Za-z0-9]).{8,}$/;

/** Editions (`001:13156`): Standard and Enterprise. */
const EDITIONS = ['STD', 'ENT'] as const;

/** "CPU (par instance) 2 - 16 vCPU", "RAM (par instance) 8 - 384 Go" (`001:2551-2561`). */
export const SQL_SIZING = { cpu: { min: 2, max: 16 }, ram: { min: 8, max: 384 } } as const;

/**
 * The disks (`001:13150`): "Initially, 5 disks are allocated and you can create one more". disk0 "C:
 * System" 1..70 GB; disk1..disk4 (D: root instance, E: user databases, F: user log, G: TempDB) 10..4096 GB.
 * The sixth disk is `disk5`, 10..4096 GB (choice: its id and range are not documented).
 */
const DISKS: Readonly<Record<string, { min: number; max: number; required: boolean }>> = {
  disk0: { min: 1, max: 70, required: true },
  disk1: { min: 10, max: 4096, required: true },
  disk2: { min: 10, max: 4096, required: true },
  disk3: { min: 10, max: 4096, required: true },
  disk4: { min: 10, max: 4096, required: true },
  disk5: { min: 10, max: 4096, required: false },
};

/** `readableSecondary` "example: YES, NO, READ_ONLY" (`001:13326`). */
const READABLE_SECONDARY = ['YES', 'NO', 'READ_ONLY'];

export interface SqlVolume {
  id: string;
  sizeGb: number;
}

/** A sizing within the product page's range (create and resize). */
export function checkSqlSizing(value: string, path: string): void {
  const { cpu, ram } = checkSizing(value, path);
  if (cpu < SQL_SIZING.cpu.min || cpu > SQL_SIZING.cpu.max || ram < SQL_SIZING.ram.min || ram > SQL_SIZING.ram.max) {
    throw fieldError(path, `Error on field '${path}': SQL Server takes ${SQL_SIZING.cpu.min} to ${SQL_SIZING.cpu.max} vCPU and ${SQL_SIZING.ram.min} to ${SQL_SIZING.ram.max} GB of RAM`);
  }
}

export function createSqlserver(ctx: RouteContext, self: ItcareKind): Reply {
  const body = asObject(ctx.body);
  const name = checkPaasName(body);
  checkCustomerPassword(body);
  const area = requireString(body, 'area');
  const region = optionalString(body, 'region') ?? area.split('-')[0]!;
  const { service, network } = checkPlacement(ctx, body);
  const az = optionalString(body, 'az') ?? `${area}-A`;
  const collation = requireString(body, 'collation');
  const edition = checkEdition(body);
  const sizing = requireString(body, 'nodeSizing');
  checkSqlSizing(sizing, 'nodeSizing');
  const volumes = checkVolumes(body);
  const alwaysOn = optionalBool(body, 'alwaysOn') ?? false;
  if (alwaysOn && edition !== 'ENT') {
    throw fieldError('edition', "Error on field 'edition': an Always On cluster is only available in the Enterprise edition (ENT)");
  }
  const nodeCount = alwaysOn ? 3 : 1;
  const askedCount = optionalInt(body, 'nodeCount');
  if (askedCount !== undefined && askedCount !== nodeCount) {
    throw fieldError('nodeCount', `Error on field 'nodeCount': ${alwaysOn ? 'an Always On cluster has 3 nodes' : 'a standalone server has 1 node'}`);
  }
  const options = checkOptions(body);
  const monitoring = monitoringAtCreate(body, service);
  checkUniqueName(ctx, service.id, name);

  const id = allocateResourceId(ctx.state);
  const prefix = (options.prefix ?? name).toUpperCase().slice(0, 13);
  // Always On: two active nodes on one site and the passive one on the secondary site (`001:24659-24675`).
  const nodes: NodeRecord[] = Array.from({ length: nodeCount }, (_, i) => ({
    id: allocateResourceId(ctx.state), name: `${prefix}${String(i + 1).padStart(2, '0')}`, az: alwaysOn ? `${area}-${'ABC'[i]}` : az,
  }));
  const r = newRecord(ctx, self, {
    id, name, serviceId: service.id, version: `2022 ${edition === 'ENT' ? 'EE' : 'SE'}`, sizing, topology: alwaysOn ? 'AlwaysOn' : 'Standalone',
    nodeCount, monitoring,
    attrs: {
      region, area, az, networkId: network.id, edition, collation, volumes, diskSize: volumes.reduce((s, v) => s + v.sizeGb, 0),
      alwaysOn, ...options, nodes, agListenerIp: alwaysOn ? `${network.cidr.split('.').slice(0, 3).join('.')}.${200 + (id % 50)}` : '',
      backupEnabled: optionalBool(body, 'backupEnabled') ?? service.environment === 'PRODUCTION',
    },
  });
  return createResource(ctx, r, self.label);
}

/** Checks the customer password; the value is never echoed and never stored. */
function checkCustomerPassword(body: Body): void {
  const v = body.customerPassword;
  if (v === undefined || v === null || v === '') throw fieldError('customerPassword', "Error on field 'customerPassword': is required");
  if (typeof v !== 'string' || !CUSTOMER_PASSWORD.test(v)) {
    throw fieldError('customerPassword', "Error on field 'customerPassword': the password must be at least 8 characters with at least one lowercase, one uppercase, one digit and one special character");
  }
}

/** `STD` or `ENT` ("whether it's \"STD\" or \"ENT\"", `001:13156`), any case, stored in upper case. */
function checkEdition(body: Body): (typeof EDITIONS)[number] {
  const raw = requireString(body, 'edition').toUpperCase();
  const edition = EDITIONS.find((e) => e === raw);
  if (!edition) throw fieldError('edition', "Error on field 'edition': must be STD or ENT");
  return edition;
}

/** `volumes[]`: disk0..disk4 once each, disk5 at most once, each within its range. */
function checkVolumes(body: Body): SqlVolume[] {
  const raw = body.volumes;
  if (!Array.isArray(raw) || raw.length === 0) {
    throw fieldError('volumes', "Error on field 'volumes': the disks disk0 to disk4 are required, as [{id, sizeGb}]");
  }
  const seen = new Map<string, SqlVolume>();
  raw.forEach((item, i) => {
    const at = `volumes[${i}]`;
    const v = asObject(item, at);
    const id = requireString(v, 'id', `${at}.id`);
    const rule = Object.hasOwn(DISKS, id) ? DISKS[id] : undefined;
    if (!rule) throw fieldError(`${at}.id`, `Error on field '${at}.id': must be one of ${Object.keys(DISKS).join(', ')}`);
    if (seen.has(id)) throw fieldError(`${at}.id`, `Error on field '${at}.id': disk ${id} is given twice`);
    const sizeGb = optionalInt(v, 'sizeGb', rule, `${at}.sizeGb`);
    if (sizeGb === undefined) throw fieldError(`${at}.sizeGb`, `Error on field '${at}.sizeGb': is required`);
    seen.set(id, { id, sizeGb });
  });
  const missing = Object.keys(DISKS).filter((id) => DISKS[id]!.required && !seen.has(id));
  if (missing.length > 0) throw fieldError('volumes', `Error on field 'volumes': missing ${missing.join(', ')}`);
  return Object.keys(DISKS).flatMap((id) => (seen.has(id) ? [seen.get(id)!] : []));
}

/**
 * The optional fields, stored as given (`001:13160-13175`, `001:13211-13365`). `asCollaction` (schema)
 * and `asCollation` (prose) are both accepted; the schema's spelling wins when both are given.
 */
function checkOptions(body: Body): Record<string, unknown> & { prefix?: string } {
  const readableSecondary = optionalString(body, 'readableSecondary');
  if (readableSecondary !== undefined && !READABLE_SECONDARY.includes(readableSecondary.toUpperCase())) {
    throw fieldError('readableSecondary', `Error on field 'readableSecondary': must be one of ${READABLE_SECONDARY.join(', ')}`);
  }
  const asCollation = optionalString(body, 'asCollaction') ?? optionalString(body, 'asCollation');
  const flags = Object.fromEntries(['ssis', 'ssrs', 'ssas', 'fullText'].map((f) => [f, optionalBool(body, f) ?? false]));
  const texts = Object.fromEntries(
    ['asServerModeStd', 'asServerModeEnt', 'authenticationDomainId', 'availabilityMode', 'failoverMode', 'listenerName', 'witness', 'specificRequest']
      .map((f) => [f, optionalString(body, f) ?? null]),
  );
  const prefix = optionalString(body, 'prefix');
  return { ...flags, ...texts, asCollation: asCollation ?? null, readableSecondary: readableSecondary?.toUpperCase() ?? null, ...(prefix ? { prefix } : {}) };
}
