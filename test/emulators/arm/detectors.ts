/**
 * The ARM emulator's AKS detectors (`GET .../managedClusters/{name}/detectors/{id}`), made from the cluster's own
 * state so they follow what a test or a lab fault changes: the connectivity category lists the detectors below,
 * and each answers from the managed cluster (authorized IP ranges, outbound type, private cluster).
 *
 * The API has no published spec; the shapes are those of real responses saved by Azure/vscode-aks-tools
 * (test/fixtures/public/aks-detectors/, sources in the sidecars): `properties.metadata`, `properties.status`
 * (`statusId` 0 Critical .. 4 None), `properties.dataset[]` with a type 10 detector collection in the category
 * and type 7 insight tables (Status, Message, Data.Name, Data.Value, Expanded, Solutions) in each detector, and the
 * type 23 search configuration both carry.
 */
import type { ManagedClusterState } from './state.js';

export const CONNECTIVITY = 'aks-category-connectivity';

type Level = 'Critical' | 'Warning' | 'Info' | 'Success' | 'None';
const STATUS_ID: Record<Level, number> = { Critical: 0, Warning: 1, Info: 2, Success: 3, None: 4 };

interface Modelled {
  name: string;
  description: string;
  answer(c: ManagedClusterState): { level: Level; message: string };
}

const MODELLED: Record<string, Modelled> = {
  'cluster-subnet': {
    name: 'Cluster Subnet',
    description: 'Looks for issues with cluster subnet configuration',
    answer: () => ({
      level: 'Success',
      message: 'Our analysis did not find any issues with the cluster subnet configuration',
    }),
  },
  aksapiserverauthorizedranges2: {
    name: 'API Server Authorized Ranges',
    description:
      'Shows if the cluster is configured to use authorized IP address ranges for limiting access to the API server.',
    answer: (c) => {
      const ranges = c.cluster.properties.apiServerAccessProfile?.authorizedIPRanges ?? [];
      return ranges.length === 0
        ? {
            level: 'Success',
            message: 'Your cluster is not limiting access to the API server via authorized IP ranges.',
          }
        : {
            level: 'Info',
            message: `Your cluster limits access to the API server to ${ranges.length} authorized IP range(s): ${ranges.join(', ')}.`,
          };
    },
  },
  'user-defined-routing': {
    name: 'User Defined Routing',
    description:
      'Shows a warning to the customer if the cluster has outbound type set to user defined routing.',
    answer: (c) =>
      c.cluster.properties.networkProfile?.outboundType === 'userDefinedRouting'
        ? {
            level: 'Warning',
            message:
              'Cluster egress pathway is set to user defined routing: the appliance it goes through must allow the endpoints AKS needs',
          }
        : { level: 'Success', message: 'Cluster egress pathway is not set to user defined routing' },
  },
  'private-cluster-dns': {
    name: 'Private Cluster DNS',
    description: 'Checks the DNS configuration of a private cluster',
    answer: (c) =>
      c.cluster.properties.apiServerAccessProfile?.enablePrivateCluster
        ? {
            level: 'Info',
            message:
              'This is a private cluster: its API server resolves only where its private DNS zone is linked',
          }
        : { level: 'Success', message: 'This is not a private cluster' },
  },
};

const search = (enabled: boolean) => ({
  renderingProperties: { description: null, isVisible: true, title: null, type: 23 },
  table: {
    columns: [
      'DetectorSearchEnabled',
      'WebSearchEnabled',
      'DetectorSearchConfiguration',
      'WebSearchConfiguration',
      'CustomQueryString',
    ].map((columnName, i) => ({ columnName, columnType: null, dataType: i < 2 ? 'Boolean' : 'String' })),
    rows: [
      [
        enabled,
        true,
        '{"MinScoreThreshold":0.3,"MaxResults":10}',
        '{"MaxResults":5,"UseStack":true,"PreferredSites":[],"ExcludedSites":[]}',
        '',
      ],
    ],
    tableName: '',
  },
});

function envelope(clusterId: string, location: string, id: string, properties: Record<string, unknown>) {
  return {
    id: `${clusterId}/detectors/${id}`,
    name: id,
    type: 'Microsoft.ContainerService/managedClusters/detectors',
    location,
    properties: { appFilter: null, dataProvidersMetadata: null, ...properties, suggestedUtterances: null },
  };
}

const metadata = (id: string, name: string, description: string, type: string) => ({
  analysisType: '',
  analysisTypes: null,
  author: '',
  category: 'Connectivity Issues',
  description,
  id,
  name,
  score: 0,
  // The category names the support topics it belongs to; the detectors name none.
  supportTopicList:
    type === 'CategoryOverview'
      ? [
          {
            id: '32683763',
            pesId: '16450',
            sapProductId: '5a3a423f-8667-9095-1770-0a554a934512',
            sapSupportTopicId: '',
          },
        ]
      : [],
  type,
  typeId: '00000000-0000-4000-8000-000000000000',
});

/** The detectors the category lists: the modelled ones, and any a test put in the cluster's state. */
export function detectorIds(c: ManagedClusterState): string[] {
  return [...new Set([...Object.keys(MODELLED), ...Object.keys(c.detectors ?? {})])];
}

/** A detector's response; null when the emulator knows no such detector (404). Throws for a scripted failure. */
export function detectorResponse(c: ManagedClusterState, clusterId: string, id: string): unknown {
  const location = c.cluster.location;
  if (c.detectors && id in c.detectors) {
    const given = c.detectors[id];
    if (given === undefined) throw new Error(`detector ${id} failed`);
    return given;
  }
  if (id.toLowerCase() === CONNECTIVITY) {
    return envelope(clusterId, location, CONNECTIVITY, {
      dataset: [
        {
          renderingProperties: {
            additionalParams: '',
            description: null,
            detectorIds: detectorIds(c),
            isVisible: true,
            messageIfCritical: null,
            resourceUri: '',
            title: null,
            type: 10,
          },
          table: { columns: [], rows: [], tableName: '' },
        },
        search(true),
      ],
      metadata: metadata(
        CONNECTIVITY,
        'Connectivity Issues',
        'Diagnose problems relating to networking configuration and connectivity issues with the cluster, including potential API server issues.',
        'CategoryOverview',
      ),
      status: { message: null, statusId: STATUS_ID.None },
    });
  }
  const m = MODELLED[id];
  if (!m) return null;
  const { level, message } = m.answer(c);
  return envelope(clusterId, location, id, {
    dataset: [
      {
        renderingProperties: { description: null, isVisible: true, title: null, type: 7 },
        table: {
          columns: ['Status', 'Message', 'Data.Name', 'Data.Value', 'Expanded', 'Solutions'].map(
            (columnName) => ({ columnName, columnType: null, dataType: 'String' }),
          ),
          rows: [[level, message, '', '', 'False', 'null']],
          tableName: '',
        },
      },
      search(false),
    ],
    metadata: metadata(id, m.name, m.description, 'Detector'),
    status: { message: null, statusId: STATUS_ID[level] },
  });
}
