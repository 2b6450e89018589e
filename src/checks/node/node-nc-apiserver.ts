/** node-nc-apiserver: can the node open a TCP connection to the API server (its FQDN or address) on 443? */
import { interpret, type Judged } from '../../interpreters/index.js';
import { hostOrIp, nodeParams } from '../params.js';
import type { NodeCheck } from './node-check.js';

export const APISERVER_PORT = 443;

const template: readonly string[] = [
  // As node-nc-kubelet: connect only, 5 s limit, nc's report is on stderr. A name is resolved by the node's own
  // resolver, so a private cluster's FQDN failing here can be DNS (the verdict says dns-failure) or the path.
  `nc -v -z -w 5 {{host}} ${APISERVER_PORT} 2>&1`,
];

export const nodeNcApiserver: NodeCheck<{ host: string }, Judged<'nc'>> = {
  id: 'node-nc-apiserver',
  params: nodeParams({ host: hostOrIp }),
  template,
  interpret: (output) => interpret('nc', output, { port: APISERVER_PORT }),
};
