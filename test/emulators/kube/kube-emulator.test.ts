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
