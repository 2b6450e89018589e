/**
 * The one place that reads settings. Validated once at start-up into a typed object; a wrong
 * or missing setting is named with what to do. Everything else receives this object.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { type AlertSettings, labelList, parseBasic, parseChannel, parseRoutes } from './alerts/settings.js';
import { AksdiagError } from './errors.js';
import { DEFAULT_LANG, LANGUAGES, type Lang, langOf } from './i18n/languages.js';

const LANG_HINT = `a language aksdiag speaks: ${LANGUAGES.join(', ')}`;

/** Subscription ids are GUIDs; any version (RFC variant checks would reject real ones). */
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const guid = (what: string) => z.string().regex(GUID, `${what} must be a subscription id (a GUID)`);

const subscriptionList = z
  .string()
  .transform((s) => s.split(/[,\s]+/).filter(Boolean))
  .pipe(z.array(guid('each subscription')).min(1));

const schema = z.object({
  AKSDIAG_SUBSCRIPTIONS: subscriptionList.optional(),
  AZURE_SUBSCRIPTION_ID: guid('AZURE_SUBSCRIPTION_ID').optional(),
  AKSDIAG_ARM_ENDPOINT: z.string().url().startsWith('https://', 'Azure requires https').optional(),
  AKSDIAG_ARM_SCOPE: z.string().url().optional(),
  AKSDIAG_ARM_CA_FILE: z.string().min(1).optional(),
  AKSDIAG_NODE_DEADLINE_SECONDS: z.coerce.number().int().min(10).max(5400).default(300),
  AKSDIAG_RUN_COMMAND_POLL_SECONDS: z.coerce.number().min(0.01).max(60).default(5),
  AKSDIAG_MAX_NODES: z.coerce.number().int().min(1).max(1000).default(5),
  AKSDIAG_KUBE_TIMEOUT_SECONDS: z.coerce.number().min(1).max(300).default(15),
  AKSDIAG_HOME_CLUSTER: z.string().min(1).optional(),
  AKSDIAG_CONFIG_FILE: z.string().min(1).optional(),
  SLACK_BOT_TOKEN: z.string().startsWith('xoxb-', 'a bot token starts with xoxb-').optional(),
  SLACK_SIGNING_SECRET: z.string().min(8).optional(),
  SLACK_APP_TOKEN: z.string().startsWith('xapp-', 'an app-level token starts with xapp-').optional(),
  SLACK_API_URL: z.string().url().endsWith('/', 'end the URL with / (https://slack.com/api/)').optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  AKSDIAG_FIX_APPROVERS: z
    .string()
    .transform((s) => s.split(/[,\s]+/).filter(Boolean))
    .pipe(z.array(z.string().regex(/^[UWS][A-Z0-9]{2,}$/, 'Slack user (U…/W…) or user group (S…) ids')))
    .optional(),
  AKSDIAG_NODE_FIXES: z.enum(['on', 'off']).default('off'),
  AKSDIAG_KUBE_FIXES: z.enum(['on', 'off']).default('off'),
  AKSDIAG_LANGUAGE: z
    .string()
    .transform((s, ctx) => langOf(s) ?? (ctx.addIssue({ code: 'custom', message: LANG_HINT }), z.NEVER))
    .optional(),
  // Default: queue with REDIS_URL, in-process without (the embedded store has no queue).
  AKSDIAG_BOT_CHECKS: z.enum(['queue', 'in-process']).optional(),
  AKSDIAG_DATA_DIR: z.string().min(1).optional(),
  AKSDIAG_STARTUP_TIMEOUT_SECONDS: z.coerce.number().min(1).max(600).default(30),
  AKSDIAG_SERVICE_ACCOUNT_DIR: z.string().min(1).default('/var/run/secrets/kubernetes.io/serviceaccount'),
  KUBERNETES_SERVICE_HOST: z.string().min(1).optional(),
  KUBERNETES_SERVICE_PORT: z.coerce.number().int().min(1).max(65535).default(443),
  REDIS_URL: z
    .string()
    .url()
    .regex(/^rediss?:\/\//, 'use redis://host:port (or rediss:// for TLS)')
    .default('redis://127.0.0.1:6379'),
  AKSDIAG_QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,40}$/, 'letters, digits, _ and - only')
    .default('aksdiag'),
  AKSDIAG_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(32),
  AKSDIAG_RESULT_CACHE_SECONDS: z.coerce.number().min(0).max(3600).default(60),
  // ARM refills 10 writes/s per subscription and principal (request-limits-and-throttling); a
  // run-command POST is one. Half of it leaves room for everything else the identity writes.
  AKSDIAG_RUN_COMMANDS_PER_SECOND: z.coerce.number().min(0.01).max(1000).default(5),
  // ARM's limit is a bucket (200 writes, refilled at that rate): this many may go at once before
  // the rate applies. 1 (the default): an even pace from the first POST.
  AKSDIAG_RUN_COMMAND_BURST: z.coerce.number().int().min(1).max(1000).default(1),
  AKSDIAG_CHECK_DEADLINE_SECONDS: z.coerce.number().int().min(10).max(7200).default(600),
  // 0: any free port (tests, several processes on one host); the port is logged.
  AKSDIAG_HEALTH_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  AKSDIAG_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  AKSDIAG_QUEUE_DASHBOARD: z.enum(['on', 'off']).default('off'),
  // The alert receiver (src/alerts/): on when a credential is set.
  AKSDIAG_ALERTS_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  AKSDIAG_ALERTS_TOKEN: z.string().min(16, 'use a random token of 16 characters or more').optional(),
  AKSDIAG_ALERTS_BASIC_AUTH: z.string().optional(),
  AKSDIAG_ALERTS_CHANNEL: z.string().optional(),
  AKSDIAG_ALERTS_ROUTES: z.string().optional(),
  AKSDIAG_ALERTS_CLUSTER_LABELS: z.string().default('cluster,aks_cluster,cluster_name,clustername'),
  AKSDIAG_ALERTS_RESOURCE_GROUP_LABELS: z
    .string()
    .default('resource_group,resourcegroup,resource_group_name'),
  // Azure's common schema allows 256 KB per alert; Alertmanager groups many alerts in one body.
  AKSDIAG_ALERTS_MAX_BYTES: z.coerce.number().int().min(1024).max(16_777_216).default(1_048_576),
  AKSDIAG_ALERTS_REPOST_MINUTES: z.coerce.number().min(0).max(1440).default(30),
});

/** Every setting loadConfig reads, by name (`.env.example` documents exactly these). */
export const SETTING_NAMES: readonly string[] = Object.keys(schema.shape);

/**
 * The cluster aksdiag itself runs in, read with its pod's service account (in-cluster config)
 * rather than with credentials from ARM.
 */
export interface HomeCluster {
  /** As AKSDIAG_HOME_CLUSTER gives it: `name`, `resourceGroup/name` or `subscription/resourceGroup/name`. */
  cluster: string;
  /** https://KUBERNETES_SERVICE_HOST:KUBERNETES_SERVICE_PORT */
  server: string;
  /** Holds `token` and `ca.crt`, read at each connection (the token is rotated). */
  serviceAccountDir: string;
}

export interface AzureSettings {
  subscriptions: string[];
  endpoint?: string;
  scopes?: string[];
  extraCaPem?: string;
}

/** The queue (BullMQ on Redis) that the bot enqueues on and `aksdiag worker` processes. */
export interface QueueSettings {
  redisUrl: string;
  /** Prefix of every Redis key, so deployments can share one Redis. */
  prefix: string;
  /** Checks one worker process runs at once (node checks mostly wait on Azure). */
  concurrency: number;
  /** The same check on the same target with the same parameters within this window runs once. */
  resultCacheMs: number;
  /** Run-command requests per second per subscription, across all workers. */
  runCommandsPerSecond: number;
  /** Run-command requests that may go at once before that rate applies (a token bucket's size). */
  runCommandBurst: number;
  /** From enqueueing to finding, queue waits included; later the finding is could-not-check. */
  checkDeadlineMs: number;
}

/** The Slack bot's connection and who may apply fixes. Null when SLACK_BOT_TOKEN is unset. */
export interface SlackSettings {
  botToken: string;
  /** Socket Mode when set; HTTP mode (signed requests on PORT, /slack/events) otherwise. */
  appToken: string | null;
  signingSecret: string | null;
  /** The Web API base URL (a corporate proxy, or an emulator). */
  apiUrl: string | null;
  port: number;
  /** Slack user or user-group ids allowed to confirm "Apply fix". Empty: nobody. */
  fixApprovers: string[];
  /** Fixes run on nodes (ufw, iptables) can be applied from Slack: off unless opted in. */
  nodeFixes: boolean;
  /** Fixes that change Kubernetes objects (a Service, a Role, a restart) can be applied: off unless opted in. */
  kubeFixes: boolean;
  /** Where the bot's checks run: on queue workers (`aksdiag worker`), or in the bot's own process. */
  checks: 'queue' | 'in-process';
  /** How long start-up may wait for Slack (and the store) before it fails saying which. */
  startupTimeoutMs: number;
  /** The bot's language when neither the user's Slack locale nor the channel names one (AKSDIAG_LANGUAGE). */
  language: Lang | null;
}

/**
 * Where the bot keeps its state: Redis when REDIS_URL is set (any number of bot replicas and
 * workers), else one SQLite file under AKSDIAG_DATA_DIR (one process, nothing else to run).
 */
export type StoreSettings = { kind: 'redis'; url: string; prefix: string } | { kind: 'sqlite'; path: string };

/** Logs, metrics and the health server of `aksdiag bot` and `aksdiag worker`. */
export interface ObservabilitySettings {
  /** Port of /healthz, /readyz, /metrics (and /queues); 0 picks a free one. */
  healthPort: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** The read-only bull-board dashboard at /queues on the health port. */
  queueDashboard: boolean;
}

export interface Config {
  /** Null when no subscription is configured: diagnosis works, live checks say what to set. */
  azure: AzureSettings | null;
  nodeDeadlineMs: number;
  runCommandPollMs: number;
  maxNodes: number;
  /** Per-request limit for the Kubernetes API before falling back to command invoke. */
  kubeTimeoutMs: number;
  homeCluster: HomeCluster | null;
  queue: QueueSettings;
  slack: SlackSettings | null;
  store: StoreSettings;
  observability: ObservabilitySettings;
  /** The alert receiver (Alertmanager, Azure Monitor); null when no alert credential is set. */
  alerts: AlertSettings | null;
}

/** The SQLite file's name inside AKSDIAG_DATA_DIR. */
export const STORE_FILE = 'aksdiag.db';

function storeSettings(
  s: z.infer<typeof schema>,
  redisSet: boolean,
  home: string | undefined,
): StoreSettings {
  if (redisSet) return { kind: 'redis', url: s.REDIS_URL, prefix: s.AKSDIAG_QUEUE_PREFIX };
  const dir = s.AKSDIAG_DATA_DIR ?? join(home ?? '.', '.aksdiag');
  return { kind: 'sqlite', path: join(dir, STORE_FILE) };
}

function slackSettings(s: z.infer<typeof schema>, redisSet: boolean): SlackSettings | null {
  if (!s.SLACK_BOT_TOKEN) return null;
  if (s.AKSDIAG_BOT_CHECKS === 'queue' && !redisSet) {
    throw new AksdiagError(
      'config-invalid',
      'AKSDIAG_BOT_CHECKS is queue but REDIS_URL is not set: the queue lives in Redis.',
      'Set REDIS_URL (and run `aksdiag worker`), or unset AKSDIAG_BOT_CHECKS to run checks in the bot.',
    );
  }
  if (!s.SLACK_APP_TOKEN && !s.SLACK_SIGNING_SECRET) {
    throw new AksdiagError(
      'config-invalid',
      'Neither SLACK_APP_TOKEN (Socket Mode) nor SLACK_SIGNING_SECRET (HTTP mode) is set.',
      'Set SLACK_APP_TOKEN for Socket Mode, or SLACK_SIGNING_SECRET (Basic Information → App Credentials) for HTTP mode.',
    );
  }
  return {
    botToken: s.SLACK_BOT_TOKEN,
    appToken: s.SLACK_APP_TOKEN ?? null,
    signingSecret: s.SLACK_SIGNING_SECRET ?? null,
    apiUrl: s.SLACK_API_URL ?? null,
    port: s.PORT,
    fixApprovers: s.AKSDIAG_FIX_APPROVERS ?? [],
    nodeFixes: s.AKSDIAG_NODE_FIXES === 'on',
    kubeFixes: s.AKSDIAG_KUBE_FIXES === 'on',
    checks: s.AKSDIAG_BOT_CHECKS ?? (redisSet ? 'queue' : 'in-process'),
    startupTimeoutMs: s.AKSDIAG_STARTUP_TIMEOUT_SECONDS * 1000,
    language: s.AKSDIAG_LANGUAGE ?? null,
  };
}

function observability(s: z.infer<typeof schema>): ObservabilitySettings {
  // In HTTP mode the bot listens on PORT too: one port cannot serve both.
  if (
    s.AKSDIAG_HEALTH_PORT !== 0 &&
    s.AKSDIAG_HEALTH_PORT === s.PORT &&
    s.SLACK_BOT_TOKEN &&
    !s.SLACK_APP_TOKEN
  ) {
    throw new AksdiagError(
      'config-invalid',
      `AKSDIAG_HEALTH_PORT and PORT are both ${s.PORT}: the health server and the bot's HTTP endpoint need their own ports.`,
      'Give AKSDIAG_HEALTH_PORT another port (default 8080).',
    );
  }
  return {
    healthPort: s.AKSDIAG_HEALTH_PORT,
    logLevel: s.AKSDIAG_LOG_LEVEL,
    queueDashboard: s.AKSDIAG_QUEUE_DASHBOARD === 'on',
  };
}

function alertSettings(s: z.infer<typeof schema>): AlertSettings | null {
  const token = s.AKSDIAG_ALERTS_TOKEN ?? null;
  const basic = s.AKSDIAG_ALERTS_BASIC_AUTH
    ? parseBasic('AKSDIAG_ALERTS_BASIC_AUTH', s.AKSDIAG_ALERTS_BASIC_AUTH)
    : null;
  const defaultChannel = s.AKSDIAG_ALERTS_CHANNEL
    ? parseChannel('AKSDIAG_ALERTS_CHANNEL', s.AKSDIAG_ALERTS_CHANNEL)
    : null;
  const routes = s.AKSDIAG_ALERTS_ROUTES ? parseRoutes('AKSDIAG_ALERTS_ROUTES', s.AKSDIAG_ALERTS_ROUTES) : [];
  if (!token && !basic) {
    if (!defaultChannel && routes.length === 0) return null;
    throw new AksdiagError(
      'config-invalid',
      'Alert channels are set but neither AKSDIAG_ALERTS_TOKEN nor AKSDIAG_ALERTS_BASIC_AUTH is: the alert endpoints would take alerts from anyone.',
      'Set AKSDIAG_ALERTS_TOKEN (a bearer token) or AKSDIAG_ALERTS_BASIC_AUTH (user:password), and give the same to Alertmanager or the action group.',
    );
  }
  if (!defaultChannel && routes.length === 0) {
    throw new AksdiagError(
      'config-invalid',
      'The alert receiver is on but no channel is set: every alert would be unroutable.',
      'Set AKSDIAG_ALERTS_CHANNEL (a channel id) and/or AKSDIAG_ALERTS_ROUTES (cluster=channel,...).',
    );
  }
  const port = s.AKSDIAG_ALERTS_PORT;
  const taken = [
    s.SLACK_APP_TOKEN ? null : ['PORT', s.PORT],
    ['AKSDIAG_HEALTH_PORT', s.AKSDIAG_HEALTH_PORT],
  ].find((t) => t && port !== 0 && t[1] === port);
  if (taken) {
    throw new AksdiagError(
      'config-invalid',
      `AKSDIAG_ALERTS_PORT and ${taken[0]} are both ${port}: the alert receiver needs a port of its own.`,
      'Give AKSDIAG_ALERTS_PORT another port (default 3001).',
    );
  }
  return {
    port,
    token,
    basic,
    defaultChannel,
    routes,
    clusterLabels: labelList(s.AKSDIAG_ALERTS_CLUSTER_LABELS),
    resourceGroupLabels: labelList(s.AKSDIAG_ALERTS_RESOURCE_GROUP_LABELS),
    maxBytes: s.AKSDIAG_ALERTS_MAX_BYTES,
    repostMs: s.AKSDIAG_ALERTS_REPOST_MINUTES * 60_000,
  };
}

function homeCluster(s: z.infer<typeof schema>): HomeCluster | null {
  if (!s.AKSDIAG_HOME_CLUSTER) return null;
  if (!s.KUBERNETES_SERVICE_HOST) {
    throw new AksdiagError(
      'config-invalid',
      'AKSDIAG_HOME_CLUSTER is set but KUBERNETES_SERVICE_HOST is not: aksdiag is not running in a Kubernetes pod.',
      'Unset AKSDIAG_HOME_CLUSTER outside the cluster, or run aksdiag in a pod of that cluster.',
    );
  }
  const host = s.KUBERNETES_SERVICE_HOST.includes(':')
    ? `[${s.KUBERNETES_SERVICE_HOST}]`
    : s.KUBERNETES_SERVICE_HOST;
  return {
    cluster: s.AKSDIAG_HOME_CLUSTER,
    server: `https://${host}:${s.KUBERNETES_SERVICE_PORT}`,
    serviceAccountDir: s.AKSDIAG_SERVICE_ACCOUNT_DIR,
  };
}

/**
 * `KEY=VALUE` lines (the .env format: `#` comments, optional quotes), for AKSDIAG_CONFIG_FILE: a file
 * mounted from a Kubernetes Secret or kept beside the binary. The environment wins over the file.
 */
export function parseSettingsFile(text: string, path: string): Record<string, string> {
  const out: Record<string, string> = {};
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const eq = line.indexOf('=');
    const key =
      eq > 0
        ? line
            .slice(0, eq)
            .trim()
            .replace(/^export\s+/, '')
        : '';
    if (!/^[A-Z][A-Z0-9_]*$/.test(key)) {
      throw new AksdiagError(
        'config-invalid',
        `Line ${i + 1} of ${path} is not KEY=VALUE.`,
        'Write one setting per line, as in .env.example.',
      );
    }
    const value = line.slice(eq + 1).trim();
    const quoted = value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.endsWith(value[0]!);
    out[key] = quoted ? value.slice(1, -1) : value;
  });
  return out;
}

function withSettingsFile(
  env: Readonly<Record<string, string | undefined>>,
): Record<string, string | undefined> {
  const path = env['AKSDIAG_CONFIG_FILE']?.trim();
  if (!path) return { ...env };
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new AksdiagError(
      'config-invalid',
      `Cannot read AKSDIAG_CONFIG_FILE (${path}).`,
      'Point it at a KEY=VALUE file.',
      {
        cause,
      },
    );
  }
  const fromFile = parseSettingsFile(text, path);
  // A variable set (and not empty) in the environment wins over the file.
  const fromEnv = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''),
  );
  return { ...fromFile, ...fromEnv };
}

export function loadConfig(rawEnv: Readonly<Record<string, string | undefined>>): Config {
  const env = withSettingsFile(rawEnv);
  // An empty variable means unset (shells and .env files leave them empty).
  const set = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const parsed = schema.safeParse(set);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? 'a setting');
    throw new AksdiagError(
      'config-invalid',
      `Setting ${name} is invalid: ${issue?.message ?? 'bad value'}.`,
      'Fix it in the environment or .env file (see .env.example).',
    );
  }
  const s = parsed.data;
  const redisSet = set['REDIS_URL'] !== undefined;
  const subscriptions = s.AKSDIAG_SUBSCRIPTIONS ?? (s.AZURE_SUBSCRIPTION_ID ? [s.AZURE_SUBSCRIPTION_ID] : []);
  let extraCaPem: string | undefined;
  if (s.AKSDIAG_ARM_CA_FILE) {
    try {
      extraCaPem = readFileSync(s.AKSDIAG_ARM_CA_FILE, 'utf8');
    } catch (cause) {
      throw new AksdiagError(
        'config-invalid',
        `Cannot read AKSDIAG_ARM_CA_FILE (${s.AKSDIAG_ARM_CA_FILE}).`,
        'Point it at a PEM file.',
        { cause },
      );
    }
  }
  const azure: AzureSettings | null =
    subscriptions.length === 0
      ? null
      : {
          subscriptions,
          ...(s.AKSDIAG_ARM_ENDPOINT ? { endpoint: s.AKSDIAG_ARM_ENDPOINT } : {}),
          ...(s.AKSDIAG_ARM_SCOPE ? { scopes: [s.AKSDIAG_ARM_SCOPE] } : {}),
          ...(extraCaPem ? { extraCaPem } : {}),
        };
  return {
    azure,
    nodeDeadlineMs: s.AKSDIAG_NODE_DEADLINE_SECONDS * 1000,
    runCommandPollMs: s.AKSDIAG_RUN_COMMAND_POLL_SECONDS * 1000,
    maxNodes: s.AKSDIAG_MAX_NODES,
    kubeTimeoutMs: s.AKSDIAG_KUBE_TIMEOUT_SECONDS * 1000,
    homeCluster: homeCluster(s),
    slack: slackSettings(s, redisSet),
    // HOME is no aksdiag setting: only the default data directory's place.
    store: storeSettings(s, redisSet, env['HOME']),
    observability: observability(s),
    alerts: alertSettings(s),
    queue: {
      redisUrl: s.REDIS_URL,
      prefix: s.AKSDIAG_QUEUE_PREFIX,
      concurrency: s.AKSDIAG_WORKER_CONCURRENCY,
      resultCacheMs: s.AKSDIAG_RESULT_CACHE_SECONDS * 1000,
      runCommandsPerSecond: s.AKSDIAG_RUN_COMMANDS_PER_SECOND,
      runCommandBurst: s.AKSDIAG_RUN_COMMAND_BURST,
      checkDeadlineMs: s.AKSDIAG_CHECK_DEADLINE_SECONDS * 1000,
    },
  };
}

/**
 * The language a terminal user reads, from the POSIX locale variables in their order of
 * precedence (LC_ALL, then LC_MESSAGES, then LANG): the first one set decides, and a language
 * aksdiag does not speak (or `C`) means English. Read here, not in the core: the CLI passes it in.
 */
export function localeLanguage(env: Readonly<Record<string, string | undefined>>): Lang {
  const first = [env['LC_ALL'], env['LC_MESSAGES'], env['LANG']].find((v) => v !== undefined && v !== '');
  return langOf(first) ?? DEFAULT_LANG;
}
