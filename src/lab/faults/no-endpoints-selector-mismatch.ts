/** no-endpoints-selector-mismatch: the Service's selector matches no pod (a label renamed on one side). */
import type { Fault } from './fault.js';
import { APP, webService } from './kube.js';

export const noEndpointsSelectorMismatch: Fault = {
  id: 'no-endpoints-selector-mismatch',
  symptoms: ['service-unreachable-in-cluster'],
  scope: 'cluster',
  how: "Changes Service shop/web's selector to app=web-v2 in the Kubernetes API; its endpoints empty out, and kube-proxy's rules on every node (the lab's stand-in) REJECT its ClusterIP: connections are refused.",
  inject: ({ world }) => {
    webService(world).spec.selector = { app: 'web-v2' };
  },
  clear: ({ world }) => {
    webService(world).spec.selector = { ...APP.labels };
  },
};
