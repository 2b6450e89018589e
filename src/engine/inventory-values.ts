/** The fix placeholders the inventory fills for every cause (INVENTORY_PLACEHOLDERS). Pure. */
import type { INVENTORY_PLACEHOLDERS } from '../checks/catalogue.js';
import type { ClusterInventory } from '../domain/inventory.js';

type InventoryValues = Partial<Record<(typeof INVENTORY_PLACEHOLDERS)[number], string>>;

const ZONE_ID =
  /^\/subscriptions\/([^/]{1,64})\/resourceGroups\/([^/]{1,90})\/providers\/Microsoft\.Network\/privateDnsZones\/([^/]{1,253})$/i;

export function inventoryValues(inv: ClusterInventory): InventoryValues {
  const values: InventoryValues = {
    cluster: inv.cluster.name,
    resourceGroup: inv.cluster.resourceGroup,
    subscription: inv.cluster.subscription,
    nodeResourceGroup: inv.nodeResourceGroup,
  };
  const subnet = inv.subnets[0];
  if (subnet) {
    values.vnet = subnet.vnet;
    values.vnetResourceGroup = subnet.resourceGroup;
    // The subnet's id names its VNet: everything before /subnets/.
    const cut = subnet.id.toLowerCase().indexOf('/subnets/');
    if (cut > 0) values.vnetId = subnet.id.slice(0, cut);
  }
  const zone = ZONE_ID.exec(inv.access.privateDnsZoneId ?? '');
  if (zone) {
    values.privateDnsZoneSubscription = zone[1]!;
    values.privateDnsZoneResourceGroup = zone[2]!;
    values.privateDnsZone = zone[3]!;
  }
  return values;
}
