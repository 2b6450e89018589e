import { z } from 'zod';
import { inAnyCidr } from '../../engine/cidr.js';
import { type ArmCheck, armFinding } from './arm-check.js';

/** Are the cluster's own egress IPs inside the API server's authorized ranges? */
export const armOutboundIps: ArmCheck<Record<string, never>> = {
  id: 'arm-outbound-ips',
  params: z.object({}).strict(),
  evaluate(inv) {
    const ranges = inv.access.authorizedIpRanges;
    const ips = inv.network.outboundIps;
    const name = inv.cluster.name;
    if (inv.access.privateCluster || ranges.length === 0) {
      const why = inv.access.privateCluster
        ? 'private cluster: nodes reach the API server privately'
        : 'no authorized IP ranges set';
      return armFinding(this.id, name, 'no-ranges', 'ok', why, { authorizedRanges: ranges.join(',') });
    }
    if (ips.length === 0) {
      return armFinding(this.id, name, 'unknown', 'could-not-check', null, {}, [
        `outbound type ${inv.network.outboundType ?? 'unknown'}: the egress IP could not be read from ARM`,
      ]);
    }
    const missing = ips.filter((ip) => !inAnyCidr(ip, ranges));
    const evidence = `egress IPs ${ips.join(', ')}; authorizedIPRanges ${ranges.join(', ')}`;
    if (missing.length === 0) return armFinding(this.id, name, 'egress-authorized', 'ok', evidence);
    return armFinding(this.id, name, 'egress-not-authorized', 'problem', evidence, {
      egressIp: missing[0] ?? '',
      authorizedRanges: ranges.join(','),
    });
  },
};
