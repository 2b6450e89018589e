/** The finished CheckReport of each diagnosis, kept a day for the Slack layer and re-runs. */
import type { Redis } from 'ioredis';
import type { CheckReport } from '../run/check-cluster.js';
import type { Keys } from './keys.js';
import { parsePayload, reportSchema } from './payloads.js';

export const REPORT_TTL_MS = 24 * 3600_000;

export class ReportStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  /** Idempotent: the same diagnosis always judges to the same report. */
  async save(diagnosis: string, report: CheckReport): Promise<void> {
    const valid = parsePayload(reportSchema, report, `the report of ${diagnosis}`);
    await this.redis.set(this.keys.report(diagnosis), JSON.stringify(valid), 'PX', REPORT_TTL_MS);
  }

  async load(diagnosis: string): Promise<CheckReport | null> {
    const raw = await this.redis.get(this.keys.report(diagnosis));
    return raw === null ? null : parsePayload(reportSchema, JSON.parse(raw), `the report of ${diagnosis}`);
  }
}
