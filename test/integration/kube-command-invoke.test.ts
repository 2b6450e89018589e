/**
 * Private clusters: `kubectl get ... -o json` run by command invoke (managedClusters.runCommand on
 * the ARM emulator, with the real SDK) parses into the same plain types the live reader returns
 * from the Kubernetes emulator for the same cluster.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { AksdiagError } from '../../src/errors.js';
import { connectKube, detectTunnel, fromCommandInvokeJson, type KubeReader } from '../../src/kube/index.js';
import { aksKubeState, kubectlGetJson, startKubeEmulator, type AksKube } from '../emulators/kube/index.js';
import { aksCluster, createArmClients, startArmEmulator } from '../emulators/arm/index.js';

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(stops.splice(0).map((s) => s()));
});

async function live(kube: AksKube): Promise<KubeReader> {
  const emu = await startKubeEmulator(kube.state);
  stops.push(() => emu.stop());
  return connectKube({ server: emu.server, token: kube.token, skipTlsVerify: true });
}

/** What kubectl prints for `kubectl get pods -n shop -o json` (trimmed real output shape). */
const KUBECTL_PODS = `{
    "apiVersion": "v1",
    "items": [
        {
            "apiVersion": "v1",
            "kind": "Pod",
            "metadata": {
                "creationTimestamp": "2026-11-02T09:14:07Z",
                "generateName": "web-5d8f7c9b6-",
                "labels": { "app": "web", "pod-template-hash": "5d8f7c9b6" },
                "name": "web-5d8f7c9b6-x2k9q",
                "namespace": "shop",
                "ownerReferences": [
                    { "apiVersion": "apps/v1", "blockOwnerDeletion": true, "controller": true, "kind": "ReplicaSet", "name": "web-5d8f7c9b6", "uid": "0f6c" }
                ]
            },
            "spec": {
                "containers": [
                    { "image": "shop/web:1.4.2", "name": "web", "ports": [ { "containerPort": 8080, "name": "http", "protocol": "TCP" } ] }
                ],
                "nodeName": "aks-nodepool1-12345678-vmss000001"
            },
            "status": {
                "conditions": [
                    { "lastTransitionTime": "2026-11-02T09:14:09Z", "status": "True", "type": "Ready" }
                ],
                "containerStatuses": [ { "name": "web", "ready": true, "restartCount": 3 } ],
                "phase": "Running",
                "podIP": "10.244.1.17",
                "podIPs": [ { "ip": "10.244.1.17" } ]
            }
        }
    ],
    "kind": "List",
    "metadata": { "resourceVersion": "" }
}
`;

describe('fromCommandInvokeJson', () => {
  it('parses a kubectl get pods -o json list', () => {
    const out = fromCommandInvokeJson(KUBECTL_PODS);
    expect(out.pods).toEqual([
      {
        namespace: 'shop',
        name: 'web-5d8f7c9b6-x2k9q',
        labels: { app: 'web', 'pod-template-hash': '5d8f7c9b6' },
        nodeName: 'aks-nodepool1-12345678-vmss000001',
        phase: 'Running',
        podIP: '10.244.1.17',
        hostNetwork: false,
        ready: true,
        restarts: 3,
        containerPorts: [{ container: 'web', name: 'http', containerPort: 8080, protocol: 'TCP' }],
        owner: { kind: 'ReplicaSet', name: 'web-5d8f7c9b6' },
      },
    ]);
    expect(out.services).toEqual([]);
    expect(out.otherKinds).toEqual([]);
  });

  it('gives the same plain data as the live API for every kind', async () => {
    const kube = aksKubeState();
    kube.state.networkPolicies.push({
      metadata: { name: 'allow-dns', namespace: 'shop' },
      spec: {
        podSelector: {},
        egress: [{ to: [{ namespaceSelector: {} }], ports: [{ protocol: 'UDP', port: 53 }] }],
      },
    });
    const k = await live(kube);
    const text = kubectlGetJson(kube.state, [
      'pods',
      'services',
      'nodes',
      'networkpolicies',
      'deployments',
      'nodenetworkconfigs',
    ]);
    const out = fromCommandInvokeJson(text);
    expect(out.pods).toEqual(await k.listPods());
    expect(out.services).toEqual(await k.listServices());
    expect(out.nodes).toEqual(await k.listNodes());
    expect(out.networkPolicies).toEqual(await k.listNetworkPolicies());
    expect(out.nodeNetworkConfigs).toEqual(await k.listNodeNetworkConfigs());
    expect(detectTunnel(out.deployments, out.pods)).toEqual(await k.tunnelComponent());

    const slices = fromCommandInvokeJson(kubectlGetJson(kube.state, ['endpointslices'], 'shop')).endpoints;
    expect(slices.find((e) => e.service === 'web')).toEqual(await k.getEndpoints('shop', 'web'));
  });

  it('reads several documents with kubectl warnings around them; slices win over Endpoints', () => {
    const kube = aksKubeState();
    const text = [
      'Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice',
      'Warning: an unclosed { brace in a warning',
      kubectlGetJson(kube.state, ['endpoints'], 'kube-system'),
      kubectlGetJson(kube.state, ['endpointslices'], 'kube-system'),
      'command finished {exit 0}',
    ].join('\n');
    const out = fromCommandInvokeJson(text);
    const dns = out.endpoints.filter((e) => e.service === 'kube-dns');
    expect(dns).toHaveLength(1);
    expect(dns[0]).toMatchObject({
      source: 'endpointslices',
      addresses: [expect.anything(), expect.anything()],
    });
  });

  it('fills item kinds from a typed list (kubectl get --raw) and notes kinds it does not read', () => {
    const raw = JSON.stringify({
      kind: 'NodeList',
      apiVersion: 'v1',
      items: [
        { metadata: { name: 'n1' }, status: { addresses: [{ type: 'InternalIP', address: '10.224.0.9' }] } },
      ],
    });
    const cm = JSON.stringify({ kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'coredns-custom' } });
    const out = fromCommandInvokeJson(`${raw}\n${cm}`);
    expect(out.nodes).toMatchObject([{ name: 'n1', internalIp: '10.224.0.9', ready: false, vm: null }]);
    expect(out.otherKinds).toEqual(['ConfigMap']);
  });

  it("maps kubectl's errors to the live API's codes", () => {
    const code = (text: string) => {
      try {
        fromCommandInvokeJson(text);
        return 'parsed';
      } catch (e) {
        expect(e).toBeInstanceOf(AksdiagError);
        return (e as AksdiagError).code;
      }
    };
    expect(
      code(
        'Error from server (Forbidden): pods is forbidden: User "alice@contoso.com" cannot list resource "pods" in API group "" in the namespace "kube-system"\n',
      ),
    ).toBe('kube-permission');
    expect(code('error: You must be logged in to the server (Unauthorized)\n')).toBe('kube-permission');
    expect(code('Unable to connect to the server: dial tcp 10.0.0.1:443: i/o timeout\n')).toBe(
      'kube-unreachable',
    );
    expect(
      code(
        'The connection to the server localhost:8080 was refused - did you specify the right host or port?\n',
      ),
    ).toBe('kube-unreachable');
    expect(code('')).toBe('kube-unreachable');
    expect(code('NAME   READY   STATUS\nweb-1  1/1     Running\n')).toBe('kube-unreachable');
    const missing = fromCommandInvokeJson('error: the server doesn\'t have a resource type "nnc"\n');
    expect(missing.missingResourceTypes).toEqual(['nnc']);
    expect(missing.nodeNetworkConfigs).toEqual([]);
  });
});

describe('through the ARM emulator', () => {
  it('runs kubectl via managedClusters.runCommand and parses its logs', async () => {
    const lab = aksCluster({ privateCluster: true });
    const kube = aksKubeState({ lab, tunnel: 'aks-link' });
    const commands: string[] = [];
    const arm = await startArmEmulator(lab.state, {
      commandInvokeExecutor: async (ctx) => {
        commands.push(ctx.command);
        return { exitCode: 0, logs: kubectlGetJson(kube.state, ['pods', 'deployments'], 'kube-system') };
      },
    });
    stops.push(() => arm.stop());
    const c = createArmClients(arm, lab.subscriptionId);
    const result = await c.containers.managedClusters.runCommand(
      lab.resourceGroup,
      lab.clusterName,
      { command: 'kubectl get pods,deployments -n kube-system -o json' },
      { updateIntervalInMs: 10 },
    );
    expect(result.exitCode).toBe(0);
    const out = fromCommandInvokeJson(result.logs ?? '');
    expect(commands).toEqual(['kubectl get pods,deployments -n kube-system -o json']);
    expect(out.pods.filter((p) => p.labels['k8s-app'] === 'kube-dns')).toHaveLength(2);
    expect(detectTunnel(out.deployments, out.pods)).toMatchObject({
      kind: 'aks-link',
      port: 1194,
      nodes: ['aks-nodepool1-12345678-vmss000000'],
    });
  });
});
