/**
 * Reads the cluster's KubeSnapshot the way an engineer would get in: the user kubeconfig from ARM
 * (with an Entra token when the cluster uses Entra ID), and when the API server is private or does
 * not answer this machine, kubectl inside the cluster through command invoke. Never throws: a
 * cluster aksdiag cannot read gives the reason, and the Kubernetes checks become "could not check".
 */
import type { TokenCredential } from '@azure/identity';
import { KubeConfig } from '@kubernetes/client-node';
import type { AzureClientFactory } from '../azure/clients.js';
import { commandInvoke, userKubeconfig } from '../azure/command-invoke.js';
import type { Config } from '../config.js';
import type { ClusterInventory, ClusterRef } from '../domain/inventory.js';
import type { KubeSnapshot } from '../domain/kube.js';
import { AksdiagError, describeError } from '../errors.js';
import { connectKube, fromCommandInvokeJson } from '../kube/index.js';
import {
  type SnapshotRequest,
  accessFromLogs,
  listsFromLogs,
  readLiveSnapshot,
  snapshotCommand,
  snapshotFromObjects,
} from '../kube/snapshot.js';

/** The AKS server application (the same in every AKS cluster with Entra ID integration). */
export const AKS_SERVER_SCOPE = '6dae42f8-4368-4678-94ff-3960e28e3630/.default';

export type KubeAccess =
  | { kind: 'snapshot'; snapshot: KubeSnapshot; via: 'api' | 'command-invoke'; notes: string[] }
  | { kind: 'unavailable'; reason: string };

export interface KubeAccessDeps {
  azure: AzureClientFactory;
  credential: TokenCredential;
  config: Pick<Config, 'kubeTimeoutMs' | 'nodeDeadlineMs' | 'runCommandPollMs'>;
}

/** A kubeconfig whose user runs a plugin (kubelogin) is an Entra ID cluster: use our own token instead. */
function usesExecPlugin(kubeconfig: string): boolean {
  try {
    const kc = new KubeConfig();
    kc.loadFromString(kubeconfig);
    return Boolean(kc.getCurrentUser()?.exec);
  } catch {
    return false;
  }
}

async function entraToken(credential: TokenCredential): Promise<string> {
  try {
    const token = await credential.getToken(AKS_SERVER_SCOPE);
    if (!token) throw new Error('no token returned');
    return token.token;
  } catch (err) {
    throw new AksdiagError(
      'azure-credentials',
      `Could not get an Entra ID token for the AKS server application: ${describeError(err)}`,
      'Check the identity aksdiag runs as; it needs a token for 6dae42f8-4368-4678-94ff-3960e28e3630.',
      { cause: err },
    );
  }
}

export async function readKubeAccess(
  ref: ClusterRef,
  inventory: ClusterInventory,
  request: SnapshotRequest,
  deps: KubeAccessDeps,
): Promise<KubeAccess> {
  const notes: string[] = [];
  let token: string | undefined;
  let kubeconfig: string | null = null;
  try {
    kubeconfig = await userKubeconfig(deps.azure, ref);
    if (usesExecPlugin(kubeconfig)) token = await entraToken(deps.credential);
  } catch (err) {
    notes.push(describeError(err));
  }

  if (kubeconfig !== null && !inventory.access.privateCluster) {
    try {
      const reader = connectKube({
        server: '',
        kubeconfigText: kubeconfig,
        timeoutMs: deps.config.kubeTimeoutMs,
        ...(token ? { token } : {}),
      });
      return { kind: 'snapshot', snapshot: await readLiveSnapshot(reader, request), via: 'api', notes };
    } catch (err) {
      // Denied is denied: command invoke runs as the same identity, so it would be denied too.
      if (err instanceof AksdiagError && err.code === 'kube-permission') {
        return { kind: 'unavailable', reason: describeError(err) };
      }
      notes.push(`The API server did not answer directly (${describeError(err)}); used command invoke.`);
    }
  }

  let command: string;
  let asked = request;
  try {
    command = snapshotCommand(request);
  } catch (err) {
    // A paste whose RBAC words do not validate: read the rest, leave the access review out.
    notes.push(describeError(err));
    asked = { ...request, access: null };
    command = snapshotCommand(asked);
  }
  try {
    const result = await commandInvoke(deps.azure, ref, command, {
      deadlineMs: deps.config.nodeDeadlineMs,
      pollMs: deps.config.runCommandPollMs,
      ...(token ? { clusterToken: token } : {}),
    });
    const objects = fromCommandInvokeJson(listsFromLogs(result.logs));
    const snapshot = snapshotFromObjects(objects, asked, accessFromLogs(result.logs));
    return { kind: 'snapshot', snapshot, via: 'command-invoke', notes };
  } catch (err) {
    return { kind: 'unavailable', reason: [...notes, describeError(err)].join(' ') };
  }
}
