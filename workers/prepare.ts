/**
 * "Diagnose this": find the cluster, read it, plan, and add the flow. A cluster that does not
 * exist or may not be read will not appear on a retry: that fails at once, and the Slack layer
 * hears about it on the progress stream.
 */
import type { TokenCredential } from '@azure/identity';
import { type Processor, UnrecoverableError } from 'bullmq';
import type { AzureClientFactory } from '../src/azure/clients.js';
import type { Config } from '../src/config.js';
import { AksdiagError, describeError } from '../src/errors.js';
import { addDiagnosisFlow, type FlowDeps } from '../src/queue/flow.js';
import { parsePayload, PayloadError, prepareDataSchema } from '../src/queue/payloads.js';
import { SYMPTOMS } from '../src/symptoms/index.js';

const FINAL: ReadonlySet<string> = new Set([
  'config-invalid',
  'azure-credentials',
  'azure-permission',
  'cluster-not-found',
  'cluster-ambiguous',
  'param-invalid',
]);

export interface PrepareProcessorDeps {
  config: Config;
  credential: TokenCredential;
  azure: AzureClientFactory;
  flows: FlowDeps;
}

export function prepareProcessor(deps: PrepareProcessorDeps): Processor<unknown, { total: number }> {
  return async (job) => {
    let diagnosis: string | null = null;
    try {
      const data = parsePayload(prepareDataSchema, job.data, `prepare job ${job.id}`);
      diagnosis = data.diagnosis;
      const symptom = SYMPTOMS.find((s) => s.id === data.symptom)!;
      // Loaded on first use: the Kubernetes client alone is some 50 MB that check-only workers never need.
      const { prepareDiagnosis } = await import('../src/run/prepare.js');
      const prepared = await prepareDiagnosis(
        {
          cluster: data.cluster,
          symptom,
          entities: data.entities,
          ...(data.clientIp ? { clientIp: data.clientIp } : {}),
        },
        deps,
      );
      const { total } = await addDiagnosisFlow(data.diagnosis, prepared, deps.flows);
      return { total };
    } catch (err) {
      const final =
        err instanceof PayloadError ||
        (err instanceof AksdiagError && FINAL.has(err.code)) ||
        job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      if (final && diagnosis) {
        await deps.flows.progress.announce({
          type: 'failed',
          diagnosis,
          code: err instanceof AksdiagError ? err.code : 'internal',
          message: describeError(err),
        });
      }
      if (final) throw new UnrecoverableError(describeError(err));
      throw err;
    }
  };
}
