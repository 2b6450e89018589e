/** private-dns: a private cluster whose private DNS zone is not linked to the nodes' VNet. */
import { addPrivateDnsZone } from '../../../test/emulators/arm/index.js';
import type { Fault } from './fault.js';
import { setPrivate } from './private.js';

/** Where the bring-your-own zone lives (a resource group of its own, as hub-and-spoke setups keep it). */
export const PRIVATE_DNS_RESOURCE_GROUP = 'rg-dns';

export const privateDns: Fault = {
  id: 'private-dns',
  symptoms: ['node-cannot-reach-apiserver'],
  scope: 'cluster',
  how: `Makes the cluster private with a bring-your-own private DNS zone (ARM, in ${PRIVATE_DNS_RESOURCE_GROUP}) that has no link to the VNet: Azure DNS answers NXDOMAIN for the privatelink FQDN, so nodes cannot resolve the API server. Linking the zone to the VNet through ARM makes it resolve.`,
  inject: ({ world }) => {
    const { id } = addPrivateDnsZone(
      world.arm.state,
      world.arm.subscriptionId,
      PRIVATE_DNS_RESOURCE_GROUP,
      `privatelink.${world.arm.location}.azmk8s.io`,
    );
    setPrivate(world, true, id);
  },
  clear: ({ world, others }) => {
    // The zone goes with its links, so the next injection starts unlinked.
    delete world.arm.state.subscriptions[world.arm.subscriptionId]?.resourceGroups[
      PRIVATE_DNS_RESOURCE_GROUP
    ];
    setPrivate(world, others.has('private-cluster'));
  },
};
