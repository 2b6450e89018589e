/**
 * A local Kubernetes API server emulator that the real @kubernetes/client-node talks to over plain
 * HTTP on 127.0.0.1 (client-node accepts http:// when the cluster entry has skipTLSVerify).
 *
 * - Serves list and get for the kinds in resources.ts, cluster-wide and per namespace, with
 *   labelSelector and fieldSelector; errors are `{kind:'Status',status:'Failure',reason,code}`.
 * - Bearer tokens: unknown or missing → 401; a token marked `forbidden` → 403 with the API server's
 *   message; a token with `enforceAccess` is checked against the access allow-list.
 * - SubjectAccessReview / SelfSubjectAccessReview POSTs are answered from the allow-list and the
 *   Roles and RoleBindings created through the API.
 * - Writes, gated by the same authorization as reads: POST (create), PATCH (merge, JSON and
 *   strategic merge patches, see patch.ts) and DELETE (one object, or a collection by selector).
 *   Controllers follow (controllers.ts): deleted DaemonSet/ReplicaSet pods come back, a changed
 *   Deployment template rolls its pods, endpoints follow Services and pods. `onWrite` announces each.
 * - Every request is recorded and announced, so tests wait on events rather than sleep; `hang()`
 *   and `failNext()` inject a server that never answers and one that answers with an error.
 */
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createTestTls, type TestTls } from '../../support/tls.js';
import type { AddressInfo } from 'node:net';
import { apiVersionOf, findKind, type ResourceKind } from './resources.js';
import { parseFieldSelector, parseLabelSelector, SelectorError } from './selectors.js';
import { suffixFor, syncEndpoints, type KubeState, type TokenIdentity } from './state.js';
import { accessRules, checkAccess, reviewAccess, type ResourceAttributes } from './access.js';
import { replaceDeletedPod, rolloutDeployment } from './controllers.js';
import { applyPatch, PatchError } from './patch.js';
import type { ObjectMeta, WireDeployment, WirePod } from './wire.js';

export interface KubeRecordedRequest {
  seq: number;
  method: string;
  path: string;
  /** Decoded query parameters. */
  query: Record<string, string>;
  status: number;
  /** The caller's user name, when the token was known. */
  user?: string;
  body?: unknown;
}

/** A write the emulator accepted, announced to `onWrite` listeners before the response is sent. */
export interface KubeWrite {
  verb: 'create' | 'patch' | 'delete';
  /** The kind's plural (`pods`, `services`, `rolebindings` ...) and API group ('' for core). */
  resource: string;
  group: string;
  namespace?: string;
  name: string;
  /** The object after the write (create, patch) or as it was (delete). */
  object: { metadata: ObjectMeta };
  /** Pods the controllers made in response (a deleted pod's replacement, a rollout's new pods). */
  replacements: WirePod[];
}

export interface KubeEmulatorOptions {
  /** Serve HTTPS with a throw-away CA, as AKS does (default: plain http, for the reader's own tests). */
  tls?: boolean;
}

export interface KubeEmulator {
  /** `http://127.0.0.1:<port>`, or `https://` with `tls`. */
  readonly server: string;
  /** PEM of the CA that signed the server certificate (with `tls`), for a kubeconfig's certificate-authority-data. */
  readonly caPem: string | null;
  readonly state: KubeState;
  readonly requests: readonly KubeRecordedRequest[];
  /** Requests matching `pred` are never answered (until `stop()`): an unreachable API server. */
  hang(pred?: (r: { method: string; path: string }) => boolean): void;
  /** Answers the next `count` matching requests with `status` (default 503). */
  failNext(count: number, status?: number, pred?: (r: { method: string; path: string }) => boolean): void;
  waitForRequest(pred: (r: KubeRecordedRequest) => boolean): Promise<KubeRecordedRequest>;
  /** Calls `listener` for every accepted write; returns the function that stops it. */
  onWrite(listener: (w: KubeWrite) => void): () => void;
  stop(): Promise<void>;
}

export class KubeHttpError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

const REASONS: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  409: 'AlreadyExists',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
};

export function statusBody(
  status: number,
  reason: string,
  message: string,
  details?: Record<string, unknown>,
) {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(details ? { details } : {}),
    code: status,
  };
}

/** What a URL addresses: a kind, optional namespace and name, or a 404 text page. */
interface Target {
  kind: ResourceKind;
  namespace?: string;
  name?: string;
}

function parseTarget(path: string): Target | undefined {
  const seg = path.split('/').filter(Boolean);
  let group: string;
  let version: string;
  let rest: string[];
  if (seg[0] === 'api' && seg[1]) [group, version, rest] = ['', seg[1], seg.slice(2)];
  else if (seg[0] === 'apis' && seg[1] && seg[2]) [group, version, rest] = [seg[1], seg[2], seg.slice(3)];
  else return undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    const kind = findKind(group, version, rest[2]!);
    if (!kind?.namespaced || rest.length > 4) return undefined;
    return { kind, namespace: rest[1]!, ...(rest[3] ? { name: rest[3] } : {}) };
  }
  const kind = findKind(group, version, rest[0] ?? '');
  if (!kind || rest.length > 2) return undefined;
  return { kind, ...(rest[1] ? { name: rest[1] } : {}) };
}

function forbiddenMessage(user: string, a: ResourceAttributes): string {
  const res = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const scope = a.namespace ? `in the namespace "${a.namespace}"` : 'at the cluster scope';
  const named = a.name ? `${res} "${a.name}"` : res;
  return `${named} is forbidden: User "${user}" cannot ${a.verb} resource "${res}" in API group "${a.group}" ${scope}`;
}

export async function startKubeEmulator(
  state: KubeState,
  options: KubeEmulatorOptions = {},
): Promise<KubeEmulator> {
  const tls: TestTls | null = options.tls ? await createTestTls('aksdiag Kubernetes emulator test CA') : null;
  const events = new EventEmitter();
  events.setMaxListeners(0);
  const requests: KubeRecordedRequest[] = [];
  const hangs: ((r: { method: string; path: string }) => boolean)[] = [];
  const failures: {
    remaining: number;
    status: number;
    pred: (r: { method: string; path: string }) => boolean;
  }[] = [];

  function serveRead(target: Target, query: URLSearchParams): unknown {
    const { kind } = target;
    // Like kube-controller-manager, keep endpoints in step with the pods and selectors a test changed.
    if (kind.plural === 'endpoints' || kind.plural === 'endpointslices') syncEndpoints(state);
    const all = kind.items(state);
    if (!all || state.disabledGroups?.includes(kind.group))
      throw new KubeHttpError(404, 'NotFound', '404 page not found');
    const apiVersion = apiVersionOf(kind);
    const inNs = all.filter((o) => !target.namespace || o.metadata.namespace === target.namespace);
    const stamp = <T extends object>(o: T) => ({ apiVersion, kind: kind.kind, ...o });
    if (target.name) {
      const hit = inNs.find((o) => o.metadata.name === target.name);
      if (!hit) {
        const what = kind.group ? `${kind.plural}.${kind.group}` : kind.plural;
        throw new KubeHttpError(404, 'NotFound', `${what} "${target.name}" not found`, {
          name: target.name,
          ...(kind.group ? { group: kind.group } : {}),
          kind: kind.plural,
        });
      }
      return stamp(hit);
    }
    const labels = parseLabelSelector(query.get('labelSelector'));
    const fields = parseFieldSelector(query.get('fieldSelector'), kind.fields);
    const items = inNs.filter((o) => labels(o.metadata.labels ?? {}) && fields(o)).map(stamp);
    return {
      apiVersion,
      kind: `${kind.kind}List`,
      metadata: { resourceVersion: String(requests.length + 1) },
      items,
    };
  }

  let resourceVersion = 1000;
  const stampVersion = (o: { metadata: ObjectMeta }) => {
    o.metadata.resourceVersion = String(++resourceVersion);
  };
  const notFound = (kind: ResourceKind, name: string) => {
    const what = kind.group ? `${kind.plural}.${kind.group}` : kind.plural;
    return new KubeHttpError(404, 'NotFound', `${what} "${name}" not found`, {
      name,
      ...(kind.group ? { group: kind.group } : {}),
      kind: kind.plural,
    });
  };
  const announce = (w: KubeWrite) => {
    // Like kube-controller-manager: endpoints follow the Services and pods the write changed.
    syncEndpoints(state);
    events.emit('write', w);
  };

  /** POST to a collection: the object, named and in the URL's namespace, must not exist yet. */
  function serveCreate(target: Target, body: unknown): unknown {
    const { kind } = target;
    const all = kind.items(state);
    if (!all || state.disabledGroups?.includes(kind.group))
      throw new KubeHttpError(404, 'NotFound', '404 page not found');
    const obj = (body ?? {}) as { apiVersion?: unknown; kind?: unknown; metadata?: Partial<ObjectMeta> };
    if (typeof obj !== 'object' || (obj.kind !== undefined && obj.kind !== kind.kind))
      throw new KubeHttpError(400, 'BadRequest', `the body is not a ${kind.kind}`);
    const name = obj.metadata?.name ?? '';
    if (!/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/.test(name))
      throw new KubeHttpError(
        422,
        'Invalid',
        `${kind.kind} "${name}" is invalid: metadata.name: Invalid value`,
      );
    if (obj.metadata?.namespace !== undefined && obj.metadata.namespace !== target.namespace)
      throw new KubeHttpError(
        400,
        'BadRequest',
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    if (target.namespace && !state.namespaces.some((n) => n.metadata.name === target.namespace))
      throw notFound(findKind('', 'v1', 'namespaces')!, target.namespace);
    if (all.some((o) => o.metadata.name === name && o.metadata.namespace === target.namespace)) {
      const what = kind.group ? `${kind.plural}.${kind.group}` : kind.plural;
      throw new KubeHttpError(409, 'AlreadyExists', `${what} "${name}" already exists`, {
        name,
        ...(kind.group ? { group: kind.group } : {}),
        kind: kind.plural,
      });
    }
    const { apiVersion: _v, kind: _k, ...rest } = obj;
    const stored = {
      ...structuredClone(rest),
      metadata: {
        ...structuredClone(obj.metadata),
        name,
        ...(target.namespace ? { namespace: target.namespace } : {}),
        uid: `uid-${suffixFor(`${kind.plural}/${target.namespace}/${name}`, 10)}`,
      },
    } as { metadata: ObjectMeta };
    stampVersion(stored);
    all.push(stored);
    announce({
      verb: 'create',
      resource: kind.plural,
      group: kind.group,
      ...(target.namespace ? { namespace: target.namespace } : {}),
      name,
      object: stored,
      replacements: [],
    });
    return { apiVersion: apiVersionOf(kind), kind: kind.kind, ...stored };
  }

  function servePatch(target: Target & { name: string }, contentType: string | undefined, body: unknown) {
    const { kind } = target;
    const all = kind.items(state) ?? [];
    const index = all.findIndex(
      (o) => o.metadata.name === target.name && o.metadata.namespace === target.namespace,
    );
    if (index < 0) throw notFound(kind, target.name);
    const before = all[index]!;
    const after = applyPatch(before, contentType, body) as { metadata: ObjectMeta };
    if (
      after.metadata?.name !== before.metadata.name ||
      after.metadata.namespace !== before.metadata.namespace
    )
      throw new KubeHttpError(
        422,
        'Invalid',
        `${kind.kind} "${target.name}" is invalid: metadata.name and metadata.namespace cannot change`,
      );
    stampVersion(after);
    all[index] = after;
    let replacements: WirePod[] = [];
    if (kind.plural === 'deployments') {
      const [b, a] = [before as WireDeployment, after as WireDeployment];
      if (JSON.stringify(b.spec.template) !== JSON.stringify(a.spec.template))
        replacements = rolloutDeployment(state, a);
    }
    announce({
      verb: 'patch',
      resource: kind.plural,
      group: kind.group,
      ...(target.namespace ? { namespace: target.namespace } : {}),
      name: target.name,
      object: after,
      replacements,
    });
    return { apiVersion: apiVersionOf(kind), kind: kind.kind, ...after };
  }

  /** DELETE of one object, or of every object a collection URL's selectors match (deletecollection). */
  function serveDelete(target: Target, query: URLSearchParams): unknown {
    const { kind } = target;
    const all = kind.items(state) ?? [];
    const labels = parseLabelSelector(query.get('labelSelector'));
    const fields = parseFieldSelector(query.get('fieldSelector'), kind.fields);
    const doomed = all.filter(
      (o) =>
        (!target.namespace || o.metadata.namespace === target.namespace) &&
        (target.name ? o.metadata.name === target.name : labels(o.metadata.labels ?? {}) && fields(o)),
    );
    if (target.name && doomed.length === 0) throw notFound(kind, target.name);
    for (const gone of doomed) {
      all.splice(all.indexOf(gone), 1);
      const replacement = kind.plural === 'pods' ? replaceDeletedPod(state, gone as WirePod) : null;
      announce({
        verb: 'delete',
        resource: kind.plural,
        group: kind.group,
        ...(gone.metadata.namespace ? { namespace: gone.metadata.namespace } : {}),
        name: gone.metadata.name,
        object: gone,
        replacements: replacement ? [replacement] : [],
      });
    }
    const stamp = (o: object) => ({ apiVersion: apiVersionOf(kind), kind: kind.kind, ...o });
    return target.name
      ? stamp(doomed[0]!)
      : { apiVersion: apiVersionOf(kind), kind: `${kind.kind}List`, metadata: {}, items: doomed.map(stamp) };
  }

  function serveReview(path: string, caller: TokenIdentity, body: unknown): unknown {
    const review = (body ?? {}) as {
      spec?: { user?: string; groups?: string[]; resourceAttributes?: Partial<ResourceAttributes> };
    };
    const self = path.endsWith('/selfsubjectaccessreviews');
    const user = self ? caller.user : (review.spec?.user ?? '');
    const status = reviewAccess(accessRules(state), user, review.spec?.resourceAttributes ?? {});
    return {
      apiVersion: 'authorization.k8s.io/v1',
      kind: self ? 'SelfSubjectAccessReview' : 'SubjectAccessReview',
      metadata: { creationTimestamp: null },
      spec: review.spec ?? {},
      status,
    };
  }

  function authenticate(req: IncomingMessage): TokenIdentity {
    const m = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
    const who = m ? state.auth.tokens[m[1]!.trim()] : undefined;
    if (!who) throw new KubeHttpError(401, 'Unauthorized', 'Unauthorized');
    return who;
  }

  function authorize(who: TokenIdentity, attrs: ResourceAttributes): void {
    const allowed = who.forbidden
      ? false
      : who.enforceAccess
        ? checkAccess(accessRules(state), who.user, attrs)
        : true;
    if (!allowed)
      throw new KubeHttpError(403, 'Forbidden', forbiddenMessage(who.user, attrs), { kind: attrs.resource });
  }

  async function handle(
    req: IncomingMessage,
    path: string,
    query: URLSearchParams,
    body: unknown,
    rec: KubeRecordedRequest,
  ) {
    const who = authenticate(req);
    rec.user = who.user;
    const method = req.method ?? 'GET';
    if (method === 'POST' && /^\/apis\/authorization\.k8s\.io\/v1\/(self)?subjectaccessreviews$/.test(path)) {
      const resource = path.endsWith('/selfsubjectaccessreviews')
        ? 'selfsubjectaccessreviews'
        : 'subjectaccessreviews';
      // Every authenticated user may ask about itself (system:basic-user); asking about others needs RBAC.
      if (resource === 'subjectaccessreviews' || who.forbidden) {
        authorize(who, { verb: 'create', group: 'authorization.k8s.io', resource });
      }
      return { status: 201, body: serveReview(path, who, body) };
    }
    const target = parseTarget(path);
    if (!target) throw new KubeHttpError(404, 'NotFound', '404 page not found');
    const named = target.name !== undefined;
    // The RBAC verb of each method, on an object (named) or on a collection.
    const verb = (
      {
        GET: named ? 'get' : 'list',
        POST: named ? null : 'create',
        PATCH: named ? 'patch' : null,
        DELETE: named ? 'delete' : 'deletecollection',
      } as Record<string, string | null>
    )[method];
    if (!verb)
      throw new KubeHttpError(
        405,
        'MethodNotAllowed',
        `the server does not allow this method on the requested resource`,
      );
    authorize(who, {
      verb,
      group: target.kind.group,
      resource: target.kind.plural,
      ...(target.namespace ? { namespace: target.namespace } : {}),
      ...(target.name ? { name: target.name } : {}),
    });
    if (method === 'POST') return { status: 201, body: serveCreate(target, body) };
    if (method === 'PATCH')
      return {
        status: 200,
        body: servePatch(target as Target & { name: string }, req.headers['content-type'], body),
      };
    if (method === 'DELETE') return { status: 200, body: serveDelete(target, query) };
    return { status: 200, body: serveRead(target, query) };
  }

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://emulator');
      const method = req.method ?? 'GET';
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = text;
      }
      const rec: KubeRecordedRequest = {
        seq: requests.length,
        method,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        status: 0,
        ...(body !== undefined ? { body } : {}),
      };
      const probe = { method, path: url.pathname };
      const finish = (status: number, payload: unknown) => {
        rec.status = status;
        requests.push(rec);
        const isText = typeof payload === 'string';
        res.writeHead(status, { 'content-type': isText ? 'text/plain; charset=utf-8' : 'application/json' });
        res.end(isText ? payload : JSON.stringify(payload));
        events.emit('request', rec);
      };
      if (hangs.some((h) => h(probe))) {
        rec.status = -1;
        requests.push(rec);
        events.emit('request', rec);
        return;
      }
      const failure = failures.find((f) => f.remaining > 0 && f.pred(probe));
      if (failure) {
        failure.remaining--;
        const reason = REASONS[failure.status] ?? 'InternalError';
        finish(failure.status, statusBody(failure.status, reason, `injected ${failure.status} ${reason}`));
        return;
      }
      handle(req, url.pathname, url.searchParams, body, rec).then(
        (r) => finish(r.status, r.body),
        (err: unknown) => {
          if (err instanceof KubeHttpError && err.message === '404 page not found') finish(404, err.message);
          else if (err instanceof KubeHttpError)
            finish(err.status, statusBody(err.status, err.reason, err.message, err.details));
          else if (err instanceof SelectorError) finish(400, statusBody(400, 'BadRequest', err.message));
          else if (err instanceof PatchError)
            finish(err.status, statusBody(err.status, REASONS[err.status]!, err.message));
          else finish(500, statusBody(500, 'InternalError', String(err)));
        },
      );
    });
  };
  const server = tls
    ? createHttpsServer({ key: tls.keyPem, cert: tls.certPem }, onRequest)
    : createServer(onRequest);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    server: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    caPem: tls?.caPem ?? null,
    state,
    requests,
    hang(pred = () => true) {
      hangs.push(pred);
    },
    failNext(count, status = 503, pred = () => true) {
      failures.push({ remaining: count, status, pred });
    },
    waitForRequest(pred) {
      const seen = requests.find(pred);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve) => {
        const on = (r: KubeRecordedRequest) => {
          if (!pred(r)) return;
          events.off('request', on);
          resolve(r);
        };
        events.on('request', on);
      });
    },
    onWrite(listener) {
      events.on('write', listener);
      return () => events.off('write', listener);
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await tls?.cleanup();
    },
  };
}
