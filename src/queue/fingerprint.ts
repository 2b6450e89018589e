/**
 * The identity of a check for the result cache: the same check on the same target with the same
 * parameters. A node target is its VM (subscription/resource group/scale set/instance, as Azure
 * compares them, case-insensitively); cluster and ARM targets are the cluster's resource id.
 */
import { createHash } from 'node:crypto';
import type { CheckRequest } from '../domain/checks.js';
import type { ClusterRef } from '../domain/inventory.js';
import { vmLockKey } from '../azure/run-command.js';

export function fingerprint(req: CheckRequest, cluster: ClusterRef): string {
  const where =
    req.target.kind === 'node'
      ? `vm:${vmLockKey(req.target)}`
      : `${req.target.kind}:${cluster.subscription}/${cluster.resourceGroup}/${cluster.name}`.toLowerCase();
  const params = Object.keys(req.params)
    .sort()
    .map((k) => [k, req.params[k]]);
  return createHash('sha256')
    .update(JSON.stringify([req.check, where, params]))
    .digest('hex');
}
