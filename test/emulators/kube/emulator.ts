/**
 * A local Kubernetes API server emulator that the real @kubernetes/client-node talks to over plain
 * HTTP on 127.0.0.1 (client-node accepts http:// when the cluster entry has skipTLSVerify).
 *
 * - Serves list and get for the kinds in resources.ts, cluster-wide and per namespace, with
 *   labelSelector and fieldSelector; errors are `{kind:'Status',status:'Failure',reason,code}`.
 * - Bearer tokens: unknown or missing → 401; a token marked `forbidden` → 403 with the API server's
 *   message; a token with `enforceAccess` is checked against the access allow-list.
 * - SubjectAccessReview / SelfSubjectAccessReview POSTs are answered from the allow-list.
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
import { syncEndpoints, type KubeState, type TokenIdentity } from './state.js';
import { checkAccess, reviewAccess, type ResourceAttributes } from './access.js';

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

  function serveReview(path: string, caller: TokenIdentity, body: unknown): unknown {
    const review = (body ?? {}) as {
      spec?: { user?: string; groups?: string[]; resourceAttributes?: Partial<ResourceAttributes> };
    };
    const self = path.endsWith('/selfsubjectaccessreviews');
    const user = self ? caller.user : (review.spec?.user ?? '');
    const status = reviewAccess(state.auth.access, user, review.spec?.resourceAttributes ?? {});
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
        ? checkAccess(state.auth.access, who.user, attrs)
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
    if (method !== 'GET')
      throw new KubeHttpError(
        405,
        'MethodNotAllowed',
        `the server does not allow this method on the requested resource`,
      );
    authorize(who, {
      verb: target.name ? 'get' : 'list',
      group: target.kind.group,
      resource: target.kind.plural,
      ...(target.namespace ? { namespace: target.namespace } : {}),
      ...(target.name ? { name: target.name } : {}),
    });
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
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await tls?.cleanup();
    },
  };
}
