/** subnet-nsg-missing-rule: a customer NSG on the node subnet lacks the inbound rule AKS put on the NICs only. */
import { defaultSecurityRules } from '../../../test/emulators/arm/index.js';
import { ADDR } from '../topology.js';
import type { Fault } from './fault.js';

const NAME = 'nsg-snet-aks';

export const subnetNsgMissingRule: Fault = {
  id: 'subnet-nsg-missing-rule',
  symptoms: ['lb-service-timeout'],
  scope: 'cluster',
  how: `Creates a customer NSG with only Azure's default rules and attaches it to the node subnet in ARM; the VNet enforces it before the NICs' NSG, so its DenyAllInBound drops the internet's traffic to the LoadBalancer service ${ADDR.lbFrontend}:80 (AKS added the allow rule to the NIC NSG only).`,
  inject: ({ world }) => {
    const { arm } = world;
    const id = `/subscriptions/${arm.subscriptionId}/resourceGroups/${arm.vnetResourceGroup}/providers/Microsoft.Network/networkSecurityGroups/${NAME}`;
    const rg = arm.state.subscriptions[arm.subscriptionId]!.resourceGroups[arm.vnetResourceGroup]!;
    rg.networkSecurityGroups = {
      ...rg.networkSecurityGroups,
      [NAME]: {
        id,
        name: NAME,
        location: arm.location,
        properties: {
          securityRules: [],
          defaultSecurityRules: defaultSecurityRules(id),
          subnets: [{ id: arm.subnetId }],
        },
      },
    };
    arm.subnet.properties.networkSecurityGroup = { id };
  },
  clear: ({ world }) => {
    const { arm } = world;
    delete arm.subnet.properties.networkSecurityGroup;
    const rg = arm.state.subscriptions[arm.subscriptionId]!.resourceGroups[arm.vnetResourceGroup]!;
    if (rg.networkSecurityGroups) delete rg.networkSecurityGroups[NAME];
  },
};
