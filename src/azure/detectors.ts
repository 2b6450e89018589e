/**
 * AKS's own detectors (the portal's Diagnose and solve problems), category "Connectivity Issues":
 * `GET .../managedClusters/{name}/detectors/aks-category-connectivity` lists the detectors, and each is one more
 * GET. The API is in neither Azure/azure-rest-api-specs nor @azure/arm-containerservice, so the request goes
 * through the container service client's own pipeline: the same credential, TLS settings, retries and throttling
 * cap as every other call. Reader covers it (`Microsoft.ContainerService/managedClusters/detectors/read`).
 *
 * Nothing here fails a diagnosis: a 403, a 404 (a cloud without detectors) or a throttled call is "not available"
 * with the reason, and a detector that fails on its own is listed as not run.
 */
import { createDefaultHttpClient, createPipelineRequest, RestError } from '@azure/core-rest-pipeline';
import type { DetectorsEvidence, DetectorResult } from '../domain/azure-evidence.js';
import type { ClusterRef } from '../domain/inventory.js';
import { armMessage, mapLimit, statusOf, type AzureClientFactory } from './clients.js';
import { categoryNameOf, detectorIdsOf, detectorResultOf } from './detector-wire.js';

/** What the Azure portal and Azure's own tools call (aks-mcp); the API has no published spec to pin it to. */
export const DETECTORS_API_VERSION = '2024-08-01';
export const CONNECTIVITY_CATEGORY = 'aks-category-connectivity';
const DEFAULT_ENDPOINT = 'https://management.azure.com';
const CONCURRENCY = 4;

/** `GET .../managedClusters/{name}/detectors/{id}`, answered as ARM sent it (JSON). */
export interface AksDiagnostics {
  detectors: {
    get(resourceGroup: string, cluster: string, detector: string, signal?: AbortSignal): Promise<unknown>;
  };
}

const http = createDefaultHttpClient();

function withoutTrailingSlashes(url: string): string {
  let end = url.length;
  while (end > 0 && url[end - 1] === '/') end--;
  return url.slice(0, end);
}

export function aksDiagnostics(
  factory: AzureClientFactory,
  subscription: string,
  endpoint?: string,
): AksDiagnostics {
  const base = withoutTrailingSlashes(endpoint ?? DEFAULT_ENDPOINT);
  return {
    detectors: {
      async get(resourceGroup, cluster, detector, signal) {
        const segments = ['subscriptions', subscription, 'resourceGroups', resourceGroup, 'providers'];
        segments.push('Microsoft.ContainerService', 'managedClusters', cluster, 'detectors', detector);
        const request = createPipelineRequest({
          url: `${base}/${segments.map(encodeURIComponent).join('/')}?api-version=${DETECTORS_API_VERSION}`,
          method: 'GET',
          ...(signal ? { abortSignal: signal } : {}),
        });
        request.headers.set('accept', 'application/json');
        const response = await (await factory.containers(subscription)).pipeline.sendRequest(http, request);
        if (response.status !== 200) {
          throw new RestError(`detector ${detector}: HTTP ${response.status}`, {
            statusCode: response.status,
            request,
            response,
          });
        }
        return JSON.parse(response.bodyAsText ?? 'null') as unknown;
      },
    },
  };
}

/** The portal's Diagnose and solve problems blade for the cluster, in the portal of the cloud aksdiag talks to. */
export function portalUrlOf(ref: ClusterRef, endpoint?: string): string {
  const host = new URL(endpoint ?? DEFAULT_ENDPOINT).hostname;
  const portal = host.endsWith('usgovcloudapi.net')
    ? 'https://portal.azure.us'
    : host.endsWith('chinacloudapi.cn')
      ? 'https://portal.azure.cn'
      : 'https://portal.azure.com';
  const id = `/subscriptions/${ref.subscription}/resourceGroups/${ref.resourceGroup}/providers/Microsoft.ContainerService/managedClusters/${ref.name}`;
  return `${portal}/#resource${id}/aksDiagnostics`;
}

function whyNot(err: unknown): string {
  const status = statusOf(err);
  if (status === 403)
    return `the identity may not read detectors (Microsoft.ContainerService/managedClusters/detectors/read): ${armMessage(err)}`;
  if (status === 404) return `this cloud or cluster serves no detectors (HTTP 404): ${armMessage(err)}`;
  if (status !== undefined) return `HTTP ${status}: ${armMessage(err)}`;
  return armMessage(err);
}

export interface ReadDetectorsOptions {
  endpoint?: string;
  /** Gives up on the whole read (Azure is slow to run some detectors). */
  signal?: AbortSignal;
}

/** Runs the connectivity category and each of its detectors. */
export async function readDetectors(
  factory: AzureClientFactory,
  ref: ClusterRef,
  opts: ReadDetectorsOptions = {},
): Promise<DetectorsEvidence> {
  const aks = aksDiagnostics(factory, ref.subscription, opts.endpoint);
  const portalUrl = portalUrlOf(ref, opts.endpoint);
  let category: unknown;
  try {
    category = await aks.detectors.get(ref.resourceGroup, ref.name, CONNECTIVITY_CATEGORY, opts.signal);
  } catch (err) {
    return { available: false, reason: whyNot(err), portalUrl };
  }
  const ids = detectorIdsOf(category);
  const failed: string[] = [];
  const results = await mapLimit(ids, CONCURRENCY, async (id): Promise<DetectorResult | null> => {
    try {
      return detectorResultOf(await aks.detectors.get(ref.resourceGroup, ref.name, id, opts.signal), id);
    } catch (err) {
      failed.push(`${id} (${whyNot(err)})`);
      return null;
    }
  });
  return {
    available: true,
    category: CONNECTIVITY_CATEGORY,
    categoryName: categoryNameOf(category),
    portalUrl,
    detectors: results.filter((r): r is DetectorResult => r !== null),
    failed: failed.sort(),
  };
}
