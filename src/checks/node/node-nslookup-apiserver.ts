/**
 * node-nslookup-apiserver: does the node resolve the API server's FQDN (for a private cluster, through the
 * private DNS zone linked to the VNet)? Asks the node's own resolver, as kubelet would.
 */
import { interpret, type Judged } from '../../interpreters/index.js';
import { hostName, nodeParams } from '../params.js';
import type { NodeCheck } from './node-check.js';

const template: readonly string[] = [
  // No server argument: the node's resolver (systemd-resolved's stub, then the VNet's DNS) answers.
  'nslookup {{name}} 2>&1',
];

export const nodeNslookupApiserver: NodeCheck<{ name: string }, Judged<'nslookup'>> = {
  id: 'node-nslookup-apiserver',
  params: nodeParams({ name: hostName }),
  template,
  interpret: (output) => interpret('nslookup', output),
};
