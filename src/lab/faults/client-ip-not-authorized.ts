/** client-ip-not-authorized: the API server's authorized IP ranges leave out the client and the cluster's egress IP. */
import { ADDR } from '../topology.js';
import type { Fault } from './fault.js';

/** A range that holds neither the lab's client (203.0.113.50) nor its outbound IP (203.0.113.10). */
export const AUTHORIZED_RANGE = '198.51.100.0/24';

export const clientIpNotAuthorized: Fault = {
  id: 'client-ip-not-authorized',
  symptoms: ['apiserver-unreachable', 'node-cannot-reach-apiserver'],
  scope: 'cluster',
  how: `Sets apiServerAccessProfile.authorizedIPRanges to ${AUTHORIZED_RANGE} in ARM; the API server host then drops connections from any other source: the client ${ADDR.client} and the nodes' egress IP ${ADDR.outboundIp} time out, and the Kubernetes API no longer answers this machine (aksdiag falls back to command invoke).`,
  inject: ({ world }) => {
    const p = world.arm.managedCluster.cluster.properties;
    p.apiServerAccessProfile = { ...p.apiServerAccessProfile, authorizedIPRanges: [AUTHORIZED_RANGE] };
  },
  clear: ({ world }) => {
    const p = world.arm.managedCluster.cluster.properties;
    const { authorizedIPRanges: _r, ...rest } = p.apiServerAccessProfile ?? {};
    p.apiServerAccessProfile = rest;
  },
};
