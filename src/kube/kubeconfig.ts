/**
 * Builds the client-node KubeConfig from what aksdiag has: an API server URL and a bearer token
 * (an Entra token for the AKS server application), or the kubeconfig text from the cluster's user
 * credentials. Bad input fails here, when the reader is built, not on the first call.
 */
import { KubeConfig, type Cluster, type User } from '@kubernetes/client-node';
import { AksdiagError } from '../errors.js';

export interface KubeConnectOptions {
  /** API server URL. With `kubeconfigText` it replaces the kubeconfig's server (empty: keep it). */
  server: string;
  /** Bearer token; with `kubeconfigText` it replaces the kubeconfig user's credentials. */
  token?: string;
  /** A kubeconfig (e.g. managedClusters.listClusterUserCredentials, decoded). Its current context is used. */
  kubeconfigText?: string;
  /** Extra CA that signed the API server certificate (PEM). */
  caPem?: string;
  /** Do not verify the server certificate; also what client-node requires for a plain http:// server. */
  skipTlsVerify?: boolean;
  /** Per-request limit in ms (default 15 000): an unanswered call fails as 'kube-unreachable'. */
  timeoutMs?: number;
}

function invalid(message: string, hint: string, cause?: unknown): AksdiagError {
  return new AksdiagError('config-invalid', message, hint, cause === undefined ? {} : { cause });
}

function checkServer(server: string, skipTlsVerify: boolean): void {
  let url: URL;
  try {
    url = new URL(server);
  } catch (err) {
    throw invalid(
      `The Kubernetes API server "${server}" is not a URL.`,
      'Pass https://<cluster fqdn>:443.',
      err,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw invalid(
      `The Kubernetes API server "${server}" is not http(s).`,
      'Pass https://<cluster fqdn>:443.',
    );
  }
  if (url.protocol === 'http:' && !skipTlsVerify) {
    throw invalid(
      `The Kubernetes API server "${server}" is plain http.`,
      'AKS serves https only: use https://<cluster fqdn>:443 (plain http is only for local emulators, with skipTlsVerify).',
    );
  }
}

export function buildKubeConfig(o: KubeConnectOptions): KubeConfig {
  const kc = new KubeConfig();
  let cluster: Cluster = { name: 'aks', server: o.server, skipTLSVerify: o.skipTlsVerify ?? false };
  let user: User = { name: 'aksdiag', ...(o.token ? { token: o.token } : {}) };
  if (o.kubeconfigText !== undefined) {
    const loaded = new KubeConfig();
    try {
      loaded.loadFromString(o.kubeconfigText);
    } catch (err) {
      throw invalid(
        'The kubeconfig could not be read.',
        'Pass the kubeconfig text as returned by az aks get-credentials.',
        err,
      );
    }
    const c = loaded.getCurrentCluster();
    const u = loaded.getCurrentUser();
    if (!c || !u)
      throw invalid('The kubeconfig has no current context.', 'Set current-context in the kubeconfig.');
    cluster = {
      ...c,
      server: o.server || c.server,
      ...(o.skipTlsVerify !== undefined ? { skipTLSVerify: o.skipTlsVerify } : {}),
    };
    // A token replaces the user's credentials entirely (an exec plugin such as kubelogin would
    // otherwise run first).
    user = o.token ? { name: u.name, token: o.token } : u;
  }
  if (o.caPem) cluster = { ...cluster, caData: Buffer.from(o.caPem, 'utf8').toString('base64') };
  checkServer(cluster.server, cluster.skipTLSVerify);
  kc.loadFromOptions({
    clusters: [cluster],
    users: [user],
    contexts: [{ name: 'aksdiag', cluster: cluster.name, user: user.name }],
    currentContext: 'aksdiag',
  });
  return kc;
}
