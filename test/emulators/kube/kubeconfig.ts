/**
 * The kubeconfig ARM's listClusterUserCredentials returns for a cluster served by this emulator:
 * the emulator's URL and CA, and either a static token (local accounts) or, for a cluster with
 * Entra ID integration, the kubelogin exec plugin AKS writes (which aksdiag must replace by its own token).
 */
import type { KubeEmulator } from './emulator.js';

export function kubeconfigFor(
  emu: Pick<KubeEmulator, 'server' | 'caPem'>,
  user: { token: string } | 'kubelogin',
  name = 'aks-lab',
): string {
  const ca = emu.caPem
    ? `    certificate-authority-data: ${Buffer.from(emu.caPem).toString('base64')}\n`
    : '';
  const auth =
    user === 'kubelogin'
      ? [
          '    exec:',
          '      apiVersion: client.authentication.k8s.io/v1beta1',
          '      command: kubelogin',
          '      args: [get-token, --environment, AzurePublicCloud, --server-id, 6dae42f8-4368-4678-94ff-3960e28e3630, --login, devicecode]',
          '      interactiveMode: IfAvailable',
          '      provideClusterInfo: false',
        ].join('\n')
      : `    token: ${user.token}`;
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- cluster:',
    `${ca}    server: ${emu.server}`,
    `  name: ${name}`,
    'contexts:',
    '- context:',
    `    cluster: ${name}`,
    `    user: clusterUser_rg-lab_${name}`,
    `  name: ${name}`,
    `current-context: ${name}`,
    'users:',
    `- name: clusterUser_rg-lab_${name}`,
    '  user:',
    auth,
    '',
  ].join('\n');
}
