/** The local Kubernetes API emulator: state types and builders, and the HTTP server. */
export * from './wire.js';
export * from './state.js';
export * from './aks-state.js';
export * from './access.js';
export * from './emulator.js';
export * from './kubectl.js';
export * from './resources.js';
export * from './kubeconfig.js';
