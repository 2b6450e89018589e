/**
 * Counts what Azure Resource Manager and the Slack Web API answer, from Node's own HTTP client
 * diagnostics channels (`http.client.response.finish`). The Azure SDK (core-rest-pipeline's Node
 * client) and Slack's WebClient (axios' http adapter) both send through `node:http(s)`, so every
 * client, however and wherever it was made (the worker's, the bot's in-process runner, Bolt's per
 * workspace clients) is seen without being wrapped, and nothing here changes a request.
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

const START = 'http.client.request.start';
const RESPONSE = 'http.client.response.finish';

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

/** Starts counting; returns the function that stops it. */
export function watchHttp(metrics: Metrics, options: HttpWatchOptions = {}): () => void {
  const arm = hostOf(options.armEndpoint ?? 'https://management.azure.com');
  const slack = hostOf(options.slackApiUrl ?? 'https://slack.com/api/');
  const requestIds = new RecentIds(10_000);

  const hostOfRequest = (request: ClientRequest): string =>
    String(request.getHeader('host') ?? request.host).toLowerCase();

  // At the start, not the answer: an attempt that got no answer (a reset) is retried too.
  const onStart = (message: unknown): void => {
    const { request } = message as { request: ClientRequest };
    if (hostOfRequest(request) !== arm) return;
    const id = request.getHeader('x-ms-client-request-id');
    if (typeof id === 'string' && requestIds.seen(id)) metrics.azureRetries.inc({ method: request.method });
  };
  const onResponse = (message: unknown): void => {
    const { request, response } = message as { request: ClientRequest; response: IncomingMessage };
    const host = hostOfRequest(request);
    const status = response.statusCode ?? 0;
    if (host === arm) {
      const method = request.method;
      metrics.azureRequests.inc({ method, status: String(status) });
      if (status === 429) metrics.azureThrottled.inc({ method });
    } else if (host === slack && status >= 400) {
      metrics.slackApiErrors.inc({ error: status === 429 ? 'ratelimited' : `http_${status}` });
    }
  };
  diagnostics.subscribe(START, onStart);
  diagnostics.subscribe(RESPONSE, onResponse);
  return () => {
    diagnostics.unsubscribe(START, onStart);
    diagnostics.unsubscribe(RESPONSE, onResponse);
  };
}
