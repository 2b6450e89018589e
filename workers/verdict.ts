/**
 * The flow parent: runs once every child has a finding (or failed for good), judges the causes
 * into the report, stores it, and announces the verdict exactly once. Run twice (its worker died
 * after announcing), it stores the same report and announces nothing.
 */
import { type Processor, UnrecoverableError } from 'bullmq';
import type { ContextStore } from '../src/queue/context.js';
import { childIndex } from '../src/queue/keys.js';
import {
  type ChildResult,
  type VerdictSummary,
  childResultSchema,
  parentDataSchema,
  parsePayload,
  PayloadError,
} from '../src/queue/payloads.js';
import type { Progress } from '../src/queue/progress.js';
import { assembleReport } from '../src/queue/report.js';
import type { ReportStore } from '../src/queue/reports.js';

export interface VerdictProcessorDeps {
  contexts: ContextStore;
  progress: Progress;
  reports: ReportStore;
}

export function verdictProcessor(deps: VerdictProcessorDeps): Processor<unknown, VerdictSummary> {
  return async (job) => {
    try {
      const data = parsePayload(parentDataSchema, job.data, `verdict job ${job.id}`);
      const ctx = await deps.contexts.load(data.diagnosis);
      const [values, ignored] = await Promise.all([
        job.getChildrenValues(),
        job.getIgnoredChildrenFailures(),
      ]);
      const results: ChildResult[] = [];
      const failures: { index: number; reason: string }[] = [];
      for (const [key, value] of Object.entries(values)) {
        const r = childResultSchema.safeParse(value);
        if (r.success) results.push(r.data);
        else failures.push({ index: childIndex(key) ?? -1, reason: 'its result could not be read' });
      }
      for (const [key, reason] of Object.entries(ignored)) {
        failures.push({ index: childIndex(key) ?? -1, reason });
      }
      const report = assembleReport(data, ctx.inventory, ctx.requests, results, failures);
      // Failed children get their could-not-check finding recorded like any other.
      for (const f of failures) {
        const finding = report.findings[f.index];
        if (finding) await deps.progress.record(data.diagnosis, f.index, finding, data.total);
      }
      await deps.reports.save(data.diagnosis, report);
      const summary: VerdictSummary = {
        diagnosis: data.diagnosis,
        causes: report.causes.map((c) => ({ id: c.id, status: c.status })),
        findings: report.findings.length,
      };
      await deps.progress.verdict(data.diagnosis, summary, data.total);
      return summary;
    } catch (err) {
      if (err instanceof PayloadError) throw new UnrecoverableError(err.message);
      throw err;
    }
  };
}
