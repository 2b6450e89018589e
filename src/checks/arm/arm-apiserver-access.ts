import { z } from 'zod';
import { inAnyCidr } from '../../engine/cidr.js';
import { ipv4Literal } from '../params.js';
import { type ArmCheck, armFinding } from './arm-check.js';

/** Is the API server private, and may the client's public IP reach it through the authorized ranges? */
export const armApiserverAccess: ArmCheck<{ clientIp?: string }> = {
  id: 'arm-apiserver-access',
  params: z.object({ clientIp: ipv4Literal.optional() }).strict(),
  evaluate(inv, { clientIp }) {
    const ranges = inv.access.authorizedIpRanges;
    const values = { authorizedRanges: ranges.join(','), privateFqdn: inv.privateFqdn ?? '' };
    const name = inv.cluster.name;
    if (inv.access.privateCluster) {
      return armFinding(
        this.id,
        name,
        'private',
        'problem',
        `enablePrivateCluster: true (private FQDN ${inv.privateFqdn ?? 'unknown'})`,
        values,
      );
    }
    if (ranges.length === 0) {
      return armFinding(
        this.id,
        name,
        'no-ranges',
        'ok',
        'apiServerAccessProfile.authorizedIPRanges is empty: any address may connect',
        values,
      );
    }
    const evidence = `authorizedIPRanges: ${ranges.join(', ')}`;
    if (!clientIp) {
      return armFinding(this.id, name, 'ranges-set', 'ok', evidence, values, [
        "the client's public IP is not known: pass it (e.g. --client-ip) to decide",
      ]);
    }
    const allowed = inAnyCidr(clientIp, ranges);
    return armFinding(
      this.id,
      name,
      allowed ? 'ip-authorized' : 'ip-not-authorized',
      allowed ? 'ok' : 'problem',
      `${evidence}; client ${clientIp}`,
      {
        ...values,
        clientIp,
      },
    );
  },
};
