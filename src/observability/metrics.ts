/**
 * The Prometheus metrics of `aksdiag bot` and `aksdiag worker`, served at /metrics. One registry
 * per process (not prom-client's global one), so tests and several servers in one process do not
 * share counts. Labels are bounded sets: symptom and check ids, verdict words, HTTP statuses,
 * queue names and states, Slack error codes.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Run-command checks take tens of seconds; ARM and Kubernetes judgements milliseconds. */
const CHECK_SECONDS = [0.05, 0.25, 1, 5, 15, 30, 60, 120, 300, 600];

export class Metrics {
  readonly registry = new Registry();

  /** Slack deliveries that reached the listeners (Slack's retries of one event count once). */
  readonly slackEvents = new Counter({
    name: 'aksdiag_slack_events_received_total',
    help: 'Slack events, commands and interactions received, by type',
    labelNames: ['type'] as const,
    registers: [this.registry],
  });

  readonly diagnoses = new Counter({
    name: 'aksdiag_diagnoses_total',
    help: 'Pastes diagnosed with a recognised symptom, by symptom id',
    labelNames: ['symptom'] as const,
    registers: [this.registry],
  });

  readonly checks = new Counter({
    name: 'aksdiag_checks_total',
    help: 'Checks finished by this process, by check id, status (problem, ok, could-not-check) and verdict',
    labelNames: ['check', 'status', 'verdict'] as const,
    registers: [this.registry],
  });

  readonly checkSeconds = new Histogram({
    name: 'aksdiag_check_duration_seconds',
    help: 'Time from a check job starting to its finding, by check id and status',
    labelNames: ['check', 'status'] as const,
    buckets: CHECK_SECONDS,
    registers: [this.registry],
  });

  /** Set on each scrape from Redis (see queue-depth.ts). */
  readonly queueJobs = new Gauge({
    name: 'aksdiag_queue_jobs',
    help: 'Jobs in the queue, by queue (prepare, checks, verdicts) and state',
    labelNames: ['queue', 'state'] as const,
    registers: [this.registry],
  });

  readonly jobRetries = new Counter({
    name: 'aksdiag_queue_job_retries_total',
    help: 'Jobs that failed an attempt and will be tried again, by queue',
    labelNames: ['queue'] as const,
    registers: [this.registry],
  });

  readonly jobFailures = new Counter({
    name: 'aksdiag_queue_jobs_failed_total',
    help: 'Jobs that failed for good (attempts spent, or unrecoverable), by queue',
    labelNames: ['queue'] as const,
    registers: [this.registry],
  });

  readonly azureRequests = new Counter({
    name: 'aksdiag_azure_requests_total',
    help: 'HTTP requests to Azure Resource Manager (each attempt and each poll), by method and status',
    labelNames: ['method', 'status'] as const,
    registers: [this.registry],
  });

  readonly azureThrottled = new Counter({
    name: 'aksdiag_azure_throttled_total',
    help: 'Azure Resource Manager answers asking to slow down (429), by method',
    labelNames: ['method'] as const,
    registers: [this.registry],
  });

  readonly azureRetries = new Counter({
    name: 'aksdiag_azure_retries_total',
    help: 'Requests the Azure SDK sent again after a throttling answer, a 5xx or a network error',
    labelNames: ['method'] as const,
    registers: [this.registry],
  });

  readonly slackApiErrors = new Counter({
    name: 'aksdiag_slack_api_errors_total',
    help: 'Slack Web API calls that failed, by Slack error code (ratelimited, invalid_blocks, http_503, ...)',
    labelNames: ['error'] as const,
    registers: [this.registry],
  });

  constructor() {
    // Process CPU, memory, event-loop lag, GC: what a container dashboard wants next to ours.
    collectDefaultMetrics({ register: this.registry, prefix: 'aksdiag_' });
  }

  /** The text exposition format. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
