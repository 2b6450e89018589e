/** node-nc-kubelet: from the node that runs the tunnel component, can a TCP connection reach a node's kubelet (10250)? */
import { interpret, type Judged } from '../../interpreters/index.js';
import { hostOrIp, nodeParams } from '../params.js';
import type { NodeCheck } from './node-check.js';

export const KUBELET_PORT = 10250;

const params = nodeParams({ host: hostOrIp });

const template: readonly string[] = [
  // -z: connect and close, send nothing; -w 5: give up after 5 s (nc then prints "timed out"); -v: say what
  // happened. netcat-openbsd prints all of that on stderr, hence 2>&1.
  `nc -v -z -w 5 {{host}} ${KUBELET_PORT} 2>&1`,
];

export const nodeNcKubelet: NodeCheck<{ host: string }, Judged<'nc'>> = {
  id: 'node-nc-kubelet',
  params,
  template,
  interpret: (output) => interpret('nc', output, { port: KUBELET_PORT }),
};
