/**
 * Command invoke (managedClusters.runCommand, `az aks command invoke`): Azure runs a command in a
 * pod inside the cluster with kubectl, and hands back its logs and exit code. It is how aksdiag reads
 * a private cluster, or one whose authorized IP ranges keep this machine out.
 */
import type { ClusterRef } from '../domain/inventory.js';
import { AksdiagError } from '../errors.js';
import { type AzureClientFactory, azureError } from './clients.js';

export interface CommandInvokeResult {
  exitCode: number;
  logs: string;
}

export interface CommandInvokeOptions {
  /** The whole call ends by then. */
  deadlineMs: number;
  pollMs?: number;
  /** Entra token for the AKS server application, for clusters with Entra ID integration. */
  clusterToken?: string;
}

const ROLE =
  'Grant the identity Microsoft.ContainerService/managedClusters/runCommand/action and listClusterUserCredential/action on the cluster (for example "Azure Kubernetes Service Cluster User Role" plus a role with runCommand).';

export async function commandInvoke(
  azure: AzureClientFactory,
  ref: ClusterRef,
  command: string,
  options: CommandInvokeOptions,
): Promise<CommandInvokeResult> {
  const containers = await azure.containers(ref.subscription);
  let result;
  try {
    result = await containers.managedClusters.runCommand(
      ref.resourceGroup,
      ref.name,
      { command, ...(options.clusterToken ? { clusterToken: options.clusterToken } : {}) },
      { updateIntervalInMs: options.pollMs ?? 5000, abortSignal: AbortSignal.timeout(options.deadlineMs) },
    );
  } catch (err) {
    const mapped = azureError(err, `run kubectl in cluster ${ref.name} (command invoke)`, ROLE);
    if (mapped instanceof AksdiagError) throw mapped;
    const text = err instanceof Error ? err.message : String(err);
    throw new AksdiagError(
      'kube-unreachable',
      `Command invoke on ${ref.name} did not complete: ${text}`,
      'Command invoke needs the cluster running and able to pull its command pod; try again, or run aksdiag where the API server is reachable.',
      { cause: err },
    );
  }
  if (result.provisioningState && result.provisioningState !== 'Succeeded') {
    throw new AksdiagError(
      'kube-unreachable',
      `Command invoke on ${ref.name} ended ${result.provisioningState}: ${result.reason ?? 'no reason given'}`,
      'Check that the cluster is running and healthy (az aks show), then try again.',
    );
  }
  return { exitCode: result.exitCode ?? -1, logs: result.logs ?? '' };
}

/**
 * The kubeconfig of the cluster's user credentials (what `az aks get-credentials` writes), or with
 * `admin` its local admin account's, which AKS refuses when local accounts are disabled.
 */
export async function clusterKubeconfig(
  azure: AzureClientFactory,
  ref: ClusterRef,
  kind: 'user' | 'admin' = 'user',
): Promise<string> {
  const clusters = (await azure.containers(ref.subscription)).managedClusters;
  try {
    const creds =
      kind === 'user'
        ? await clusters.listClusterUserCredentials(ref.resourceGroup, ref.name)
        : await clusters.listClusterAdminCredentials(ref.resourceGroup, ref.name);
    const value = creds.kubeconfigs?.[0]?.value;
    if (!value) throw new Error('the response held no kubeconfig');
    // The SDK decodes the wire's base64 into bytes.
    return Buffer.from(value).toString('utf8');
  } catch (err) {
    throw azureError(
      err,
      `read the ${kind} credentials of cluster ${ref.name}`,
      kind === 'user'
        ? 'Grant the identity "Azure Kubernetes Service Cluster User Role" on the cluster.'
        : 'Grant the identity "Azure Kubernetes Service Cluster Admin Role" on the cluster (and keep local accounts enabled), or give its user credentials read access in the cluster.',
    );
  }
}
