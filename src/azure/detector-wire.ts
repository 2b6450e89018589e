/**
 * AKS detector responses (AppLens, `.../managedClusters/{name}/detectors/{id}`) read into plain data. The API is
 * not in Azure/azure-rest-api-specs; its shape is AppLens' own, which Microsoft.App's and Microsoft.Web's
 * published "detectors" APIs share: `properties.metadata` (id, name, category), `properties.status.statusId`
 * (InsightStatus: 0 Critical, 1 Warning, 2 Info, 3 Success, 4 None) and `properties.dataset[]`, each a
 * `renderingProperties.type` with a `table` of `columns` and `rows`. A category detector (type 10, "detector
 * collection") lists its detectors in `renderingProperties.detectorIds`; a detector's insights are type 7 tables
 * whose columns are Status, Message, Data.Name, Data.Value, Expanded, Solutions.
 */
import type { DetectorLevel, DetectorResult } from '../domain/azure-evidence.js';

const LEVELS: readonly DetectorLevel[] = ['critical', 'warning', 'info', 'success', 'none'];
const DETECTOR_COLLECTION = 10;
const INSIGHTS = 7;

interface WireTable {
  columns?: { columnName?: string }[];
  rows?: unknown[][];
}
interface WireDataset {
  renderingProperties?: { type?: number; detectorIds?: unknown };
  table?: WireTable;
}
interface WireDetector {
  name?: string;
  properties?: {
    dataset?: WireDataset[];
    metadata?: { id?: string; name?: string; category?: string };
    status?: { statusId?: number; message?: string | null };
  };
}

const asDetector = (body: unknown): WireDetector =>
  body !== null && typeof body === 'object' ? (body as WireDetector) : {};

/** The detectors a category detector runs, in its order. */
export function detectorIdsOf(body: unknown): string[] {
  const sets = asDetector(body).properties?.dataset ?? [];
  const collection = sets.find((d) => d.renderingProperties?.type === DETECTOR_COLLECTION);
  const ids = collection?.renderingProperties?.detectorIds;
  return Array.isArray(ids) ? ids.filter((x): x is string => typeof x === 'string' && x !== '') : [];
}

export function categoryNameOf(body: unknown): string {
  const m = asDetector(body).properties?.metadata;
  return m?.name ?? m?.category ?? asDetector(body).name ?? 'AKS detectors';
}

function levelOf(statusId: unknown): DetectorLevel {
  return typeof statusId === 'number' && Number.isInteger(statusId) && LEVELS[statusId]
    ? LEVELS[statusId]
    : 'none';
}

/** Insight rows that are not a success, as `Status: Message`. */
function insightsOf(sets: WireDataset[]): string[] {
  const out: string[] = [];
  for (const set of sets) {
    if (set.renderingProperties?.type !== INSIGHTS || !set.table) continue;
    const cols = (set.table.columns ?? []).map((c) => c.columnName ?? '');
    const status = cols.indexOf('Status');
    const message = cols.indexOf('Message');
    if (status < 0 || message < 0) continue;
    for (const row of set.table.rows ?? []) {
      const s = String(row[status] ?? '');
      const m = String(row[message] ?? '').trim();
      if (s.toLowerCase() !== 'success' && m !== '' && !out.includes(`${s}: ${m}`)) out.push(`${s}: ${m}`);
    }
  }
  return out;
}

/** One detector's response: its level and what it flagged. */
export function detectorResultOf(body: unknown, fallbackId: string): DetectorResult {
  const d = asDetector(body);
  const meta = d.properties?.metadata;
  return {
    id: meta?.id ?? d.name ?? fallbackId,
    name: meta?.name ?? meta?.id ?? fallbackId,
    level: levelOf(d.properties?.status?.statusId),
    insights: insightsOf(d.properties?.dataset ?? []),
  };
}
