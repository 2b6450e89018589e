import { describe, expect, it } from '@jest/globals';
import { inventory } from '../../test/support/inventory.js';
import { inventoryValues } from './inventory-values.js';

describe('inventoryValues', () => {
  it("names the nodes' VNet by the id its subnet carries", () => {
    const inv = inventory();
    const subnet = inv.subnets[0]!;
    const v = inventoryValues(inv);
    expect(v).toMatchObject({ vnet: subnet.vnet, vnetResourceGroup: subnet.resourceGroup });
    expect(`${v.vnetId}/subnets/${subnet.name}`.toLowerCase()).toBe(subnet.id.toLowerCase());
  });

  it('splits a bring-your-own private DNS zone into its subscription, group and name', () => {
    const zone =
      '/subscriptions/99999999-0000-0000-0000-000000000000/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/privatelink.eastus.azmk8s.io';
    const v = inventoryValues(inventory((i) => (i.access.privateDnsZoneId = zone)));
    expect(v).toMatchObject({
      privateDnsZoneSubscription: '99999999-0000-0000-0000-000000000000',
      privateDnsZoneResourceGroup: 'rg-dns',
      privateDnsZone: 'privatelink.eastus.azmk8s.io',
    });
  });

  it('leaves the zone out when AKS owns it or the id is not a zone', () => {
    expect(inventoryValues(inventory())).not.toHaveProperty('privateDnsZone');
    const odd = inventory(
      (i) =>
        (i.access.privateDnsZoneId =
          '/subscriptions/x/resourceGroups/rg/providers/Microsoft.Network/dnsZones/z'),
    );
    expect(inventoryValues(odd)).not.toHaveProperty('privateDnsZone');
  });
});
