/** custom-dns-misconfigured: the VNet points at a customer DNS server that does not forward to Azure DNS. */
import { ADDR } from '../topology.js';
import type { Fault } from './fault.js';

export const customDnsMisconfigured: Fault = {
  id: 'custom-dns-misconfigured',
  symptoms: ['outbound-dns'],
  scope: 'cluster',
  how: `Sets the VNet's DNS servers to ${ADDR.customDns} in ARM; the nodes' resolv.conf follows (as after a DHCP renewal), and that server (dnsmasq) knows only its own zone: every Azure and public name is NXDOMAIN.`,
  inject: ({ world }) => {
    world.arm.vnet.properties.dhcpOptions = { dnsServers: [ADDR.customDns] };
  },
  clear: ({ world }) => {
    delete world.arm.vnet.properties.dhcpOptions;
  },
};
