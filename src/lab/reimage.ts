/**
 * A VMSS instance reimaged through ARM: the node comes back as the AKS image has it. Whatever was done on
 * the node itself is gone: ufw is reset and inactive (its /etc/ufw the package's again), the filter table
 * holds nothing (kube-proxy's rules are rewritten by the sync that follows the write), kubenet's IPAM store
 * keeps only the addresses of running pods, and the kubelet stand-in listens on 10250. What ARM or the
 * Kubernetes API says about the node is not touched: the sync derives the rest from them as for any node.
 */
import { pristineUfw } from './build.js';
import { clearLeak } from './ipam.js';
import { onNode } from './node-shell.js';
import { startListeners } from './listeners.js';
import { waitListening } from './processes.js';
import { inNs, run } from './sh.js';
import { KUBELET_PORT, type LabNode } from './topology.js';

/** An empty filter table: restoring it (without --noflush) removes every rule and user chain. */
const EMPTY_FILTER = [
  '*filter',
  ':INPUT ACCEPT [0:0]',
  ':FORWARD ACCEPT [0:0]',
  ':OUTPUT ACCEPT [0:0]',
  'COMMIT',
  '',
].join('\n');

export async function reimageNode(node: LabNode): Promise<void> {
  // ufw's reset disables it (removing its rules) only while the node's own files say it is enabled.
  await onNode(node.name, ['ufw', '--force', 'reset'], { allowFailure: true });
  await pristineUfw(node.name);
  await inNs(node.name, ['iptables-restore'], { input: EMPTY_FILTER });
  // ufw also writes IPv6 rules where IPv6 is on; the node's ip6tables may not exist, so this may fail.
  await inNs(node.name, ['ip6tables-restore'], { input: EMPTY_FILTER, allowFailure: true });
  clearLeak(node.name);
  const kubelet = await run(
    ['ip', 'netns', 'exec', node.name, 'nc', '-z', '-w', '1', '127.0.0.1', String(KUBELET_PORT)],
    { allowFailure: true },
  );
  if (kubelet.code !== 0) {
    startListeners(node.name, 'kubelet', [{ host: '0.0.0.0', port: KUBELET_PORT }]);
    await waitListening(node.name, '127.0.0.1', KUBELET_PORT);
  }
}

/** The instance ids a reimage request (recorded by the ARM emulator) put back to their image; `all` for none named. */
export function reimagedInstances(
  r: { method: string; path: string; body?: unknown },
  all: readonly string[],
): string[] {
  if (r.method !== 'POST') return [];
  const one = /\/virtualMachines\/([^/]+)\/reimage$/i.exec(r.path);
  if (one) return [one[1]!];
  if (!/\/virtualMachineScaleSets\/[^/]+\/reimage$/i.test(r.path)) return [];
  const ids = (r.body as { instanceIds?: unknown } | undefined)?.instanceIds;
  return Array.isArray(ids) ? ids.map(String) : [...all];
}
