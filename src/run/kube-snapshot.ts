/**
 * Reads the cluster's KubeSnapshot the way an engineer would get in: the user kubeconfig from ARM
 * (with an Entra token when the cluster uses Entra ID), and when the API server is private or does
 * not answer this machine, kubectl inside the cluster through command invoke. Never throws: a
 * cluster aksdiag cannot read gives the reason, and the Kubernetes checks become "could not check".
 */
import type { TokenCredential } from '@azure/identity';
import { KubeConfig } from '@kubernetes/client-node';
import type { AzureClientFactory } from '../azure/clients.js';
import { clusterKubeconfig, commandInvoke } from '../azure/command-invoke.js';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config, HomeCluster } from '../config.js';
import type { ClusterInventory, ClusterRef } from '../domain/inventory.js';
import type { KubeSnapshot } from '../domain/kube.js';
import { AksdiagError, describeError } from '../errors.js';
import { type KubeConnectOptions, connectKube, fromCommandInvokeJson } from '../kube/index.js';
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
  config: Pick<Config, 'kubeTimeoutMs' | 'nodeDeadlineMs' | 'runCommandPollMs' | 'homeCluster'>;
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

interface Credentials {
  kind: 'user' | 'admin';
  kubeconfig: string;
  /** Replaces the kubeconfig's user for Entra ID clusters (whose kubeconfig runs kubelogin). */
  token?: string;
}

async function credentials(
  kind: Credentials['kind'],
  ref: ClusterRef,
  deps: KubeAccessDeps,
): Promise<Credentials> {
  const kubeconfig = await clusterKubeconfig(deps.azure, ref, kind);
  return usesExecPlugin(kubeconfig)
    ? { kind, kubeconfig, token: await entraToken(deps.credential) }
    : { kind, kubeconfig };
}

/** Whether `query` (`name`, `rg/name`, `sub/rg/name`) names the cluster `ref`. */
function isCluster(query: string, ref: ClusterRef): boolean {
  const [name, rg, sub] = query.split('/').reverse();
  const same = (a: string | undefined, b: string) => a === undefined || a.toLowerCase() === b.toLowerCase();
  return same(name, ref.name) && same(rg, ref.resourceGroup) && same(sub, ref.subscription);
}

/** The pod's service account: token and CA as the kubelet mounts them (the token file is rotated). */
async function inClusterOptions(home: HomeCluster): Promise<KubeConnectOptions> {
  const [token, caPem] = await Promise.all([
    readFile(join(home.serviceAccountDir, 'token'), 'utf8'),
    readFile(join(home.serviceAccountDir, 'ca.crt'), 'utf8'),
  ]).catch((err: unknown) => {
    throw new AksdiagError(
      'config-invalid',
      `Cannot read the service account in ${home.serviceAccountDir}: ${describeError(err)}`,
      "Mount the pod's service account token (automountServiceAccountToken: true), or unset AKSDIAG_HOME_CLUSTER.",
      { cause: err },
    );
  });
  return { server: home.server, token: token.trim(), caPem };
}

type LiveRead = { snapshot: KubeSnapshot } | { denied: string } | { unreachable: string };

const fromKubeconfig = (creds: Credentials): KubeConnectOptions => ({
  server: '',
  kubeconfigText: creds.kubeconfig,
  ...(creds.token ? { token: creds.token } : {}),
});

async function readLive(
  options: KubeConnectOptions,
  request: SnapshotRequest,
  deps: KubeAccessDeps,
): Promise<LiveRead> {
  try {
    const reader = connectKube({ timeoutMs: deps.config.kubeTimeoutMs, ...options });
    return { snapshot: await readLiveSnapshot(reader, request) };
  } catch (err) {
    if (err instanceof AksdiagError && err.code === 'kube-permission') return { denied: describeError(err) };
    return { unreachable: describeError(err) };
  }
}

/**
 * How to reach a cluster's API to change something (Apply fix): the home cluster's service account, or
 * the user credentials from ARM with aksdiag's Entra token. Never the local admin account: a change is
 * made as the identity the operators granted, or not at all.
 */
export async function writeConnection(ref: ClusterRef, deps: KubeAccessDeps): Promise<KubeConnectOptions> {
  const home = deps.config.homeCluster;
  if (home && isCluster(home.cluster, ref)) return inClusterOptions(home);
  return fromKubeconfig(await credentials('user', ref, deps));
}

export async function readKubeAccess(
  ref: ClusterRef,
  inventory: ClusterInventory,
  request: SnapshotRequest,
  deps: KubeAccessDeps,
): Promise<KubeAccess> {
  const notes: string[] = [];
  const home = deps.config.homeCluster;
  if (home && isCluster(home.cluster, ref)) {
    // aksdiag runs in this cluster: its own service account, no ARM credentials needed.
    const read = await readLive(await inClusterOptions(home), request, deps);
    if ('snapshot' in read) return { kind: 'snapshot', snapshot: read.snapshot, via: 'api', notes };
    notes.push(`In-cluster service account: ${'denied' in read ? read.denied : read.unreachable}`);
  }
  const attempt = async (kind: Credentials['kind']) =>
    credentials(kind, ref, deps).catch((err: unknown) => {
      notes.push(describeError(err));
      return null;
    });
  const user = await attempt('user');

  if (!inventory.access.privateCluster) {
    let denied: string | null = null;
    const first = user ? await readLive(fromKubeconfig(user), request, deps) : null;
    if (first && 'snapshot' in first)
      return { kind: 'snapshot', snapshot: first.snapshot, via: 'api', notes };
    if (first && 'denied' in first) denied = first.denied;
    // The user's credentials missing or refused: the admin account, where local accounts allow it.
    if (!first || denied) {
      const admin = await attempt('admin');
      const second = admin ? await readLive(fromKubeconfig(admin), request, deps) : null;
      if (second && 'snapshot' in second) {
        notes.push("Read with the cluster's local admin credentials (the user credentials were refused).");
        return { kind: 'snapshot', snapshot: second.snapshot, via: 'api', notes };
      }
      // Denied is denied: command invoke runs as the same identity, so it would be refused too.
      if (denied) return { kind: 'unavailable', reason: [denied, ...notes].join(' ') };
    }
    if (first && 'unreachable' in first) {
      notes.push(`The API server did not answer directly (${first.unreachable}); used command invoke.`);
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
      ...(user?.token ? { clusterToken: user.token } : {}),
    });
    const objects = fromCommandInvokeJson(listsFromLogs(result.logs));
    const snapshot = snapshotFromObjects(objects, asked, accessFromLogs(result.logs));
    return { kind: 'snapshot', snapshot, via: 'command-invoke', notes };
  } catch (err) {
    return { kind: 'unavailable', reason: [...notes, describeError(err)].join(' ') };
  }
}
