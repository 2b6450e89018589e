/**
 * The private-cluster setting, shared by `private-cluster` and `private-dns`: on while either is active.
 * ARM shows what AKS sets for a private cluster (private FQDN, private DNS zone, public FQDN kept pointing at
 * the private address); the lab drops the API server's public endpoint and opens its private endpoint.
 */
import type { LabWorld } from '../sync.js';

export const PRIVATE_FAULTS = ['private-cluster', 'private-dns'] as const;

export function setPrivate(w: LabWorld, on: boolean, zone = 'system'): void {
  const p = w.arm.managedCluster.cluster.properties;
  if (on) {
    const region = w.arm.location;
    p.privateFQDN = `${p.dnsPrefix}-a1b2c3d4.5e6f7a8b-0000-4000-8000-000000000001.privatelink.${region}.azmk8s.io`;
    p.apiServerAccessProfile = {
      ...p.apiServerAccessProfile,
      enablePrivateCluster: true,
      privateDNSZone: zone,
      enablePrivateClusterPublicFQDN: true,
    };
  } else {
    delete p.privateFQDN;
    const {
      privateDNSZone: _z,
      enablePrivateClusterPublicFQDN: _f,
      ...rest
    } = p.apiServerAccessProfile ?? {};
    p.apiServerAccessProfile = { ...rest, enablePrivateCluster: false };
  }
}
