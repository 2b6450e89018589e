/**
 * `aksdiag check` with the Kubernetes checks: the real CLI and SDK clients against the ARM emulator
 * (user credentials, command invoke) and the Kubernetes emulator over HTTPS (client-node). Each
 * Kubernetes cause is confirmed when the cluster is broken that way and ruled out when it is not,
 * read directly, with an Entra token, and through command invoke for private or unreachable clusters.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type AksLab,
  type ArmEmulator,
  aksCluster,
  fakeCredential,
  startArmEmulator,
} from '../emulators/arm/index.js';
import {
  AKSDIAG_USER,
  type AksKube,
  type KubeEmulator,
  aksKubeState,
  kubeconfigFor,
  runKubectlScript,
  startKubeEmulator,
} from '../emulators/kube/index.js';
import { runCli } from '../support/cli.js';
import { tunnelNodes } from '../support/node-answers.js';
import { setNotReady } from '../support/kube-snapshot.js';

interface Report {
  kube: { read: string; notes?: string[]; reason?: string };
  causes: {
    id: string;
    status: string;
    fix: string;
    evidence: { check: string; evidence: string | null }[];
  }[];
  findings: { check: string; verdict: string; values: Record<string, string> }[];
  skipped: { check: string; reason: string }[];
}

interface Setup {
  lab: AksLab;
  kube: AksKube;
  arm: ArmEmulator;
  api: KubeEmulator;
  invoked: string[];
  scripts: string[];
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(
  shape: {
    lab?: Parameters<typeof aksCluster>[0];
    kube?: Omit<Parameters<typeof aksKubeState>[0], 'lab'>;
    user?: 'token' | 'kubelogin' | 'forbidden';
  } = {},
): Promise<Setup> {
  const lab = aksCluster(shape.lab);
  const kube = aksKubeState({ lab, ...shape.kube });
  // The Entra token aksdiag gets from its credential is who it is in the cluster.
  kube.state.auth.tokens['emulator-token'] = { user: AKSDIAG_USER, groups: ['system:authenticated'] };
  const api = await startKubeEmulator(kube.state, { tls: true });
  cleanups.push(() => api.stop());
  const invoked: string[] = [];
  const scripts: string[] = [];
  const arm = await startArmEmulator(lab.state, {
    runCommandExecutor: tunnelNodes({ seen: scripts }),
    commandInvokeExecutor: async (ctx) => {
      invoked.push(ctx.command);
      return runKubectlScript(kube.state, ctx.command);
    },
  });
  cleanups.push(() => arm.stop());
  const user = shape.user ?? 'token';
  lab.managedCluster.userKubeconfig = kubeconfigFor(
    api,
    user === 'kubelogin' ? 'kubelogin' : { token: user === 'forbidden' ? kube.forbiddenToken : kube.token },
  );
  return { lab, kube, arm, api, invoked, scripts };
}

async function check(s: Setup, args: string[], env: Record<string, string> = {}): Promise<Report> {
  const { code, out, err } = await runCli(
    s.arm,
    s.lab.subscriptionId,
    ['check', 'aks-lab', ...args, '--json'],
    {
      env,
    },
  );
  if (code !== 0) throw new Error(`aksdiag check exited ${code}: ${err}`);
  return JSON.parse(out) as Report;
}

const statusOf = (r: Report) => Object.fromEntries(r.causes.map((c) => [c.id, c.status]));
const cause = (r: Report, id: string) => r.causes.find((c) => c.id === id)!;

const REFUSED =
  'curl: (7) Failed to connect to web.shop.svc.cluster.local port 80 after 3 ms: Connection refused';
const FORBIDDEN =
  'Error from server (Forbidden): pods "web-1" is forbidden: User "alice@contoso.com" cannot create resource "pods/exec" in API group "" in the namespace "shop"';
const LB_TIMEOUT = 'curl: (28) Failed to connect to 203.0.113.20 port 80 after 21045 ms: Timeout was reached';

describe('aksdiag check: Kubernetes causes', () => {
  it('a Service whose selector matches no pod: confirmed, with the selector the pods carry in the fix', async () => {
    const s = await setup();
    s.kube.state.services.find((x) => x.metadata.name === 'web')!.spec.selector = { app: 'web-v2' };
    const r = await check(s, ['--text', REFUSED]);
    expect(r.kube.read).toBe('api');
    expect(statusOf(r)).toMatchObject({
      'no-endpoints-selector-mismatch': 'confirmed',
      'target-port-mismatch': 'unknown',
    });
    expect(cause(r, 'no-endpoints-selector-mismatch').fix).toContain(
      `kubectl -n shop patch service web --type merge -p '{"spec":{"selector":{"app":"web"}}}'`,
    );
    // Every read went to the API server as aksdiag's identity, over TLS with the kubeconfig's CA.
    expect(s.api.requests.length).toBeGreaterThan(0);
    expect(s.invoked).toEqual([]);
  });

  it('the same Service healthy: selector and ports ruled out, kube-proxy judged on the right ClusterIP', async () => {
    const s = await setup();
    const r = await check(s, ['--text', REFUSED]);
    expect(statusOf(r)).toMatchObject({
      'no-endpoints-selector-mismatch': 'ruled-out',
      'target-port-mismatch': 'ruled-out',
      'network-policy': 'ruled-out',
    });
    // node-kube-proxy-rules got the Service's cluster IP from the API: the script carries it.
    expect(s.scripts.some((x) => x.includes('10.0.120.15'))).toBe(true);
  });

  it('a targetPort the pods do not listen on: confirmed, the fix patches that port to the container port', async () => {
    const s = await setup();
    s.kube.state.services.find((x) => x.metadata.name === 'web')!.spec.ports![0]!.targetPort = 9090;
    const r = await check(s, ['--text', REFUSED]);
    expect(statusOf(r)['target-port-mismatch']).toBe('confirmed');
    expect(cause(r, 'target-port-mismatch').fix).toContain('"path":"/spec/ports/0/targetPort","value":8080');
  });

  it('an RBAC denial: the access review confirms the missing binding and the fix names the user', async () => {
    const s = await setup();
    const r = await check(s, ['--text', FORBIDDEN]);
    expect(statusOf(r)['missing-role-binding']).toBe('confirmed');
    expect(cause(r, 'missing-role-binding').fix).toContain(
      'kubectl -n shop create role pods-exec-create --verb=create --resource=pods/exec && kubectl -n shop create rolebinding pods-exec-create --role=pods-exec-create --user=alice@contoso.com',
    );
    s.kube.state.auth.access.push({ user: 'alice@contoso.com', verbs: ['create'], resources: ['pods/exec'] });
    expect(statusOf(await check(s, ['--text', FORBIDDEN]))['missing-role-binding']).toBe('ruled-out');
  });

  it('a network policy that drops the load balancer traffic: confirmed, naming the policy', async () => {
    const s = await setup();
    s.lab.managedCluster.cluster.properties.networkProfile!.networkPolicy = 'azure';
    s.kube.state.networkPolicies.push({
      metadata: { name: 'only-ingress-nginx', namespace: 'shop' },
      spec: {
        podSelector: { matchLabels: { app: 'web' } },
        ingress: [
          {
            from: [
              { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } },
            ],
          },
        ],
      },
    });
    const r = await check(s, ['--symptom', 'lb-service-timeout', '--text', LB_TIMEOUT], {});
    expect(statusOf(r)['network-policy']).toBe('confirmed');
    expect(cause(r, 'network-policy').fix).toContain('kubectl -n shop edit networkpolicy only-ingress-nginx');
    s.kube.state.networkPolicies = [];
    expect(
      statusOf(await check(s, ['--symptom', 'lb-service-timeout', '--text', LB_TIMEOUT]))['network-policy'],
    ).toBe('ruled-out');
  });

  it('CoreDNS not ready: cluster-dns-failure confirmed', async () => {
    const s = await setup();
    setNotReady(s.kube.state, (p) => p.metadata.labels?.['k8s-app'] === 'kube-dns');
    const r = await check(s, ['--symptom', 'outbound-dns']);
    expect(statusOf(r)['cluster-dns-failure']).toBe('confirmed');
  });

  it("the tunnel's port comes from the cluster: tunnelfront makes the egress check test 9000", async () => {
    const s = await setup({ kube: { tunnel: 'tunnelfront' } });
    const r = await check(s, ['--symptom', 'tunnel-10250']);
    expect(r.findings.find((f) => f.check === 'k8s-tunnel-component')?.values).toMatchObject({
      tunnelComponent: 'tunnelfront',
      tunnelPort: '9000',
    });
    const egress = s.scripts.filter((x) => x.includes('nc -v') && x.includes('9000'));
    expect(egress.length).toBeGreaterThan(0);
  });
});

describe('aksdiag check: how the cluster is read', () => {
  it('an Entra ID cluster: the kubelogin plugin is replaced by a token for the AKS server app', async () => {
    const scopes: string[] = [];
    const s = await setup({ user: 'kubelogin' });
    s.kube.state.services.find((x) => x.metadata.name === 'web')!.spec.selector = { app: 'web-v2' };
    const credential = {
      getToken: async (scope: string | string[]) => {
        scopes.push(...[scope].flat());
        return fakeCredential.getToken(scope);
      },
    };
    const { out } = await runCli(
      s.arm,
      s.lab.subscriptionId,
      ['check', 'aks-lab', '--text', REFUSED, '--json'],
      {
        credential,
      },
    );
    const r = JSON.parse(out) as Report;
    expect(scopes).toContain('6dae42f8-4368-4678-94ff-3960e28e3630/.default');
    expect(r.kube.read).toBe('api');
    expect(statusOf(r)['no-endpoints-selector-mismatch']).toBe('confirmed');
  });

  it('a private cluster is read through command invoke, with the same verdicts', async () => {
    const s = await setup({ lab: { privateCluster: true } });
    s.kube.state.services.find((x) => x.metadata.name === 'web')!.spec.selector = { app: 'web-v2' };
    const r = await check(s, ['--text', REFUSED]);
    expect(r.kube.read).toBe('command-invoke');
    expect(s.api.requests).toEqual([]);
    expect(s.invoked).toHaveLength(1);
    expect(statusOf(r)).toMatchObject({
      'no-endpoints-selector-mismatch': 'confirmed',
      'target-port-mismatch': 'unknown',
    });
  });

  it('command invoke answers the RBAC question with kubectl auth can-i, the words quoted', async () => {
    const s = await setup({ lab: { privateCluster: true } });
    const r = await check(s, ['--text', FORBIDDEN]);
    expect(s.invoked[0]).toContain('kubectl auth can-i create pods/exec --as alice@contoso.com -n shop');
    expect(statusOf(r)['missing-role-binding']).toBe('confirmed');
  });

  it('an API server that does not answer this machine: falls back to command invoke, saying so', async () => {
    const s = await setup();
    s.api.hang();
    setNotReady(s.kube.state, (p) => p.metadata.labels?.['k8s-app'] === 'kube-dns');
    const r = await check(s, ['--symptom', 'outbound-dns'], { AKSDIAG_KUBE_TIMEOUT_SECONDS: '1' });
    expect(r.kube.read).toBe('command-invoke');
    expect(r.kube.notes!.join(' ')).toMatch(/did not answer directly.*used command invoke/);
    expect(statusOf(r)['cluster-dns-failure']).toBe('confirmed');
  });

  it('user credentials refused in the cluster: the local admin account is used where it is allowed', async () => {
    const s = await setup({ user: 'forbidden' });
    s.lab.managedCluster.adminKubeconfig = kubeconfigFor(s.api, { token: s.kube.token });
    s.kube.state.services.find((x) => x.metadata.name === 'web')!.spec.selector = { app: 'web-v2' };
    const r = await check(s, ['--text', REFUSED]);
    expect(r.kube.read).toBe('api');
    expect(r.kube.notes!.join(' ')).toContain('local admin credentials');
    expect(statusOf(r)['no-endpoints-selector-mismatch']).toBe('confirmed');

    s.lab.managedCluster.cluster.properties['disableLocalAccounts'] = true;
    const off = await check(s, ['--text', REFUSED]);
    expect(off.kube.read).toBe('unavailable');
    expect(off.kube.reason).toMatch(/forbidden.*disable local accounts/is);
  });

  it('the cluster aksdiag runs in: read with its own service account, no ARM credentials needed', async () => {
    const s = await setup({ user: 'forbidden' });
    s.kube.state.services.find((x) => x.metadata.name === 'web')!.spec.selector = { app: 'web-v2' };
    const sa = mkdtempSync(join(tmpdir(), 'aksdiag-sa-'));
    cleanups.push(() => rmSync(sa, { recursive: true, force: true }));
    writeFileSync(join(sa, 'token'), `${s.kube.token}\n`);
    writeFileSync(join(sa, 'ca.crt'), s.api.caPem!);
    const r = await check(s, ['--text', REFUSED], {
      AKSDIAG_HOME_CLUSTER: 'rg-lab/aks-lab',
      KUBERNETES_SERVICE_HOST: '127.0.0.1',
      KUBERNETES_SERVICE_PORT: new URL(s.api.server).port,
      AKSDIAG_SERVICE_ACCOUNT_DIR: sa,
    });
    expect(r.kube).toEqual({ read: 'api', notes: [] });
    expect(statusOf(r)['no-endpoints-selector-mismatch']).toBe('confirmed');
  });

  it('an identity the cluster refuses: the Kubernetes checks are skipped with what to grant', async () => {
    const s = await setup({ user: 'forbidden' });
    const r = await check(s, ['--text', REFUSED]);
    expect(r.kube.read).toBe('unavailable');
    expect(r.kube.reason).toMatch(/forbidden/i);
    expect(s.invoked).toEqual([]);
    const skipped = r.skipped.find((x) => x.check === 'k8s-service-endpoints');
    expect(skipped?.reason).toBe(r.kube.reason);
    expect(statusOf(r)['no-endpoints-selector-mismatch']).toBe('unknown');
  });
});
