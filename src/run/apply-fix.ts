/**
 * "Apply fix" after a person confirmed it: ARM changes and node scripts through Azure, changes to
 * Kubernetes objects through the cluster's API as aksdiag's own identity. The one entry point the bot
 * (and the lab's tests) use, so both take the same path.
 */
import { applyFixAction } from '../azure/apply-fix.js';
import type { FixAction } from '../engine/fix-action.js';
import { applyKubeFix } from '../kube/apply-fix.js';
import { buildKubeConfig } from '../kube/kubeconfig.js';
import { type KubeAccessDeps, writeConnection } from './kube-snapshot.js';

/** Resolves with one line saying what changed; throws a coded error saying why not. */
export async function applyFix(action: FixAction, deps: KubeAccessDeps): Promise<string> {
  const poll = { nodeDeadlineMs: deps.config.nodeDeadlineMs, pollMs: deps.config.runCommandPollMs };
  if (action.kind !== 'kube') return applyFixAction(deps.azure, action, poll);
  const ref = {
    subscription: action.subscription,
    resourceGroup: action.resourceGroup,
    name: action.cluster,
    location: '',
  };
  const kc = buildKubeConfig(await writeConnection(ref, deps));
  return applyKubeFix(kc, action.change, { timeoutMs: deps.config.kubeTimeoutMs });
}
