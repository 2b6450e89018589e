/**
 * The ARM emulator's Network Watcher NSG diagnostics (`POST .../networkWatchers/{nw}/networkConfigurationDiagnostic`),
 * answered from the emulator's own state: the target NIC's NSG and its subnet's NSG, evaluated by the same NSG
 * evaluator aksdiag uses (src/engine/nsg-flow.ts), with what Azure knows that aksdiag's inventory does not: the
 * VirtualNetwork tag covers the VNet's user-defined-route prefixes too (as the fault lab enforces it), and service
 * tags have the prefixes in `state.serviceTags`. The lab enforces the same state's NSGs with iptables, so this
 * answer follows the lab's packets.
 *
 * Shapes as in Azure/azure-rest-api-specs, Microsoft.Network networkWatcher.json (NetworkConfigurationDiagnostic*)
 * and its example NetworkWatcherNetworkConfigurationDiagnostic.json: a body of `targetResourceId`,
 * `verbosityLevel` and `profiles` (direction, protocol, source, destination, destinationPort as a string); an
 * answer of `results[]`, each `{ profile, networkSecurityGroupResult: { securityRuleAccessResult,
 * evaluatedNetworkSecurityGroups[]: { networkSecurityGroupId, appliedTo, matchedRule: { ruleName, action },
 * rulesEvaluationResult[] } } }`, rule names prefixed `UserRule_` or `DefaultRule_` as in that example.
 */
import {
  AZURE_DEFAULT_RULES,
  evaluateFlow,
  fromAzureRule,
  type Direction,
  type Nsg,
} from '../../../src/engine/nsg-flow.js';
import type {
  ArmState,
  ResourceGroupState,
  WireNetworkInterface,
  WireNetworkSecurityGroup,
  WireRouteTable,
  WireVirtualNetwork,
} from './state.js';

/** An error the emulator answers with (status, ARM error code, message). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

interface Profile {
  direction: string;
  protocol: string;
  source: string;
  destination: string;
  destinationPort: string;
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const eq = (a: string | undefined, b: string | undefined) =>
  (a ?? '').toLowerCase() === (b ?? '').toLowerCase();

function group(state: ArmState, sub: string, rg: string): ResourceGroupState | undefined {
  const s = Object.entries(state.subscriptions).find(([k]) => eq(k, sub))?.[1];
  return Object.entries(s?.resourceGroups ?? {}).find(([k]) => eq(k, rg))?.[1];
}

/** `{sub, rg, provider path}` of an ARM id. */
function idParts(id: string): { sub: string; rg: string; path: string[] } | null {
  const p = id.split('/').filter(Boolean);
  if (p.length < 8 || !eq(p[0], 'subscriptions') || !eq(p[2], 'resourceGroups')) return null;
  return { sub: p[1]!, rg: p[3]!, path: p.slice(6) };
}

function byName<T>(rec: Record<string, T> | undefined, name: string | undefined): T | undefined {
  return Object.entries(rec ?? {}).find(([k]) => eq(k, name))?.[1];
}

/** The NIC a target id names: a VMSS instance's NIC (`virtualMachineScaleSets/{v}/virtualMachines/{i}/networkInterfaces/{n}`). */
function nicOf(state: ArmState, id: string): WireNetworkInterface {
  const p = idParts(id);
  const path = p?.path ?? [];
  const isVmssNic =
    path.length === 6 && eq(path[0], 'virtualMachineScaleSets') && eq(path[4], 'networkInterfaces');
  if (!p || !isVmssNic) {
    throw new ApiError(
      400,
      'InvalidTargetResource',
      `The emulator diagnoses VMSS network interfaces only; got ${id}.`,
    );
  }
  const vmss = byName(group(state, p.sub, p.rg)?.virtualMachineScaleSets, path[1]);
  const nic = vmss?.instances
    .find((i) => i.vm.instanceId === path[3])
    ?.nics.find((n) => eq(n.name, path[5]) || eq(n.id, id));
  if (!nic) throw new ApiError(404, 'NotFound', `Resource ${id} not found.`);
  return nic;
}

function resource<K extends 'networkSecurityGroups' | 'routeTables' | 'virtualNetworks'>(
  state: ArmState,
  id: string | undefined,
  kind: K,
): { id: string; value: NonNullable<ResourceGroupState[K]>[string] } | null {
  const p = id ? idParts(id) : null;
  if (!p || !id) return null;
  const name = kind === 'virtualNetworks' ? p.path[1] : p.path.at(-1);
  const value = byName(group(state, p.sub, p.rg)?.[kind] as Record<string, never> | undefined, name);
  return value ? { id, value } : null;
}

function toNsg(id: string, wire: WireNetworkSecurityGroup, level: 'subnet' | 'nic'): Nsg {
  const p = idParts(id)!;
  const defaults = wire.properties.defaultSecurityRules ?? [];
  return {
    name: p.path.at(-1)!,
    resourceGroup: p.rg,
    level,
    rules: (wire.properties.securityRules ?? []).map((r) => fromAzureRule({ name: r.name, ...r.properties })),
    defaultRules: defaults.length
      ? defaults.map((r) => fromAzureRule({ name: r.name, ...r.properties }))
      : AZURE_DEFAULT_RULES.map((r) => ({ ...r })),
  };
}

function checkProfile(raw: unknown, i: number): Profile {
  const p = (raw ?? {}) as Partial<Record<keyof Profile, unknown>>;
  for (const k of ['direction', 'protocol', 'source', 'destination', 'destinationPort'] as const) {
    if (typeof p[k] !== 'string' || p[k] === '')
      throw new ApiError(400, 'InvalidRequestFormat', `profiles[${i}].${k} is required (a string).`);
  }
  const prof = p as Profile;
  if (!['inbound', 'outbound'].includes(prof.direction.toLowerCase()))
    throw new ApiError(400, 'InvalidRequestFormat', `profiles[${i}].direction must be Inbound or Outbound.`);
  if (!IPV4.test(prof.source) || !IPV4.test(prof.destination) || !/^\d{1,5}$/.test(prof.destinationPort))
    throw new ApiError(
      400,
      'InvalidRequestFormat',
      `profiles[${i}]: the emulator evaluates single IPv4 addresses and one port, as aksdiag asks.`,
    );
  return prof;
}

/** The results of a networkConfigurationDiagnostic request, computed from `state`. */
export function diagnose(state: ArmState, body: unknown): { results: unknown[] } {
  const b = (body ?? {}) as { targetResourceId?: unknown; profiles?: unknown };
  if (typeof b.targetResourceId !== 'string')
    throw new ApiError(400, 'InvalidRequestFormat', 'targetResourceId is required.');
  if (!Array.isArray(b.profiles) || b.profiles.length === 0)
    throw new ApiError(400, 'InvalidRequestFormat', 'profiles must name at least one flow.');
  const profiles = b.profiles.map(checkProfile);
  const nic = nicOf(state, b.targetResourceId);
  const subnetId =
    nic.properties.ipConfigurations.find((c) => c.properties.primary)?.properties.subnet?.id ??
    nic.properties.ipConfigurations[0]?.properties.subnet?.id;
  const vnet = resource(state, subnetId, 'virtualNetworks')?.value as WireVirtualNetwork | undefined;
  const subnet = vnet?.properties.subnets.find((s) => eq(s.name, subnetId?.split('/').at(-1)));
  const subnetNsg = resource(state, subnet?.properties.networkSecurityGroup?.id, 'networkSecurityGroups');
  const nicNsg = resource(state, nic.properties.networkSecurityGroup?.id, 'networkSecurityGroups');
  const routes = resource(state, subnet?.properties.routeTable?.id, 'routeTables')?.value as
    WireRouteTable | undefined;
  const tags = {
    virtualNetwork: [
      ...(vnet?.properties.addressSpace?.addressPrefixes ?? []),
      ...(routes?.properties.routes ?? [])
        .map((r) => r.properties.addressPrefix)
        .filter((x) => x !== '0.0.0.0/0'),
    ],
    serviceTags: state.serviceTags ?? {},
  };
  const subnetLevel = subnetNsg && {
    id: subnetNsg.id,
    nsg: toNsg(subnetNsg.id, subnetNsg.value as WireNetworkSecurityGroup, 'subnet'),
    wire: subnetNsg.value as WireNetworkSecurityGroup,
    appliedTo: subnetId!,
  };
  const nicLevel = nicNsg && {
    id: nicNsg.id,
    nsg: toNsg(nicNsg.id, nicNsg.value as WireNetworkSecurityGroup, 'nic'),
    wire: nicNsg.value as WireNetworkSecurityGroup,
    appliedTo: nic.id ?? b.targetResourceId,
  };
  return {
    results: profiles.map((profile) => {
      const direction: Direction = profile.direction.toLowerCase() === 'inbound' ? 'Inbound' : 'Outbound';
      // Azure's order: into a NIC the subnet's NSG first, out of it the NIC's first.
      const levels = (direction === 'Inbound' ? [subnetLevel, nicLevel] : [nicLevel, subnetLevel]).filter(
        (l): l is NonNullable<typeof subnetLevel> => Boolean(l),
      );
      const flow = {
        direction,
        protocol: profile.protocol.toUpperCase() === 'UDP' ? ('Udp' as const) : ('Tcp' as const),
        source: profile.source,
        destination: profile.destination,
        destinationPort: Number(profile.destinationPort),
      };
      const decision = evaluateFlow(
        flow,
        levels.map((l) => l.nsg),
        tags,
      );
      if (decision.allowed === 'unknown')
        throw new ApiError(
          500,
          'InternalServerError',
          `emulator: cannot evaluate: ${decision.notes.join('; ')} (set state.serviceTags)`,
        );
      return {
        profile,
        networkSecurityGroupResult: {
          securityRuleAccessResult: decision.allowed ? 'Allow' : 'Deny',
          evaluatedNetworkSecurityGroups: levels.map((l, i) => {
            const rule = decision.steps[i]?.rule;
            const custom = (l.wire.properties.securityRules ?? []).some((r) => r.name === rule?.rule);
            const ruleName = rule ? `${custom ? 'UserRule' : 'DefaultRule'}_${rule.rule}` : '';
            const matched = {
              protocolMatched: true,
              sourceMatched: true,
              sourcePortMatched: true,
              destinationMatched: true,
              destinationPortMatched: true,
            };
            return {
              networkSecurityGroupId: l.id,
              appliedTo: l.appliedTo,
              matchedRule: { ruleName, action: rule?.access ?? 'Deny' },
              rulesEvaluationResult: rule ? [{ name: ruleName, ...matched }] : [],
            };
          }),
        },
      };
    }),
  };
}
