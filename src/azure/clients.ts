/**
 * The Azure SDK clients aksdiag uses, made once per subscription from one credential and one set of
 * ordinary settings: the ARM endpoint (sovereign clouds, a proxy) and an extra trusted CA (a
 * TLS-intercepting proxy). Nothing here knows about tests.
 *
 * Throttling: ARM answers 429 with `Retry-After`, which Compute sets as high as 1200 s, and the SDK's
 * retry policy sleeps for all of it. A per-attempt policy refuses to wait longer than a cap: it throws
 * `AzureThrottledError` (code 'azure-throttled', with the time to retry) instead. The cap is the
 * factory's `maxRetryAfterMs`, or a tighter one set for one call with `withCallScope`.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { Agent } from 'node:https';
import { createSecureContext, rootCertificates } from 'node:tls';
import type { TokenCredential } from '@azure/identity';
import type { ComputeManagementClient, ComputeManagementClientOptionalParams } from '@azure/arm-compute';
import type { ContainerServiceClient } from '@azure/arm-containerservice';
import type { NetworkManagementClient } from '@azure/arm-network';
import type { PrivateDnsManagementClient } from '@azure/arm-privatedns';
import { AksdiagError } from '../errors.js';

export interface AzureRetryOptions {
  /** Retries of one request (throttling, 5xx, network errors). Default 3. */
  maxRetries?: number;
  /** First exponential back-off delay. Default 1000 ms. */
  retryDelayInMs?: number;
  /** Largest exponential back-off delay. Default 30,000 ms. */
  maxRetryDelayInMs?: number;
}

export interface AzureClientsOptions {
  credential: TokenCredential;
  /** ARM endpoint; default `https://management.azure.com`. */
  endpoint?: string;
  /** Token scopes; default `https://management.azure.com/.default`. Sovereign clouds need theirs. */
  scopes?: string[];
  /** A CA to trust in addition to Node's public roots (a TLS-intercepting proxy, a private endpoint). */
  extraCaPem?: string;
  retryOptions?: AzureRetryOptions;
  /** Longest Retry-After the SDK may wait out; a longer one fails fast with AzureThrottledError. Default 60 s. */
  maxRetryAfterMs?: number;
}

/**
 * Per-subscription clients, created on first use and cached. Each SDK is loaded on first use too:
 * a worker that only runs node checks never loads the network SDK (some 20 MB resident), and a bot
 * loads none until someone asks it to act.
 */
export interface AzureClientFactory {
  compute(subscription: string): Promise<ComputeManagementClient>;
  containers(subscription: string): Promise<ContainerServiceClient>;
  network(subscription: string): Promise<NetworkManagementClient>;
  /** Private DNS zones: only the fix that links a private cluster's zone to the nodes' VNet. */
  privateDns(subscription: string): Promise<PrivateDnsManagementClient>;
}

export const DEFAULT_MAX_RETRY_AFTER_MS = 60_000;
const DEFAULT_RETRY: Required<AzureRetryOptions> = {
  maxRetries: 3,
  retryDelayInMs: 1000,
  maxRetryDelayInMs: 30_000,
};

type PipelinePolicy = NonNullable<
  ComputeManagementClientOptionalParams['additionalPolicies']
>[number]['policy'];
type PipelineResponse = Awaited<ReturnType<PipelinePolicy['sendRequest']>>;
type PipelineRequest = Parameters<PipelinePolicy['sendRequest']>[0];

/** Settings and observers for the SDK calls made inside one `withCallScope` callback. */
export interface CallScope {
  /** Overrides the factory's cap on Retry-After for calls in this scope. */
  maxRetryAfterMs?: number;
  /** Sees every HTTP request (each attempt, each poll) of calls in this scope, before it is sent. */
  onRequest?: (request: { method: string; url: string }) => void;
  /** Sees every HTTP response (each attempt, each poll) of calls in this scope. */
  onResponse?: (request: { method: string; url: string }, status: number) => void;
}

const callScope = new AsyncLocalStorage<CallScope>();

/** Runs `fn` with `scope` applying to every SDK request it makes (through async continuations too). */
export function withCallScope<T>(scope: CallScope, fn: () => T): T {
  return callScope.run(scope, fn);
}

/** Azure asked us to wait longer than we are willing to. */
export class AzureThrottledError extends AksdiagError {
  readonly retryAfterMs: number;
  /** When Azure said the request may be retried. */
  readonly retryAt: Date;
  readonly status: number;

  constructor(status: number, retryAfterMs: number, url: string) {
    const retryAt = new Date(Date.now() + retryAfterMs);
    super(
      'azure-throttled',
      `Azure throttled the request (HTTP ${status}) and asked to wait ${formatDuration(retryAfterMs)}, until ${retryAt.toISOString()} (${new URL(url).pathname}).`,
      `Try again after ${retryAt.toISOString()}; fewer checks at once (or a quieter time) avoids the limit.`,
    );
    this.retryAfterMs = retryAfterMs;
    this.retryAt = retryAt;
    this.status = status;
  }
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s} s`;
  return `${Math.round(s / 60)} min`;
}

/** Milliseconds from `retry-after-ms`, `x-ms-retry-after-ms` or `Retry-After` (seconds or an HTTP date). */
export function retryAfterMs(headers: { get(name: string): string | undefined }): number | undefined {
  for (const name of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const v = headers.get(name);
    if (v !== undefined && /^\d+(\.\d+)?$/.test(v.trim())) return Number(v);
  }
  const ra = headers.get('retry-after')?.trim();
  if (!ra) return undefined;
  if (/^\d+(\.\d+)?$/.test(ra)) return Number(ra) * 1000;
  const date = Date.parse(ra);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}

/**
 * Runs once per attempt, inside the SDK's retry loop: throws (a non-RestError, so the retry policy
 * does not retry it) when a throttling answer asks for more than the cap.
 */
function throttleCapPolicy(defaultCapMs: number): PipelinePolicy {
  return {
    name: 'aksdiagThrottleCap',
    async sendRequest(request: PipelineRequest, next): Promise<PipelineResponse> {
      const scope = callScope.getStore();
      scope?.onRequest?.({ method: request.method, url: request.url });
      const response = await next(request);
      scope?.onResponse?.({ method: request.method, url: request.url }, response.status);
      if (response.status === 429 || response.status === 503) {
        const wait = retryAfterMs(response.headers);
        const cap = scope?.maxRetryAfterMs ?? defaultCapMs;
        if (wait !== undefined && wait > cap)
          throw new AzureThrottledError(response.status, wait, request.url);
      }
      return response;
    },
  };
}

function withoutTrailingSlashes(url: string): string {
  let end = url.length;
  while (end > 0 && url[end - 1] === '/') end--;
  return url.slice(0, end);
}

/**
 * One HTTPS agent for every client, trusting Node's public roots and the extra CA through a TLS
 * context made once. Given to the SDK as `tlsOptions.ca` instead, the same list of some 150
 * certificates would be parsed into a new TLS context per connection and joined into the agent's
 * pool key on every request: a third of a busy worker's CPU in the queue benchmark.
 */
function trustingAgent(extraCaPem: string): Agent {
  // `ca` replaces Node's default roots, so keep them next to the extra CA.
  const secureContext = createSecureContext({ ca: [...rootCertificates, extraCaPem] });
  return new Agent({ keepAlive: true, secureContext });
}

export function createAzureClients(options: AzureClientsOptions): AzureClientFactory {
  const clientOptions = {
    ...(options.endpoint ? { endpoint: withoutTrailingSlashes(options.endpoint) } : {}),
    ...(options.scopes ? { credentials: { scopes: options.scopes } } : {}),
    ...(options.extraCaPem ? { agent: trustingAgent(options.extraCaPem) } : {}),
    retryOptions: { ...DEFAULT_RETRY, ...options.retryOptions },
    additionalPolicies: [
      {
        policy: throttleCapPolicy(options.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS),
        position: 'perRetry' as const,
      },
    ],
  };
  const cache = <T>(make: (sub: string) => Promise<T>): ((sub: string) => Promise<T>) => {
    const made = new Map<string, Promise<T>>();
    return (sub) => {
      const key = sub.toLowerCase();
      let client = made.get(key);
      if (client === undefined) {
        client = make(sub);
        made.set(key, client);
        // A module that failed to load is tried again next time rather than remembered.
        client.catch(() => made.delete(key));
      }
      return client;
    };
  };
  const { credential } = options;
  return {
    compute: cache(
      async (sub) =>
        new (await import('@azure/arm-compute')).ComputeManagementClient(credential, sub, clientOptions),
    ),
    containers: cache(
      async (sub) =>
        new (await import('@azure/arm-containerservice')).ContainerServiceClient(
          credential,
          sub,
          clientOptions,
        ),
    ),
    network: cache(
      async (sub) =>
        new (await import('@azure/arm-network')).NetworkManagementClient(credential, sub, clientOptions),
    ),
    privateDns: cache(
      async (sub) =>
        new (await import('@azure/arm-privatedns')).PrivateDnsManagementClient(
          credential,
          sub,
          clientOptions,
        ),
    ),
  };
}

// ---------------------------------------------------------------------------------------------------
// Errors and resource ids, shared by the readers

/** HTTP status of an SDK error (RestError), if it has one. */
export function statusOf(err: unknown): number | undefined {
  const s = (err as { statusCode?: unknown } | null)?.statusCode;
  return typeof s === 'number' ? s : undefined;
}

const CREDENTIAL_ERRORS = new Set([
  'CredentialUnavailableError',
  'AuthenticationError',
  'AggregateAuthenticationError',
  'AuthenticationRequiredError',
]);

/**
 * Turns credential, permission and throttling failures into AksdiagErrors; anything else comes back
 * unchanged. `what` names the read ("list clusters in subscription X"), `role` what grants it.
 */
/**
 * ARM's own error message (`{"error":{"code","message"}}`) when the error carries the response:
 * the paging helpers throw "Pagination failed with unexpected statusCode 403", which says nothing.
 */
export function armMessage(err: unknown): string {
  const e = err as {
    message?: unknown;
    code?: unknown;
    details?: { error?: { code?: unknown; message?: unknown } };
    response?: { bodyAsText?: string | null };
  } | null;
  let body = e?.details?.error;
  if (!body && typeof e?.response?.bodyAsText === 'string') {
    try {
      body = (JSON.parse(e.response.bodyAsText) as { error?: typeof body }).error;
    } catch {
      // not JSON: keep the SDK's message
    }
  }
  if (typeof body?.message === 'string') {
    return typeof body.code === 'string' ? `${body.code}: ${body.message}` : body.message;
  }
  const message = typeof e?.message === 'string' ? e.message : String(err);
  // Paging errors keep only ARM's error code (AuthorizationFailed ...): still worth showing.
  return typeof e?.code === 'string' && !message.includes(e.code) ? `${e.code}: ${message}` : message;
}

export function azureError(err: unknown, what: string, role: string): unknown {
  if (err instanceof AksdiagError) return err;
  const status = statusOf(err);
  const name = (err as { name?: unknown } | null)?.name;
  const detail = armMessage(err);
  if (status === 401 || (typeof name === 'string' && CREDENTIAL_ERRORS.has(name))) {
    return new AksdiagError(
      'azure-credentials',
      `Azure did not accept aksdiag's credentials to ${what}: ${detail}`,
      'Check the identity aksdiag runs as (managed identity, workload identity or `az login`) and its tenant.',
      { cause: err },
    );
  }
  if (status === 403) {
    return new AksdiagError('azure-permission', `Azure refused to let aksdiag ${what}: ${detail}`, role, {
      cause: err,
    });
  }
  if (status === 429) {
    return new AksdiagError(
      'azure-throttled',
      `Azure throttled aksdiag while trying to ${what}.`,
      'Try again in a few minutes.',
      { cause: err },
    );
  }
  return err;
}

export interface ParsedId {
  subscription: string;
  resourceGroup: string;
  /** Provider namespace and type segments with names, e.g. ['virtualNetworks', 'vnet', 'subnets', 'snet']. */
  path: string[];
  /** Last segment. */
  name: string;
}

/** Splits `/subscriptions/{s}/resourceGroups/{rg}/providers/{ns}/{type}/{name}[/{type}/{name}]`. */
export function parseResourceId(id: string): ParsedId | null {
  const parts = id.split('/').filter((p) => p.length > 0);
  if (parts.length < 6) return null;
  if (parts[0]?.toLowerCase() !== 'subscriptions' || parts[2]?.toLowerCase() !== 'resourcegroups')
    return null;
  if (parts[4]?.toLowerCase() !== 'providers') return null;
  const path = parts.slice(6);
  return {
    subscription: parts[1]!,
    resourceGroup: parts[3]!,
    path,
    name: parts.at(-1)!,
  };
}

export async function collect<T>(iter: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of iter) out.push(x);
  return out;
}

/** Maps with at most `limit` calls in flight; results keep the input order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
