/**
 * node-aks-check-network: the node image's own outbound check, /opt/azure/containers/aks-check-network.sh, which is
 * what `az aks check-network outbound` runs through run-command. It tries the endpoints every AKS node needs (the
 * API server, management.azure.com, mcr.microsoft.com and its data endpoint, login.microsoftonline.com,
 * packages.microsoft.com, acs-mirror.azureedge.net) and logs one line per step.
 */
import {
  interpretAksCheckNetwork,
  type AksCheckNetworkVerdict,
} from '../../interpreters/aks-check-network.js';
import { nodeParams } from '../params.js';
import type { NodeCheck } from './node-check.js';

/** Where AKS node images (Ubuntu and Azure Linux, 2024 onwards) install the script. */
export const NODE_IMAGE_CHECK = '/opt/azure/containers/aks-check-network.sh';
/**
 * A failing endpoint costs the script three 10 s curls with 5 s pauses: a node whose egress is broken can take
 * minutes. Stop it well inside the node deadline (300 s by default) so its lines still come back.
 */
const LIMIT_SECONDS = 200;

const template: readonly string[] = [
  `script=${NODE_IMAGE_CHECK}`,
  'if [ -f "$script" ]; then',
  '  out=$(mktemp)',
  `  timeout ${LIMIT_SECONDS} bash "$script" > "$out" 2>&1`,
  '  rc=$?',
  // Only its log lines: the DNS traces it prints on a failure (dig, host -a) would push them out of run-command's
  // last 4,096 bytes. Success lines are cut shorter than failures, whose explanation is worth keeping.
  '  awk \'/ - (INFO|SUCCESS|WARNING|ERROR|FAILURE): / { if ($0 ~ / - SUCCESS: /) print substr($0, 1, 160); else print substr($0, 1, 320) }\' "$out"',
  '  rm -f "$out"',
  '  echo "aksdiag-check-network-exit: $rc"',
  'else',
  '  echo "aksdiag-check-network: absent"',
  'fi',
];

export const nodeAksCheckNetwork: NodeCheck<Record<string, never>, AksCheckNetworkVerdict> = {
  id: 'node-aks-check-network',
  params: nodeParams({}),
  template,
  interpret: (output) => interpretAksCheckNetwork(output),
};
