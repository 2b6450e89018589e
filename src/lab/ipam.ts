/**
 * What kubenet keeps on a node about pod addresses, made from the Kubernetes emulator's pods:
 * - the host-local IPAM store, /var/lib/cni/networks/kubenet/<address>, one file per address handed out,
 *   holding the pod sandbox's id and interface (as host-local writes it: `<id>\r\n<ifname>`);
 * - the container runtime's ready pod sandboxes, which the node's `crictl pods -q --no-trunc --state ready`
 *   lists (a stand-in script: this machine has no container runtime).
 * A leak (`ipam-leak`) is address files whose sandbox is gone: CNI DEL never ran for deleted pods.
 */
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WirePod } from '../../test/emulators/kube/index.js';
import { NODE_PATHS, nodeDir } from './node-shell.js';

const NETWORK = 'kubenet';
/** Inside the node's own /run (see node-shell.ts). */
const SANDBOX_LIST = 'containerd/aksdiag-lab-ready-sandboxes';

/** The crictl stand-in: only the one query the ipam check makes; anything else fails as unsupported. */
const CRICTL = [
  '#!/bin/sh',
  '# aksdiag fault lab: stands in for crictl (no container runtime on this machine).',
  'if [ "$*" = "pods -q --no-trunc --state ready" ]; then',
  `  cat /run/${SANDBOX_LIST}`,
  '  exit 0',
  'fi',
  'echo "crictl (aksdiag lab stand-in): unsupported: $*" >&2',
  'exit 1',
  '',
].join('\n');

/** A pod's sandbox id: 64 hex digits, stable for the pod. */
export function sandboxId(pod: WirePod): string {
  return createHash('sha256')
    .update(pod.metadata.uid ?? `${pod.metadata.namespace}/${pod.metadata.name}`)
    .digest('hex');
}

function storeDir(node: string): string {
  return join(nodeDir(node), NODE_PATHS.varLib, 'cni', 'networks', NETWORK);
}

/** Writes the store and the sandbox list for the pods running on `node`; keeps injected leaks. */
export function syncIpam(node: string, pods: readonly WirePod[]): void {
  const dir = storeDir(node);
  mkdirSync(dir, { recursive: true });
  const mine = pods.filter((p) => p.spec.nodeName === node && p.status.phase === 'Running');
  const leaked = new Set(leakedAddresses(node));
  for (const f of readdirSync(dir)) if (!leaked.has(f)) rmSync(join(dir, f));
  writeFileSync(join(dir, 'lock'), '');
  let last = '';
  for (const pod of mine) {
    const ip = pod.status.podIP;
    if (pod.spec.hostNetwork || !ip) continue;
    writeFileSync(join(dir, ip), `${sandboxId(pod)}\r\neth0`);
    last = ip;
  }
  if (last) writeFileSync(join(dir, 'last_reserved_ip.0'), last);
  // A pod failing its readiness probe still has a ready sandbox: every running pod's sandbox is listed.
  const ready = mine;
  const run = join(nodeDir(node), NODE_PATHS.run);
  mkdirSync(join(run, 'containerd'), { recursive: true });
  writeFileSync(join(run, SANDBOX_LIST), ready.map((p) => `${sandboxId(p)}\n`).join(''));
  const sbin = join(nodeDir(node), NODE_PATHS.sbin, 'crictl');
  writeFileSync(sbin, CRICTL);
  chmodSync(sbin, 0o755);
}

/** The addresses `injectLeak` added, recorded beside the store (outside what the node sees). */
function leakFile(node: string): string {
  return join(nodeDir(node), 'leaked-addresses');
}

function leakedAddresses(node: string): string[] {
  if (!existsSync(leakFile(node))) return [];
  return readFileSync(leakFile(node), 'utf8').split('\n').filter(Boolean);
}

/**
 * Leaves `count` addresses of `podCidr` (from .200 up) allocated to sandboxes that no longer exist, as
 * host-local does when CNI DEL never runs for deleted pods.
 */
export function injectLeak(node: string, podCidr: string, count: number): string[] {
  const base = podCidr.split('.').slice(0, 3).join('.');
  const dir = storeDir(node);
  mkdirSync(dir, { recursive: true });
  const addresses = Array.from({ length: count }, (_, k) => `${base}.${200 + k}`);
  for (const ip of addresses) {
    const gone = createHash('sha256').update(`deleted pod ${node} ${ip}`).digest('hex');
    writeFileSync(join(dir, ip), `${gone}\r\neth0`);
  }
  writeFileSync(leakFile(node), addresses.map((a) => `${a}\n`).join(''));
  return addresses;
}

/** Releases what `injectLeak` left (what a node reboot or `rm` of the stale files does). */
export function clearLeak(node: string): void {
  for (const ip of leakedAddresses(node)) rmSync(join(storeDir(node), ip), { force: true });
  rmSync(leakFile(node), { force: true });
}
