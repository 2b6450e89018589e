/** ipam-leak: kubenet's host-local store on one node kept addresses of pods that are gone. */
import { clearLeak, injectLeak } from '../ipam.js';
import type { Fault } from './fault.js';

const LEAKED = 12;

export const ipamLeak: Fault = {
  id: 'ipam-leak',
  symptoms: ['pod-ip-exhaustion'],
  scope: 'node',
  goneAfterReimage: true,
  how: `Writes ${LEAKED} address files into the node's /var/lib/cni/networks/kubenet whose sandbox ids no running pod has (CNI DEL never ran): the node's crictl lists no such sandbox, so the addresses stay taken.`,
  inject: ({ node }) => {
    injectLeak(node.name, node.podCidr, LEAKED);
  },
  clear: ({ node }) => clearLeak(node.name),
};
