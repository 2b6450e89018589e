/** target-port-mismatch: the Service sends to a port the pods do not listen on. */
import type { Fault } from './fault.js';
import { APP, webService } from './kube.js';

const WRONG_PORT = 9090;

export const targetPortMismatch: Fault = {
  id: 'target-port-mismatch',
  symptoms: ['service-unreachable-in-cluster'],
  scope: 'cluster',
  how: `Sets Service shop/web's targetPort to ${WRONG_PORT} in the Kubernetes API (the pods listen on 8080); kube-proxy's rules DNAT to ${WRONG_PORT}, where nothing listens: connections are refused.`,
  inject: ({ world }) => {
    webService(world).spec.ports![0]!.targetPort = WRONG_PORT;
  },
  clear: ({ world }) => {
    webService(world).spec.ports![0]!.targetPort = APP.targetPort;
  },
};
