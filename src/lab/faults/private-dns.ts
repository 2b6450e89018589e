/** private-dns: a private cluster whose private DNS zone is not linked to the nodes' VNet. */
import type { Fault } from './fault.js';
import { setPrivate } from './private.js';

export const privateDns: Fault = {
  id: 'private-dns',
  symptoms: ['node-cannot-reach-apiserver'],
  scope: 'cluster',
  how: 'Makes the cluster private with a bring-your-own private DNS zone (ARM) that is not linked to the VNet: Azure DNS answers NXDOMAIN for the privatelink FQDN, so nodes cannot resolve the API server.',
  inject: ({ world }) => {
    const sub = world.arm.subscriptionId;
    const zone = `/subscriptions/${sub}/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/privatelink.${world.arm.location}.azmk8s.io`;
    setPrivate(world, true, zone);
    world.local.privateZoneUnlinked = true;
  },
  clear: ({ world, others }) => {
    world.local.privateZoneUnlinked = false;
    setPrivate(world, others.has('private-cluster'));
  },
};
