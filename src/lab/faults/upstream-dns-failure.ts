/** upstream-dns-failure: Azure DNS (168.63.129.16) stops answering the nodes. */
import { inNs } from '../sh.js';
import { NS } from '../topology.js';
import type { Fault } from './fault.js';

const RULES = ['udp', 'tcp'].map((p) => ['INPUT', '-p', p, '--dport', '53', '-j', 'DROP']);

export const upstreamDnsFailure: Fault = {
  id: 'upstream-dns-failure',
  symptoms: ['outbound-dns'],
  scope: 'cluster',
  how: 'The Azure DNS namespace (168.63.129.16) drops every DNS query, UDP and TCP: lookups time out (`no servers could be reached`).',
  async inject() {
    for (const r of RULES) {
      const present = await inNs(NS.azureDns, ['iptables', '-C', ...r], { allowFailure: true });
      if (present.code !== 0) await inNs(NS.azureDns, ['iptables', '-A', ...r]);
    }
  },
  async clear() {
    for (const r of RULES) await inNs(NS.azureDns, ['iptables', '-D', ...r], { allowFailure: true });
  },
};
