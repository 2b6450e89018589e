/**
 * Counts what Azure Resource Manager and the Slack Web API answer, from the diagnostics channels
 * of Node's own HTTP clients: `node:http(s)` (the Azure SDK's Node client) and fetch/undici (Slack's
 * WebClient). Every client, however and wherever it was made (the worker's, the bot's, Bolt's per
 * workspace clients), is seen without being wrapped, and nothing here changes a request.
 *
 * - Azure: every attempt and poll by method and status; 429s; and the SDK's own retries, told
 *   apart by the `x-ms-client-request-id` header, which core-rest-pipeline keeps across the
 *   attempts of one request and changes for the next request.
 * - Slack: answers of 400 and above (429 is `ratelimited`: WebClient waits and retries it itself).
 *   Errors Slack returns as `ok: false` in a 200 are counted where the bot sees them (bot-events.ts).
 */
import diagnostics from 'node:diagnostics_channel';
import type { ClientRequest, IncomingMessage } from 'node:http';
import type { Metrics } from './metrics.js';

export interface HttpWatchOptions {
  /** The ARM endpoint in use (AKSDIAG_ARM_ENDPOINT); default https://management.azure.com. */
  armEndpoint?: string | undefined;
  /** The Slack Web API base URL (SLACK_API_URL); default https://slack.com/api/. */
  slackApiUrl?: string | undefined;
}

/** `host[:port]` as a request's Host header carries it (the port only when not the default). */
function hostOf(url: string): string {
  const u = new URL(url);
  return u.host.toLowerCase();
}

/** Remembers the last few thousand request ids: enough to see a retry, bounded for a long-lived process. */
class RecentIds {
  private readonly ids = new Set<string>();
  constructor(private readonly max: number) {}
  /** True when `id` was seen before; remembers it either way. */
  seen(id: string): boolean {
    if (this.ids.has(id)) return true;
    this.ids.add(id);
    if (this.ids.size > this.max) {
      const oldest = this.ids.values().next().value;
      if (oldest !== undefined) this.ids.delete(oldest);
    }
    return false;
  }
}

/** A header of an undici request: its headers are a flat [name, value, ...] array (or a string). */
function undiciHeader(headers: unknown, name: string): string | undefined {
  if (Array.isArray(headers)) {
    for (let i = 0; i + 1 < headers.length; i += 2) {
      if (String(headers[i]).toLowerCase() === name) return String(headers[i + 1]);
    }
    return undefined;
  }
  if (typeof headers === 'string') {
    const line = headers.split('\r\n').find((l) => l.toLowerCase().startsWith(`${name}:`));
    return line?.slice(name.length + 1).trim();
  }
  return undefined;
}

interface UndiciRequest {
  origin: string;
  method: string;
  headers: unknown;
}

/** Starts counting; returns the function that stops it. */
export function watchHttp(metrics: Metrics, options: HttpWatchOptions = {}): () => void {
  const arm = hostOf(options.armEndpoint ?? 'https://management.azure.com');
  const slack = hostOf(options.slackApiUrl ?? 'https://slack.com/api/');
  const requestIds = new RecentIds(10_000);

  // At the start, not the answer: an attempt that got no answer (a reset) is retried too.
  const started = (host: string, method: string, requestId: unknown): void => {
    if (host !== arm) return;
    if (typeof requestId === 'string' && requestIds.seen(requestId)) metrics.azureRetries.inc({ method });
  };
  const answered = (host: string, method: string, status: number): void => {
    if (host === arm) {
      metrics.azureRequests.inc({ method, status: String(status) });
      if (status === 429) metrics.azureThrottled.inc({ method });
    } else if (host === slack && status >= 400) {
      metrics.slackApiErrors.inc({ error: status === 429 ? 'ratelimited' : `http_${status}` });
    }
  };

  // node:http(s): the Azure SDK's Node client.
  const hostOfRequest = (request: ClientRequest): string =>
    String(request.getHeader('host') ?? request.host).toLowerCase();
  const onStart = (message: unknown): void => {
    const { request } = message as { request: ClientRequest };
    started(hostOfRequest(request), request.method, request.getHeader('x-ms-client-request-id'));
  };
  const onResponse = (message: unknown): void => {
    const { request, response } = message as { request: ClientRequest; response: IncomingMessage };
    answered(hostOfRequest(request), request.method, response.statusCode ?? 0);
  };
  // fetch (undici): Slack's WebClient.
  const undiciHost = (r: UndiciRequest): string => {
    try {
      return new URL(r.origin).host.toLowerCase();
    } catch {
      return '';
    }
  };
  const onCreate = (message: unknown): void => {
    const { request } = message as { request: UndiciRequest };
    started(undiciHost(request), request.method, undiciHeader(request.headers, 'x-ms-client-request-id'));
  };
  const onHeaders = (message: unknown): void => {
    const { request, response } = message as { request: UndiciRequest; response: { statusCode: number } };
    answered(undiciHost(request), request.method, response.statusCode);
  };

  const subscriptions: Array<[string, (message: unknown) => void]> = [
    ['http.client.request.start', onStart],
    ['http.client.response.finish', onResponse],
    ['undici:request:create', onCreate],
    ['undici:request:headers', onHeaders],
  ];
  for (const [name, fn] of subscriptions) diagnostics.subscribe(name, fn);
  return () => {
    for (const [name, fn] of subscriptions) diagnostics.unsubscribe(name, fn);
  };
}
