/** Lookups into the Kubernetes emulator's state shared by the Kubernetes faults. */
import type { WireService } from '../../../test/emulators/kube/index.js';
import type { LabWorld } from '../sync.js';

/** The lab's application: Deployment `web` in namespace `shop`, Service `web` (ClusterIP 10.0.120.15:80). */
export const APP = { namespace: 'shop', service: 'web', labels: { app: 'web' }, targetPort: 'http' } as const;

export function webService(w: LabWorld): WireService {
  const svc = w.kube.state.services.find(
    (s) => s.metadata.name === APP.service && s.metadata.namespace === APP.namespace,
  );
  if (!svc) throw new Error('the lab cluster has no Service shop/web');
  return svc;
}
