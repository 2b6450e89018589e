/** Every ARM check, in one explicit list. */
import { type RunnableArmCheck, runnable } from './arm-check.js';
import { armAksDetectors } from './arm-aks-detectors.js';
import { armApiserverAccess } from './arm-apiserver-access.js';
import { armLbOutboundPorts } from './arm-lb-outbound-ports.js';
import { armNsgEgress } from './arm-nsg-egress.js';
import { armNsgTunnelEgress } from './arm-nsg-tunnel-egress.js';
import { armNsgFlow10250 } from './arm-nsg-flow-10250.js';
import { armNsgFlowLb } from './arm-nsg-flow-lb.js';
import { armOutboundIps } from './arm-outbound-ips.js';
import { armRouteTable } from './arm-route-table.js';
import { armSubnetCapacity } from './arm-subnet-capacity.js';
import { armVnetDns } from './arm-vnet-dns.js';

export const ARM_CHECKS: readonly RunnableArmCheck[] = [
  runnable(armApiserverAccess),
  runnable(armOutboundIps),
  runnable(armRouteTable),
  runnable(armNsgFlow10250),
  runnable(armNsgFlowLb),
  runnable(armNsgEgress),
  runnable(armNsgTunnelEgress),
  runnable(armLbOutboundPorts),
  runnable(armSubnetCapacity),
  runnable(armVnetDns),
  runnable(armAksDetectors),
];
