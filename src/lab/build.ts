/**
 * Builds the lab's namespaces, links, addresses and routes (the picture in topology.ts), and the node's
 * own /etc: resolv.conf, a pristine ufw configuration (inactive), /etc/default. Routers use proxy ARP and
 * /32 routes, so every host keeps the plain addressing a VM has (10.224.0.x/16, default via 10.224.0.1)
 * while every packet between two hosts passes the VNet namespace, where the NSGs are enforced.
 */
import { cpSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { addNamespace, etcDir, link } from './netns.js';
import { makeNodeDirs, onNode } from './node-shell.js';
import { inNs, run } from './sh.js';
import { ADDR, NS, type LabNode } from './topology.js';

const ip = (ns: string, ...args: string[]) => run(['ip', '-n', ns, ...args]);
const sysctl = (ns: string, key: string, value: string | number) =>
  inNs(ns, ['sysctl', '-qw', `${key}=${value}`]);
const proxyArp = (ns: string, iface: string) => sysctl(ns, `net.ipv4.conf.${iface}.proxy_arp`, 1);

/** A host on the node subnet, behind the VNet: `ifInHost` gets `address`/16, routed via 10.224.0.1. */
async function vnetHost(ns: string, ifInHost: string, ifInVnet: string, address: string): Promise<void> {
  await link(ns, ifInHost, NS.vnet, ifInVnet);
  await ip(ns, 'addr', 'add', `${address}/16`, 'dev', ifInHost);
  await ip(NS.vnet, 'route', 'add', `${address}/32`, 'dev', ifInVnet);
  await proxyArp(NS.vnet, ifInVnet);
}

/** The node's /etc entries: a pristine, inactive ufw with its own rule files, and the host's /etc/default. */
export async function prepareNodeEtc(node: string, resolvConf: string): Promise<void> {
  const etc = etcDir(node);
  writeFileSync(join(etc, 'resolv.conf'), resolvConf);
  cpSync('/etc/default', join(etc, 'default'), { recursive: true });
  await pristineUfw(node);
}

/** The node's /etc/ufw as the image has it: the package's files, inactive (also what a reimage restores). */
export async function pristineUfw(node: string): Promise<void> {
  const dir = join(etcDir(node), 'ufw');
  rmSync(dir, { recursive: true, force: true });
  cpSync('/etc/ufw', dir, { recursive: true });
  writeFileSync(join(dir, 'ufw.conf'), 'ENABLED=no\nLOGLEVEL=low\n');
  // Back to the package's rules and policies, whatever the host's copy held.
  await onNode(node, ['ufw', '--force', 'reset']);
}

export async function buildNode(node: LabNode, podIps: readonly string[], resolvConf: string): Promise<void> {
  await addNamespace(node.name, { forward: true });
  makeNodeDirs(node.name);
  await vnetHost(node.name, 'eth0', node.vnetIf, node.ip);
  await ip(node.name, 'route', 'add', 'default', 'via', ADDR.gateway);
  // kubenet's bridge with the node's pod addresses on it (the pods' own network namespaces are not emulated).
  await ip(node.name, 'link', 'add', 'cbr0', 'type', 'bridge');
  await ip(node.name, 'addr', 'add', `${node.bridgeIp}/24`, 'dev', 'cbr0');
  for (const p of podIps) await ip(node.name, 'addr', 'add', `${p}/32`, 'dev', 'cbr0');
  await ip(node.name, 'link', 'set', 'cbr0', 'up');
  await ip(NS.vnet, 'route', 'add', node.podCidr, 'via', node.ip, 'dev', node.vnetIf);
  await prepareNodeEtc(node.name, resolvConf);
}

/** Everything but the nodes: the VNet, its other hosts, the edge and the public side. */
export async function buildFabric(): Promise<void> {
  await addNamespace(NS.vnet, { forward: true });
  await ip(NS.vnet, 'addr', 'add', `${ADDR.gateway}/32`, 'dev', 'lo');
  // Addresses of the subnet that no host has are unreachable (not sent out of the VNet and back).
  await ip(NS.vnet, 'route', 'add', 'unreachable', ADDR.vnet);

  await addNamespace(NS.edge, { forward: true });
  await vnetHost(NS.edge, 'in0', 'fw0', ADDR.firewall);
  await ip(NS.vnet, 'route', 'add', 'default', 'via', ADDR.firewall, 'dev', 'fw0');
  await ip(NS.edge, 'route', 'add', ADDR.podCidr, 'via', ADDR.gateway, 'dev', 'in0');
  // The load balancer's frontend: sent on to its backend (node 0) with the frontend IP kept (floating IP).
  await ip(NS.edge, 'route', 'add', `${ADDR.lbFrontend}/32`, 'via', ADDR.gateway, 'dev', 'in0');
  for (const a of [ADDR.outboundIp, ADDR.firewallPublicIp])
    await ip(NS.edge, 'addr', 'add', `${a}/32`, 'dev', 'lo');

  await addNamespace(NS.azureDns);
  await link(NS.azureDns, 'eth0', NS.vnet, 'dns0');
  await ip(NS.azureDns, 'addr', 'add', `${ADDR.azureDns}/32`, 'dev', 'eth0');
  await ip(NS.azureDns, 'route', 'add', ADDR.vnet, 'dev', 'eth0');
  await ip(NS.vnet, 'route', 'add', `${ADDR.azureDns}/32`, 'dev', 'dns0');
  await proxyArp(NS.vnet, 'dns0');

  await addNamespace(NS.customDns);
  await vnetHost(NS.customDns, 'eth0', 'cdns0', ADDR.customDns);
  await ip(NS.customDns, 'route', 'add', 'default', 'via', ADDR.gateway);

  await addNamespace(NS.apiserver);
  // The private endpoint's leg in the node subnet (answers only while the cluster is private: sync.ts).
  await vnetHost(NS.apiserver, 'pe0', 'pe0', ADDR.privateEndpoint);

  await addNamespace(NS.internet, { forward: true });
  await addNamespace(NS.client);
  for (const a of [ADDR.externalApi, ADDR.mcr]) await ip(NS.internet, 'addr', 'add', `${a}/32`, 'dev', 'lo');
  const publicHost = async (ns: string, ifInHost: string, ifInInternet: string, addrs: string[]) => {
    await link(ns, ifInHost, NS.internet, ifInInternet);
    await proxyArp(NS.internet, ifInInternet);
    for (const a of addrs) await ip(NS.internet, 'route', 'add', `${a}/32`, 'dev', ifInInternet);
  };
  await publicHost(NS.edge, 'out0', 'edge0', [ADDR.outboundIp, ADDR.firewallPublicIp, ADDR.lbFrontend]);
  await ip(NS.edge, 'route', 'add', 'default', 'dev', 'out0');
  await proxyArp(NS.edge, 'out0');
  await publicHost(NS.apiserver, 'eth0', 'api0', [ADDR.apiserverPublic]);
  await ip(NS.apiserver, 'addr', 'add', `${ADDR.apiserverPublic}/32`, 'dev', 'eth0');
  await ip(NS.apiserver, 'route', 'add', 'default', 'dev', 'eth0');
  await publicHost(NS.client, 'eth0', 'cli0', [ADDR.client]);
  await ip(NS.client, 'addr', 'add', `${ADDR.client}/32`, 'dev', 'eth0');
  await ip(NS.client, 'route', 'add', 'default', 'dev', 'eth0');
}
