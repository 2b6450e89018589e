/**
 * The Kubernetes API emulator on its own, over plain fetch: wire shapes a real API server sends
 * (Status errors, 404 pages, list kinds), selector parsing, auth and access reviews.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { aksKubeState, startKubeEmulator, type KubeEmulator } from './index.js';

let emu: KubeEmulator | undefined;
afterEach(async () => {
  await emu?.stop();
  emu = undefined;
});

async function get(path: string, token: string | null = 'kube-emulator-token', init: RequestInit = {}) {
  const res = await fetch(`${emu!.server}${path}`, {
    ...init,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json' },
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // a text page
  }
  return {
    status: res.status,
    body: body as Record<string, unknown> & { items?: { metadata: { name: string } }[] },
  };
}

const names = (b: { items?: { metadata: { name: string } }[] }) => b.items!.map((i) => i.metadata.name);

describe('kube emulator', () => {
  it('serves lists and objects with apiVersion and kind, and Status errors', async () => {
    emu = await startKubeEmulator(aksKubeState().state);
    const list = await get('/api/v1/namespaces/kube-system/services');
    expect(list.body).toMatchObject({
      apiVersion: 'v1',
      kind: 'ServiceList',
      items: [{ apiVersion: 'v1', kind: 'Service' }],
    });
    const one = await get('/apis/apps/v1/namespaces/kube-system/deployments/coredns');
    expect(one.body).toMatchObject({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'coredns' },
    });
    expect(await get('/api/v1/namespaces/shop/services/nope')).toEqual({
      status: 404,
      body: {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'services "nope" not found',
        reason: 'NotFound',
        details: { name: 'nope', kind: 'services' },
        code: 404,
      },
    });
    expect(await get('/apis/unknown.example/v1/things')).toEqual({ status: 404, body: '404 page not found' });
    expect((await get('/api/v1/namespaces/shop')).body).toMatchObject({
      kind: 'Namespace',
      metadata: { name: 'shop' },
    });
  });

  it('filters by label and field selectors, and rejects what a real server rejects', async () => {
    emu = await startKubeEmulator(aksKubeState().state);
    const q = (s: string) => get(`/api/v1/pods?${s}`);
    expect(
      names((await q('labelSelector=' + encodeURIComponent('k8s-app notin (kube-dns),!component'))).body),
    ).toEqual([
      expect.stringMatching(/^konnectivity-agent-/),
      expect.stringMatching(/^konnectivity-agent-/),
      expect.stringMatching(/^web-/),
      expect.stringMatching(/^web-/),
    ]);
    const byName = await q(
      'fieldSelector=' + encodeURIComponent('metadata.name=kube-proxy-x,status.phase=Running'),
    );
    expect(byName.body.items).toEqual([]);
    const bad = await q('fieldSelector=spec.hostNetwork%3Dtrue');
    expect(bad).toMatchObject({
      status: 400,
      body: { reason: 'BadRequest', message: 'field label not supported: spec.hostNetwork' },
    });
    expect((await q('labelSelector=' + encodeURIComponent('a in b'))).status).toBe(400);
  });

  it('checks bearer tokens and answers access reviews', async () => {
    emu = await startKubeEmulator(aksKubeState().state);
    expect(await get('/api/v1/nodes', null)).toMatchObject({
      status: 401,
      body: { reason: 'Unauthorized', code: 401 },
    });
    expect(await get('/api/v1/nodes/x', 'kube-forbidden-token')).toMatchObject({
      status: 403,
      body: {
        message:
          'nodes "x" is forbidden: User "nobody@contoso.com" cannot get resource "nodes" in API group "" at the cluster scope',
      },
    });
    const review = (path: string, attrs: Record<string, string>, user?: string) =>
      get(path, 'kube-emulator-token', {
        method: 'POST',
        body: JSON.stringify({ spec: { ...(user ? { user } : {}), resourceAttributes: attrs } }),
      });
    const self = await review('/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
      verb: 'list',
      resource: 'nodes',
    });
    expect(self).toMatchObject({
      status: 201,
      body: { kind: 'SelfSubjectAccessReview', status: { allowed: true } },
    });
    const other = await review(
      '/apis/authorization.k8s.io/v1/subjectaccessreviews',
      { verb: 'delete', resource: 'pods' },
      'x',
    );
    expect(other.body).toMatchObject({ status: { allowed: false } });
    expect(emu.requests.map((r) => r.status)).toEqual([401, 403, 201, 201]);
  });
});

describe('kube emulator writes', () => {
  const send = (
    method: string,
    path: string,
    body: unknown,
    contentType = 'application/json',
    token = 'kube-emulator-token',
  ) =>
    fetch(`${emu!.server}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
      body: JSON.stringify(body),
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> }));
  const readyIps = async (ns: string, svc: string) => {
    const ep = (await get(`/api/v1/namespaces/${ns}/endpoints/${svc}`)).body as {
      subsets?: { addresses?: { ip: string }[] }[];
    };
    return (ep.subsets ?? []).flatMap((s) => (s.addresses ?? []).map((a) => a.ip));
  };

  it('patches a Service (merge and JSON patch) and its endpoints follow', async () => {
    emu = await startKubeEmulator(aksKubeState().state);
    const writes: string[] = [];
    emu.onWrite((w) => writes.push(`${w.verb} ${w.resource} ${w.namespace}/${w.name}`));
    const svc = '/api/v1/namespaces/shop/services/web';
    const away = await send(
      'PATCH',
      svc,
      { spec: { selector: { app: 'web-v2' } } },
      'application/merge-patch+json',
    );
    expect(away.status).toBe(200);
    expect(away.body).toMatchObject({ kind: 'Service', spec: { selector: { app: 'web-v2' } } });
    expect(await readyIps('shop', 'web')).toEqual([]);
    await send('PATCH', svc, { spec: { selector: { app: 'web' } } }, 'application/merge-patch+json');
    expect(await readyIps('shop', 'web')).toHaveLength(2);

    const port = await send(
      'PATCH',
      svc,
      [{ op: 'replace', path: '/spec/ports/0/targetPort', value: 9090 }],
      'application/json-patch+json',
    );
    expect(port.body).toMatchObject({ spec: { ports: [{ port: 80, targetPort: 9090 }] } });
    const missing = await send(
      'PATCH',
      svc,
      [{ op: 'replace', path: '/spec/ports/3/targetPort', value: 1 }],
      'application/json-patch+json',
    );
    expect(missing).toMatchObject({ status: 422, body: { kind: 'Status', reason: 'Invalid' } });
    expect((await send('PATCH', svc, { spec: {} }, 'application/yaml')).status).toBe(415);
    expect(writes).toEqual(['patch services shop/web', 'patch services shop/web', 'patch services shop/web']);
  });

  it('creates a Role and RoleBinding that the next access review honours; writes need RBAC', async () => {
    const kube = aksKubeState();
    kube.state.auth.tokens['reader-token'] = { user: 'reader', enforceAccess: true };
    kube.state.auth.access.push({ user: 'reader', verbs: ['get', 'list'], resources: ['*'] });
    emu = await startKubeEmulator(kube.state);
    const review = () =>
      send('POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews', {
        spec: {
          user: 'bob@contoso.com',
          resourceAttributes: { verb: 'create', resource: 'pods', subresource: 'exec', namespace: 'shop' },
        },
      });
    expect((await review()).body).toMatchObject({ status: { allowed: false } });

    const rbac = '/apis/rbac.authorization.k8s.io/v1/namespaces/shop';
    const role = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'pods-exec-create' },
      rules: [{ apiGroups: [''], resources: ['pods/exec'], verbs: ['create'] }],
    };
    const denied = await send('POST', `${rbac}/roles`, role, 'application/json', 'reader-token');
    expect(denied).toMatchObject({
      status: 403,
      body: {
        message:
          'roles is forbidden: User "reader" cannot create resource "roles" in API group "rbac.authorization.k8s.io" in the namespace "shop"',
      },
    });
    expect((await send('POST', `${rbac}/roles`, role)).status).toBe(201);
    expect(await send('POST', `${rbac}/roles`, role)).toMatchObject({
      status: 409,
      body: { reason: 'AlreadyExists' },
    });
    const binding = await send('POST', `${rbac}/rolebindings`, {
      metadata: { name: 'pods-exec-create' },
      subjects: [{ kind: 'User', name: 'bob@contoso.com', apiGroup: 'rbac.authorization.k8s.io' }],
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pods-exec-create' },
    });
    expect(binding).toMatchObject({
      status: 201,
      body: { kind: 'RoleBinding', metadata: { namespace: 'shop' } },
    });
    expect((await review()).body).toMatchObject({
      status: {
        allowed: true,
        reason:
          'RBAC: allowed by RoleBinding "pods-exec-create/shop" of Role "pods-exec-create" to User "bob@contoso.com"',
      },
    });
    expect((await get(`${rbac}/rolebindings`)).body.items).toHaveLength(1);
  });

  it('brings a deleted DaemonSet pod back, and a restarted Deployment replaces its pods with ready ones', async () => {
    const kube = aksKubeState();
    emu = await startKubeEmulator(kube.state);
    const node = kube.nodeNames[1]!;
    const proxy = kube.state.pods.find(
      (p) => p.metadata.labels?.['k8s-app'] === 'kube-proxy' && p.spec.nodeName === node,
    )!;
    const gone = await send('DELETE', `/api/v1/namespaces/kube-system/pods/${proxy.metadata.name}`, {});
    expect(gone).toMatchObject({
      status: 200,
      body: { kind: 'Pod', metadata: { name: proxy.metadata.name } },
    });
    const onNode = (
      await get(
        `/api/v1/namespaces/kube-system/pods?labelSelector=k8s-app%3Dkube-proxy&fieldSelector=spec.nodeName%3D${node}`,
      )
    ).body.items as unknown as {
      metadata: { name: string };
      status: { conditions: { type: string; status: string }[] };
    }[];
    expect(onNode).toHaveLength(1);
    expect(onNode[0]!.metadata.name).not.toBe(proxy.metadata.name);
    expect(onNode[0]!.status.conditions).toContainEqual({ type: 'Ready', status: 'True' });

    const dns = kube.state.pods.filter((p) => p.metadata.labels?.['k8s-app'] === 'kube-dns');
    for (const p of dns)
      p.status.conditions = p.status.conditions!.map((c) => ({ ...c, status: 'False' as const }));
    expect(await readyIps('kube-system', 'kube-dns')).toEqual([]);
    const restart = await send(
      'PATCH',
      '/apis/apps/v1/namespaces/kube-system/deployments/coredns',
      {
        spec: {
          template: {
            metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-01-02T03:04:05Z' } },
          },
        },
      },
      'application/strategic-merge-patch+json',
    );
    expect(restart.status).toBe(200);
    const after = kube.state.pods.filter((p) => p.metadata.labels?.['k8s-app'] === 'kube-dns');
    expect(after.map((p) => p.metadata.name)).not.toContain(dns[0]!.metadata.name);
    expect((await readyIps('kube-system', 'kube-dns')).sort()).toEqual(dns.map((p) => p.status.podIP).sort());
    // A strategic patch that carries a list would merge by rules the emulator does not know: refused.
    const list = await send(
      'PATCH',
      '/apis/apps/v1/namespaces/kube-system/deployments/coredns',
      { spec: { template: { spec: { containers: [{ name: 'coredns', image: 'x' }] } } } },
      'application/strategic-merge-patch+json',
    );
    expect(list.status).toBe(422);
  });
});
