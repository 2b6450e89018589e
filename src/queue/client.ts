/**
 * The producer side, for the bot (and anything else that wants checks run by the workers):
 * enqueue "diagnose this" and return at once, or add the flow of a diagnosis already prepared;
 * read reports and progress. When Redis cannot be reached every call fails within
 * `connectTimeoutMs` with a 'queue-unavailable' AksdiagError, and the client keeps reconnecting.
 */
import { FlowProducer, Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import type { QueueSettings } from '../config.js';
import type { Entities } from '../domain/diagnosis.js';
import type { SymptomId } from '../domain/ids.js';
import type { CheckReport } from '../run/check-cluster.js';
import { producerConnection, producing, workerConnection } from './connection.js';
import { ContextStore } from './context.js';
import { addDiagnosisFlow, contextTtlMs } from './flow.js';
import { QUEUES, diagnosisIdSchema, keys, newDiagnosisId, type Keys } from './keys.js';
import { PAYLOAD_VERSION, parsePayload, prepareDataSchema } from './payloads.js';
import type { PreparedDiagnosis } from '../run/prepare.js';
import type { ProgressEvent } from './payloads.js';
import { Progress, ProgressReader } from './progress.js';
import { ProgressHub } from './watch.js';
import { ReportStore } from './reports.js';

export interface DiagnosisRequest {
  /** Reuse an id (a Slack thread's) to make enqueueing idempotent; default a new one. */
  diagnosis?: string;
  cluster: string;
  symptom: SymptomId;
  entities: Entities;
  clientIp?: string;
}

export interface DiagnosisQueueOptions {
  /** How long a call waits for Redis before failing. Default 3000 ms. */
  connectTimeoutMs?: number;
}

export class DiagnosisQueue {
  private readonly redis: Redis;
  private readonly keys: Keys;
  private readonly producer: FlowProducer;
  private readonly prepare: Queue;
  private readonly verdicts: Queue;
  private readonly contexts: ContextStore;
  private readonly progress: Progress;
  private readonly reports: ReportStore;
  private readonly timeoutMs: number;
  private events: QueueEvents | null = null;
  private hub: ProgressHub | null = null;
  private readonly extra: Redis[] = [];

  constructor(
    private readonly settings: QueueSettings,
    options: DiagnosisQueueOptions = {},
  ) {
    this.timeoutMs = options.connectTimeoutMs ?? 3000;
    this.redis = producerConnection(settings.redisUrl);
    this.keys = keys(settings.prefix);
    const base = { connection: this.redis, prefix: settings.prefix };
    this.producer = new FlowProducer(base);
    this.prepare = new Queue(QUEUES.prepare, base);
    this.verdicts = new Queue(QUEUES.verdicts, base);
    // Connection errors surface as 'queue-unavailable' from the calls; the emitters need a listener.
    this.producer.on('error', () => undefined);
    this.prepare.on('error', () => undefined);
    this.verdicts.on('error', () => undefined);
    this.contexts = new ContextStore(this.redis, this.keys);
    this.progress = new Progress(this.redis, this.keys, { ttlMs: contextTtlMs(settings) });
    this.reports = new ReportStore(this.redis, this.keys);
  }

  /** Queues "diagnose this"; a worker finds the cluster, reads it, plans and adds the flow. */
  async request(input: DiagnosisRequest): Promise<string> {
    const diagnosis = input.diagnosis ?? newDiagnosisId();
    const data = parsePayload(
      prepareDataSchema,
      {
        v: PAYLOAD_VERSION,
        diagnosis,
        cluster: input.cluster,
        symptom: input.symptom,
        entities: input.entities,
        ...(input.clientIp ? { clientIp: input.clientIp } : {}),
      },
      'the diagnosis request',
    );
    await this.call(() =>
      this.prepare.add('prepare', data, {
        // A Slack retry of the same event while this one is queued or running adds nothing.
        deduplication: { id: diagnosis },
        attempts: 3,
        backoff: { type: 'exponential', delay: 2000, jitter: 0.5 },
        removeOnComplete: { age: 3600 },
        removeOnFail: { age: 24 * 3600 },
      }),
    );
    return diagnosis;
  }

  /** Adds the flow of a diagnosis prepared by the caller. */
  async submit(prepared: PreparedDiagnosis, options: { diagnosis?: string } = {}) {
    const diagnosis = parsePayload(
      diagnosisIdSchema,
      options.diagnosis ?? newDiagnosisId(),
      'the diagnosis id',
    );
    return this.call(() =>
      addDiagnosisFlow(diagnosis, prepared, {
        producer: this.producer,
        verdicts: this.verdicts,
        contexts: this.contexts,
        progress: this.progress,
        settings: this.settings,
      }),
    );
  }

  /** The finished report, or null while it is not judged yet. */
  async report(diagnosis: string): Promise<CheckReport | null> {
    return this.call(() => this.reports.load(diagnosis));
  }

  /** Waits for the verdict of a submitted diagnosis and returns its report. */
  async waitForReport(diagnosis: string, timeoutMs: number): Promise<CheckReport> {
    const job = await this.call(() => this.verdicts.getJob(diagnosis));
    if (!job) throw new Error(`no diagnosis ${diagnosis} in the queue`);
    if (!this.events) {
      const conn = workerConnection(this.settings.redisUrl);
      this.extra.push(conn);
      this.events = new QueueEvents(QUEUES.verdicts, { connection: conn, prefix: this.settings.prefix });
      this.events.on('error', () => undefined);
      await this.events.waitUntilReady();
    }
    await job.waitUntilFinished(this.events, timeoutMs);
    const report = await this.report(diagnosis);
    if (!report) throw new Error(`diagnosis ${diagnosis} finished without a report`);
    return report;
  }

  /** A reader of the progress stream, on a connection of its own (it blocks while waiting). */
  progressReader(from = '$'): ProgressReader {
    const conn = workerConnection(this.settings.redisUrl);
    this.extra.push(conn);
    return new ProgressReader(conn, this.keys, from);
  }

  /**
   * Calls `onEvent` with each progress event of `diagnosis` from now on (all diagnoses share one
   * reader); returns the function that stops it.
   */
  async watch(diagnosis: string, onEvent: (event: ProgressEvent) => void): Promise<() => void> {
    this.hub ??= new ProgressHub(this.progressReader('$'));
    return this.hub.watch(diagnosis, onEvent);
  }

  async close(): Promise<void> {
    this.hub?.stop();
    await Promise.allSettled([
      this.events?.close(),
      this.producer.close(),
      this.prepare.close(),
      this.verdicts.close(),
    ]);
    for (const c of [this.redis, ...this.extra]) c.disconnect();
  }

  private call<T>(fn: () => Promise<T>): Promise<T> {
    return producing(this.redis, this.settings.redisUrl, this.timeoutMs, fn);
  }
}
