/** The Kubernetes edge: a read-only client over @kubernetes/client-node, and command-invoke parsing. */
export * from '../domain/kube.js';
export { connectKube, NNC, type KubeReader, type KubeConnectOptions, type PodQuery } from './connect.js';
export { fromCommandInvokeJson, type KubeObjects } from './command-invoke.js';
export { detectTunnel, TUNNEL_PORTS } from './tunnel.js';
export { matchesSelector } from '../engine/label-selector.js';
export { parseProviderId } from './convert.js';
export { toKubeError, type KubeOperation } from './map-error.js';
