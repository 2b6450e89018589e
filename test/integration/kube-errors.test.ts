/**
 * How src/kube fails, with the REAL @kubernetes/client-node: refused credentials and RBAC denials
 * are 'kube-permission' naming what is missing; a server that is down or never answers is
 * 'kube-unreachable' pointing at command invoke; bad configuration fails when the reader is built.
 * Also the production credential path: the kubeconfig from the ARM emulator's
 * listClusterUserCredentials, pointed at the Kubernetes emulator.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { AksdiagError } from '../../src/errors.js';
import { connectKube, type KubeConnectOptions } from '../../src/kube/index.js';
import { aksKubeState, startKubeEmulator, type AksKube, type KubeEmulator } from '../emulators/kube/index.js';
import { aksCluster, createArmClients, startArmEmulator, type ArmEmulator } from '../emulators/arm/index.js';

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(stops.splice(0).map((s) => s()));
});

async function start(kube: AksKube = aksKubeState()): Promise<{ kube: AksKube; emu: KubeEmulator }> {
  const emu = await startKubeEmulator(kube.state);
  stops.push(() => emu.stop());
  return { kube, emu };
}

const connect = (emu: { server: string }, extra: Partial<KubeConnectOptions> = {}) =>
  connectKube({ server: emu.server, skipTlsVerify: true, timeoutMs: 5000, ...extra });

async function failure(p: Promise<unknown>): Promise<AksdiagError> {
  const err = await p.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AksdiagError);
  return err as AksdiagError;
}

describe('credentials and RBAC', () => {
  it('401 without a token or with an unknown one → kube-permission about credentials', async () => {
    const { emu } = await start();
    for (const token of [undefined, 'stale-token']) {
      const err = await failure(connect(emu, token ? { token } : {}).listNodes());
      expect(err.code).toBe('kube-permission');
      expect(err.message).toContain('401');
      expect(err.hint).toMatch(/az aks get-credentials/);
      expect(err.cause).toMatchObject({ code: 401 });
    }
    expect(emu.requests.map((r) => r.status)).toEqual([401, 401]);
  });

  it('403 → kube-permission naming the verb, resource and namespace that are missing', async () => {
    const { kube, emu } = await start();
    const k = connect(emu, { token: kube.forbiddenToken });
    const err = await failure(k.listPods('shop'));
    expect(err.code).toBe('kube-permission');
    expect(err.message).toContain(
      'pods is forbidden: User "nobody@contoso.com" cannot list resource "pods" in API group "" in the namespace "shop"',
    );
    expect(err.hint).toContain('lacks "list" on pods in namespace shop');
    expect(err.hint).toContain('kubectl create role aksdiag-read -n shop --verb=list --resource=pods');

    const crd = await failure(k.listNodeNetworkConfigs());
    expect(crd.hint).toContain('--resource=nodenetworkconfigs.acn.azure.com');
    const review = await failure(k.canI('alice@contoso.com', 'get', 'pods'));
    expect(review.code).toBe('kube-permission');
    expect(review.hint).toContain('lacks "create" on subjectaccessreviews.authorization.k8s.io cluster-wide');
  });

  it('a partly-permitted identity reads what it may and gets a cluster-scope hint for the rest', async () => {
    const kube = aksKubeState();
    kube.state.auth.tokens['alice-token'] = { user: 'alice@contoso.com', enforceAccess: true };
    const { emu } = await start(kube);
    const k = connect(emu, { token: 'alice-token' });
    expect(await k.listPods('shop')).toHaveLength(2);
    const err = await failure(k.listNodes());
    expect(err.code).toBe('kube-permission');
    expect(err.message).toContain('cannot list resource "nodes" in API group "" at the cluster scope');
    expect(err.hint).toContain('kubectl create clusterrole aksdiag-read --verb=list --resource=nodes');
  });
});

describe('an unreachable API server', () => {
  it('connection refused → kube-unreachable with the private-cluster hint', async () => {
    const { kube, emu } = await start();
    await stops.pop()!();
    const err = await failure(connect(emu, { token: kube.token }).listPods());
    expect(err.code).toBe('kube-unreachable');
    expect(err.message).toContain('ECONNREFUSED');
    expect(err.message).toContain(emu.server);
    expect(err.hint).toMatch(/private.*command invoke/);
  });

  it('a server that never answers → kube-unreachable after the timeout, not a hang', async () => {
    const { kube, emu } = await start();
    emu.hang((r) => r.path === '/api/v1/nodes');
    const k = connect(emu, { token: kube.token, timeoutMs: 200 });
    const err = await failure(k.listNodes());
    expect(err).toMatchObject({ code: 'kube-unreachable', message: expect.stringContaining('timed out') });
    expect(await k.listServices('shop')).toHaveLength(2);
  });

  it('a failing server (503) → kube-unreachable with the status', async () => {
    const { kube, emu } = await start();
    emu.failNext(1, 503);
    const k = connect(emu, { token: kube.token });
    const err = await failure(k.getService('shop', 'web'));
    expect(err.code).toBe('kube-unreachable');
    expect(err.message).toContain('answered 503 (ServiceUnavailable');
    expect(await k.getService('shop', 'web')).not.toBeNull();
  });
});

describe('configuration', () => {
  it('is checked when the reader is built', () => {
    const invalid = (o: KubeConnectOptions) => {
      try {
        connectKube(o);
      } catch (e) {
        return (e as AksdiagError).code;
      }
      return 'built';
    };
    expect(invalid({ server: 'http://127.0.0.1:1', token: 't' })).toBe('config-invalid');
    expect(invalid({ server: 'not a url', token: 't' })).toBe('config-invalid');
    expect(invalid({ server: 'ftp://x', token: 't' })).toBe('config-invalid');
    expect(invalid({ server: '', kubeconfigText: 'clusters: [' })).toBe('config-invalid');
    expect(invalid({ server: '', kubeconfigText: 'apiVersion: v1\nkind: Config\n' })).toBe('config-invalid');
    expect(invalid({ server: 'https://aks-lab.hcp.eastus.azmk8s.io:443', token: 't' })).toBe('built');
  });

  it('uses the kubeconfig from listClusterUserCredentials (ARM emulator), pointed at the API emulator', async () => {
    const lab = aksCluster();
    const arm: ArmEmulator = await startArmEmulator(lab.state);
    stops.push(() => arm.stop());
    const creds = await createArmClients(
      arm,
      lab.subscriptionId,
    ).containers.managedClusters.listClusterUserCredentials(lab.resourceGroup, lab.clusterName);
    const kubeconfigText = Buffer.from(creds.kubeconfigs![0]!.value!).toString('utf8');
    expect(kubeconfigText).toContain('server: https://');

    const kube = aksKubeState({ lab });
    kube.state.auth.tokens['emulator-token'] = { user: 'clusterUser' };
    const { emu } = await start(kube);
    const k = connectKube({ server: emu.server, kubeconfigText, skipTlsVerify: true });
    expect(k.server).toBe(emu.server);
    expect((await k.listNodes()).map((n) => n.name)).toEqual(kube.nodeNames);
    expect(emu.requests[0]).toMatchObject({ user: 'clusterUser', status: 200 });

    // A token given alongside replaces the kubeconfig user's credentials.
    const k2 = connectKube({ server: emu.server, kubeconfigText, token: kube.token, skipTlsVerify: true });
    await k2.listNodes();
    expect(emu.requests[1]).toMatchObject({ user: 'aksdiag-reader' });
  });
});
