/** private-cluster: the API server has no public endpoint; only the VNet reaches it (or command invoke). */
import { ADDR } from '../topology.js';
import type { Fault } from './fault.js';
import { setPrivate } from './private.js';

export const privateCluster: Fault = {
  id: 'private-cluster',
  symptoms: ['apiserver-unreachable'],
  scope: 'cluster',
  how: `Makes the cluster private in ARM (enablePrivateCluster, private FQDN, zone "system"); the API server host stops answering on its public address and answers on its private endpoint ${ADDR.privateEndpoint}, Azure DNS resolves the privatelink name there, and the Kubernetes API no longer answers this machine (aksdiag falls back to command invoke).`,
  inject: ({ world }) => setPrivate(world, true),
  clear: ({ world, others }) => {
    if (!others.has('private-dns')) setPrivate(world, false);
  },
};
