/**
 * deploy/helm/aksdiag, rendered by the real helm (test/support/helm.ts) with the value sets people
 * install it with, and every rendered object validated against the Kubernetes schemas
 * (kubernetes-models, KEDA's from @kubernetes-models/keda), as kubernetes.test.ts does for the
 * kustomize manifests. Then held to what each set must run: the settings each container would see,
 * fed to loadConfig; the embedded store on its volume with one bot; Redis and workers; workload
 * identity; the same RBAC as deploy/kubernetes; KEDA reading the list BullMQ really fills; the alert
 * receiver (alerts.*) reached where the bot listens, with its credentials from a Secret.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import yaml from 'js-yaml';
import { ALERT_PATHS } from '../../src/alerts/server.js';
import { type Config, SETTING_NAMES, STORE_FILE, loadConfig } from '../../src/config.js';
import { HEALTH_PATHS } from '../../src/observability/index.js';
import { QUEUES } from '../../src/queue/keys.js';
import { CHART, helmLint, helmTemplate } from '../support/helm.js';
import {
  type Manifest as Obj,
  containerEnv,
  findManifest as find,
  kindsOf as kinds,
  selects as matches,
  validateManifest as validate,
} from '../support/manifests.js';
import { REPO_ROOT } from '../support/paths.js';
import { startTestRedis, type TestRedis } from '../support/redis.js';

let redis: TestRedis | undefined;
afterAll(async () => {
  await redis?.cleanup();
});

const CLIENT_ID = '00000000-0000-0000-0000-0000000000c1';
const SUBSCRIPTION = '00000000-0000-0000-0000-00000000a11c';
/** Stand-ins for the Secrets a user creates before installing (never real values). */
const USER_SECRETS: Record<string, Record<string, string>> = {
  'team-slack': { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: 'signing-secret-for-tests' },
  'team-redis': { REDIS_URL: 'rediss://:key@cache.example.net:6380', REDIS_PASSWORD: 'key' },
  // Under a key of the user's choosing (alerts.tokenKey), as a Secret shared with Alertmanager has it.
  'team-alerts': {
    bearer: 'stand-in-bearer-for-tests-0001',
    AKSDIAG_ALERTS_BASIC_AUTH: 'azure:stand-in-pass-01',
  },
};
/** The alert token given as a value, for the chart to keep in a Secret of its own. */
const ALERT_TOKEN = 'stand-in-alert-token-for-tests';
const ALERT_CREDENTIALS = [ALERT_TOKEN, ...Object.values(USER_SECRETS['team-alerts']!)];

const SOCKET = {
  slack: { botToken: 'xoxb-test', appToken: 'xapp-test' },
  azure: { subscriptions: [SUBSCRIPTION], workloadIdentity: { clientId: CLIENT_ID } },
};
const HTTP_REDIS = {
  store: 'redis',
  slack: { mode: 'http', existingSecret: 'team-slack' },
  ingress: { enabled: true, host: 'aksdiag.example.com', className: 'nginx', tlsSecret: 'aksdiag-tls' },
  azure: {
    subscriptions: [SUBSCRIPTION],
    homeCluster: 'rg-ops/aks-ops',
    workloadIdentity: { clientId: CLIENT_ID },
  },
};

/** The value sets: the default install, the two larger shapes, and each with the alert receiver. */
const SETS = {
  'socket + embedded store': SOCKET,
  'http + in-cluster Redis, CPU autoscaling': HTTP_REDIS,
  'external Redis + KEDA + Kubernetes fixes': {
    store: 'redis',
    slack: { mode: 'http', existingSecret: 'team-slack', fixApprovers: ['U0123ABC'] },
    azure: { workloadIdentity: { clientId: CLIENT_ID } },
    redis: {
      queuePrefix: 'team-a',
      external: { existingSecret: 'team-redis', host: 'cache.example.net', passwordKey: 'REDIS_PASSWORD' },
    },
    kubeFixes: { enabled: true },
    worker: { autoscaling: { mode: 'keda', minReplicas: 0, maxReplicas: 20 } },
    settings: { AKSDIAG_MAX_NODES: 10 },
  },
  // Socket Mode takes no inbound requests: the alert Ingress is the only one, on a host of its own.
  'socket + alerts from a Secret, an Ingress of their own': {
    ...SOCKET,
    alerts: {
      enabled: true,
      existingSecret: 'team-alerts',
      tokenKey: 'bearer',
      basicAuthKey: 'AKSDIAG_ALERTS_BASIC_AUTH',
      channel: 'C0DEFAULT1',
      routes: { 'aks-prod': 'C0123ABCD', 'rg-shop/aks-shop': 'C0456EFGH' },
      clusterLabels: ['cluster', 'k8s_cluster'],
      repostMinutes: 10,
      ingress: { enabled: true, host: 'alerts.example.com', className: 'nginx', tlsSecret: 'alerts-tls' },
    },
  },
  'http + Redis + alerts on the Slack host, token kept by the chart': {
    ...HTTP_REDIS,
    alerts: { enabled: true, token: ALERT_TOKEN, channel: 'C0DEFAULT1', ingress: { enabled: true } },
  },
} as const;
type SetName = keyof typeof SETS;
const NAMES = Object.keys(SETS) as SetName[];

const rendered = Object.fromEntries(NAMES.map((n) => [n, helmTemplate(SETS[n])])) as Record<
  SetName,
  ReturnType<typeof helmTemplate>
>;
const objectsOf = (n: SetName): Obj[] => rendered[n].objects;
const deployments = (objects: Obj[]) => objects.filter((o) => o.kind === 'Deployment');
const container = (objects: Obj[], name: string) =>
  find(objects, 'Deployment', name).spec.template.spec.containers[0];

const environment = (objects: Obj[], c: Obj) => containerEnv(objects, c, USER_SECRETS);
/** loadConfig as the container would run it (in a pod: Kubernetes sets KUBERNETES_SERVICE_HOST). */
const configOf = (objects: Obj[], deployment: string): Config =>
  loadConfig({
    ...environment(objects, container(objects, deployment)),
    KUBERNETES_SERVICE_HOST: '10.0.0.1',
  });

const kustomizeRules = (file: string, role: string): Obj[] =>
  (yaml.loadAll(readFileSync(join(REPO_ROOT, 'deploy/kubernetes', file), 'utf8')) as Obj[]).find(
    (o) => o.kind === 'ClusterRole' && o.metadata.name === role,
  ).rules;

describe('deploy/helm/aksdiag rendered by helm', () => {
  it.each(NAMES)('%s: renders, passes helm lint, and every object is valid against its schema', (n) => {
    expect(rendered[n].error).toBe('');
    expect(objectsOf(n).length).toBeGreaterThan(5);
    for (const o of objectsOf(n)) expect(() => validate(o)).not.toThrow();
    expect(helmLint(SETS[n])).toBe('');
  });

  it('validation catches a broken object, KEDA objects included', () => {
    const worker = structuredClone(
      find(objectsOf('external Redis + KEDA + Kubernetes fixes'), 'Deployment', 'aksdiag-worker'),
    );
    worker.spec.template.spec.containers[0].ports[0].containerPort = 'eighty';
    expect(() => validate(worker)).toThrow();
    const scaled = structuredClone(
      find(objectsOf('external Redis + KEDA + Kubernetes fixes'), 'ScaledObject', 'aksdiag-worker'),
    );
    delete scaled.spec.scaleTargetRef;
    expect(() => validate(scaled)).toThrow();
  });

  it('socket + embedded store: one bot on its data volume, no Redis, no workers', () => {
    const objects = objectsOf('socket + embedded store');
    expect(kinds(objects)).toEqual(
      [
        'ClusterRole/aksdiag-reader',
        'ClusterRoleBinding/aksdiag-reader',
        'ConfigMap/aksdiag-settings',
        'Deployment/aksdiag-bot',
        'PersistentVolumeClaim/aksdiag-data',
        'Secret/aksdiag-slack',
        'Service/aksdiag-bot',
        'ServiceAccount/aksdiag',
      ].sort(),
    );
    const bot = find(objects, 'Deployment', 'aksdiag-bot');
    expect([bot.spec.replicas, bot.spec.strategy.type]).toEqual([1, 'Recreate']);
    const config = configOf(objects, 'aksdiag-bot');
    expect(config.store.kind).toBe('sqlite');
    const mount = container(objects, 'aksdiag-bot').volumeMounts[0];
    expect(config.store).toEqual({ kind: 'sqlite', path: join(mount.mountPath, STORE_FILE) });
    const volume = bot.spec.template.spec.volumes.find((v: Obj) => v.name === mount.name);
    expect(volume.persistentVolumeClaim.claimName).toBe('aksdiag-data');
    expect(config.slack).toMatchObject({ appToken: 'xapp-test', checks: 'in-process' });
    expect(JSON.stringify(objects)).not.toMatch(/REDIS_URL|redis:\/\//);
  });

  it('http + in-cluster Redis: bot replicas and CPU-scaled workers on the Redis the chart runs, with the AOF', () => {
    const objects = objectsOf('http + in-cluster Redis, CPU autoscaling');
    const bot = configOf(objects, 'aksdiag-bot');
    const worker = configOf(objects, 'aksdiag-worker');
    const redis = find(objects, 'StatefulSet', 'aksdiag-redis').spec;
    expect(redis.template.spec.containers[0].args.join(' ')).toMatch(
      /--appendonly yes.*--maxmemory-policy noeviction/,
    );
    expect(redis.volumeClaimTemplates[0].metadata.name).toBe(
      redis.template.spec.containers[0].volumeMounts[0].name,
    );
    expect(bot.store).toEqual({ kind: 'redis', url: 'redis://aksdiag-redis:6379', prefix: 'aksdiag' });
    expect(worker.queue.redisUrl).toBe('redis://aksdiag-redis:6379');
    expect(find(objects, 'Service', 'aksdiag-redis').spec.ports[0].port).toBe(6379);
    expect(bot.slack).toMatchObject({
      appToken: null,
      signingSecret: 'signing-secret-for-tests',
      checks: 'queue',
    });
    expect(find(objects, 'Deployment', 'aksdiag-bot').spec.replicas).toBe(2);
    expect(bot.homeCluster?.cluster).toBe('rg-ops/aks-ops');
    const hpa = find(objects, 'HorizontalPodAutoscaler', 'aksdiag-worker');
    expect(hpa.spec.scaleTargetRef).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: 'aksdiag-worker',
    });
    // The HPA owns the replica count: the Deployment leaves it unset, so an upgrade does not reset it.
    expect(find(objects, 'Deployment', 'aksdiag-worker').spec.replicas).toBeUndefined();
    const rule = find(objects, 'Ingress', 'aksdiag-bot').spec.rules[0];
    expect(rule.http.paths[0].path).toBe('/slack/events');
    const port = rule.http.paths[0].backend.service.port.name;
    expect(
      find(objects, 'Service', rule.http.paths[0].backend.service.name).spec.ports.map((p: Obj) => p.name),
    ).toContain(port);
    expect(container(objects, 'aksdiag-bot').ports.find((p: Obj) => p.name === 'slack').containerPort).toBe(
      bot.slack?.port,
    );
  });

  it('external Redis + KEDA + fixes: the URL and password from the Secret, fixes on, the fixer RBAC', () => {
    const objects = objectsOf('external Redis + KEDA + Kubernetes fixes');
    const bot = configOf(objects, 'aksdiag-bot');
    expect(bot.store).toEqual({
      kind: 'redis',
      url: USER_SECRETS['team-redis']!['REDIS_URL'],
      prefix: 'team-a',
    });
    expect(configOf(objects, 'aksdiag-worker').queue).toMatchObject({
      redisUrl: bot.store.kind === 'redis' && bot.store.url,
      prefix: 'team-a',
    });
    expect(bot.slack).toMatchObject({ kubeFixes: true, fixApprovers: ['U0123ABC'] });
    expect(bot.maxNodes).toBe(10);
    expect(objects.filter((o) => o.kind === 'StatefulSet' || o.kind === 'Secret')).toEqual([]);
    const scaled = find(objects, 'ScaledObject', 'aksdiag-worker');
    expect(scaled.spec.scaleTargetRef.name).toBe('aksdiag-worker');
    expect(scaled.spec.minReplicaCount).toBe(0);
    const [queue, cpu] = scaled.spec.triggers;
    expect(queue.metadata).toMatchObject({
      address: 'cache.example.net:6380',
      enableTLS: 'true',
      listName: 'team-a:checks:wait',
    });
    const auth = find(objects, 'TriggerAuthentication', queue.authenticationRef.name);
    expect(auth.spec.secretTargetRef).toEqual([
      { parameter: 'password', name: 'team-redis', key: 'REDIS_PASSWORD' },
    ]);
    expect(cpu).toEqual({ type: 'cpu', metricType: 'Utilization', metadata: { value: '70' } });
    expect(objects.filter((o) => o.kind === 'HorizontalPodAutoscaler')).toEqual([]);
  });

  it('KEDA reads the list BullMQ keeps waiting checks in, on the in-cluster Redis too', async () => {
    const inCluster = helmTemplate({
      ...SETS['http + in-cluster Redis, CPU autoscaling'],
      worker: { autoscaling: { mode: 'keda' } },
    });
    const trigger = find(inCluster.objects, 'ScaledObject', 'aksdiag-worker').spec.triggers[0];
    expect(trigger.metadata.address).toBe('aksdiag-redis.aksdiag.svc:6379');
    expect(trigger.authenticationRef).toBeUndefined();
    // A check queued the way aksdiag queues it lands in exactly the list KEDA counts.
    redis = await startTestRedis();
    const queue = new Queue(QUEUES.checks, {
      connection: { host: '127.0.0.1', port: redis.port },
      prefix: 'team-a',
    });
    const client = new Redis(redis.port, '127.0.0.1');
    try {
      await queue.add('check', { any: 'payload' });
      const list = find(
        objectsOf('external Redis + KEDA + Kubernetes fixes'),
        'ScaledObject',
        'aksdiag-worker',
      ).spec.triggers[0].metadata.listName;
      expect(await client.llen(list)).toBe(1);
    } finally {
      await queue.close();
      client.disconnect();
    }
  }, 60_000);

  it.each(NAMES)(
    '%s: selectors select, probes hit the health server, pods run unprivileged with limits',
    (n) => {
      const objects = objectsOf(n);
      const workloads = objects.filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet');
      for (const w of workloads)
        expect(matches(w.spec.selector.matchLabels, w.spec.template.metadata.labels)).toBe(true);
      for (const s of objects.filter((o) => o.kind === 'Service')) {
        const target = workloads.filter((w) => matches(s.spec.selector, w.spec.template.metadata.labels));
        expect([s.metadata.name, target.length]).toEqual([s.metadata.name, 1]);
        const ports = target[0].spec.template.spec.containers.flatMap((c: Obj) =>
          c.ports.map((p: Obj) => p.name),
        );
        for (const p of s.spec.ports) expect(ports).toContain(p.targetPort);
      }
      for (const pdb of objects.filter((o) => o.kind === 'PodDisruptionBudget'))
        expect(
          deployments(objects).filter((d) =>
            matches(pdb.spec.selector.matchLabels, d.spec.template.metadata.labels),
          ),
        ).toHaveLength(1);
      for (const d of deployments(objects)) {
        const c = d.spec.template.spec.containers[0];
        const port = configOf(objects, d.metadata.name).observability.healthPort;
        expect(c.ports.find((p: Obj) => p.name === 'health').containerPort).toBe(port);
        expect([c.livenessProbe.httpGet.path, c.readinessProbe.httpGet.path]).toEqual([
          HEALTH_PATHS.live,
          HEALTH_PATHS.ready,
        ]);
        expect(d.spec.template.metadata.annotations['prometheus.io/path']).toBe(HEALTH_PATHS.metrics);
      }
      for (const w of workloads) {
        expect(w.spec.template.spec.securityContext.runAsNonRoot).toBe(true);
        for (const c of w.spec.template.spec.containers) {
          expect(Object.keys(c.resources.requests).sort()).toEqual(['cpu', 'memory']);
          expect(Object.keys(c.resources.limits).sort()).toEqual(['cpu', 'memory']);
          expect(c.securityContext).toMatchObject({
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: true,
            capabilities: { drop: ['ALL'] },
          });
        }
      }
    },
  );

  it.each(NAMES)(
    '%s: workload identity, Slack and alert credentials only in the bot and only from a Secret, real settings only',
    (n) => {
      const objects = objectsOf(n);
      const sa = find(objects, 'ServiceAccount', 'aksdiag');
      expect(sa.metadata.annotations['azure.workload.identity/client-id']).toBe(CLIENT_ID);
      for (const d of deployments(objects)) {
        expect(d.spec.template.spec.serviceAccountName).toBe('aksdiag');
        expect(d.spec.template.metadata.labels['azure.workload.identity/use']).toBe('true');
        for (const e of d.spec.template.spec.containers[0].env ?? [])
          expect([e.name, e.value]).toEqual([e.name, undefined]);
      }
      for (const b of objects.filter((o) => o.kind === 'ClusterRoleBinding'))
        expect(b.subjects).toEqual([{ kind: 'ServiceAccount', name: 'aksdiag', namespace: 'aksdiag' }]);
      const worker = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'aksdiag-worker');
      // The workers start without anything of the bot's: no Slack token, no alert setting or credential.
      if (worker)
        expect(
          Object.keys(environment(objects, worker.spec.template.spec.containers[0])).filter((k) =>
            /^(SLACK_|AKSDIAG_ALERTS_)/.test(k),
          ),
        ).toEqual([]);
      for (const c of objects.filter((o) => o.kind === 'ConfigMap'))
        for (const k of Object.keys(c.data)) expect(SETTING_NAMES).toContain(k);
      const nonSecret = JSON.stringify(objects.filter((o) => o.kind !== 'Secret'));
      expect(nonSecret).not.toMatch(/xox[abp]-|xapp-|rediss?:\/\/[^@\s"]*:[^@\s"]+@/);
      for (const credential of ALERT_CREDENTIALS) expect(nonSecret).not.toContain(credential);
    },
  );

  it('grants the same RBAC as deploy/kubernetes: the reader always, the fixer roles only with fixes', () => {
    const fixes = objectsOf('external Redis + KEDA + Kubernetes fixes');
    expect(find(fixes, 'ClusterRole', 'aksdiag-reader').rules).toEqual(
      kustomizeRules('rbac.yaml', 'aksdiag-reader'),
    );
    expect(find(fixes, 'ClusterRole', 'aksdiag-fixer').rules).toEqual(
      kustomizeRules('kube-fixes/rbac.yaml', 'aksdiag-fixer'),
    );
    expect(find(fixes, 'ClusterRole', 'aksdiag-fixer-rbac').rules).toEqual(
      kustomizeRules('kube-fixes/rbac.yaml', 'aksdiag-fixer-rbac'),
    );
    const roles = (objects: Obj[]) =>
      objects
        .filter((o) => o.kind === 'ClusterRole')
        .map((o) => o.metadata.name)
        .sort();
    expect(roles(objectsOf('socket + embedded store'))).toEqual(['aksdiag-reader']);
    const noGrants = helmTemplate({
      ...SETS['external Redis + KEDA + Kubernetes fixes'],
      kubeFixes: { enabled: true, grantRoles: false },
    });
    expect(roles(noGrants.objects)).toEqual(['aksdiag-fixer', 'aksdiag-reader']);
  });

  it('lets a worker drain: its grace period outlasts a node script', () => {
    const objects = objectsOf('http + in-cluster Redis, CPU autoscaling');
    const grace = find(objects, 'Deployment', 'aksdiag-worker').spec.template.spec
      .terminationGracePeriodSeconds;
    expect(grace * 1000).toBeGreaterThan(configOf(objects, 'aksdiag-worker').nodeDeadlineMs);
  });

  it('deploys the image of this version unless told otherwise', () => {
    const chart = yaml.load(readFileSync(join(CHART, 'Chart.yaml'), 'utf8')) as { appVersion: string };
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(chart.appVersion).toBe(pkg.version);
    expect(container(objectsOf('socket + embedded store'), 'aksdiag-bot').image).toBe(
      `aksdiag:${pkg.version}`,
    );
  });
});

const FROM_SECRET = 'socket + alerts from a Secret, an Ingress of their own';
const CHART_SECRET = 'http + Redis + alerts on the Slack host, token kept by the chart';
const WITHOUT_ALERTS = [
  'socket + embedded store',
  'http + in-cluster Redis, CPU autoscaling',
  'external Redis + KEDA + Kubernetes fixes',
] as const;

/** Kubernetes' Prefix match: whole path elements (/alerts/ takes /alerts/x, not /alertsx). */
const underPrefix = (prefix: string, path: string): boolean => {
  const want = prefix.split('/').filter(Boolean);
  const got = path.split('/').filter(Boolean);
  return want.every((e, i) => got[i] === e);
};
/** The Service port an Ingress path sends to. */
const backendPort = (objects: Obj[], path: Obj): Obj =>
  find(objects, 'Service', path.backend.service.name).spec.ports.find(
    (p: Obj) => p.name === path.backend.service.port.name,
  );
const named = (list: Obj[], name: string): Obj | undefined => list.find((p) => p.name === name);

describe('deploy/helm/aksdiag with the alert receiver (alerts.*)', () => {
  it('from a Secret: the bot gets the credentials under the keys named, the channel, routes and labels', () => {
    const alerts = configOf(objectsOf(FROM_SECRET), 'aksdiag-bot').alerts;
    // What the bot defaults to when a list is left empty (a minimal receiver of its own).
    const defaults = loadConfig({
      AKSDIAG_ALERTS_TOKEN: ALERT_TOKEN,
      AKSDIAG_ALERTS_CHANNEL: 'C0DEFAULT1',
    }).alerts;
    expect(alerts).toMatchObject({
      token: USER_SECRETS['team-alerts']!['bearer'],
      basic: { user: 'azure', password: 'stand-in-pass-01' },
      defaultChannel: 'C0DEFAULT1',
      clusterLabels: ['cluster', 'k8s_cluster'],
      resourceGroupLabels: defaults?.resourceGroupLabels,
      maxBytes: defaults?.maxBytes,
      repostMs: 10 * 60_000,
    });
    expect(alerts?.routes).toHaveLength(2);
    expect(alerts?.routes).toEqual(
      expect.arrayContaining([
        { cluster: { name: 'aks-prod' }, channel: 'C0123ABCD' },
        { cluster: { resourceGroup: 'rg-shop', name: 'aks-shop' }, channel: 'C0456EFGH' },
      ]),
    );
    // The user's Secret is read, none is made for it.
    expect(
      objectsOf(FROM_SECRET)
        .filter((o) => o.kind === 'Secret')
        .map((o) => o.metadata.name),
    ).toEqual(['aksdiag-slack']);
  });

  it.each([FROM_SECRET, CHART_SECRET] as const)(
    '%s: the bot listens where its container port, its Service and the Ingress send',
    (n) => {
      const objects = objectsOf(n);
      const port = configOf(objects, 'aksdiag-bot').alerts?.port;
      expect(named(container(objects, 'aksdiag-bot').ports, 'alerts')?.containerPort).toBe(port);
      // Alertmanager in the cluster: http://aksdiag-bot.aksdiag.svc:3001/alerts/alertmanager
      const service = named(find(objects, 'Service', 'aksdiag-bot').spec.ports, 'alerts');
      expect([service?.port, service?.targetPort]).toEqual([3001, 'alerts']);
      // From outside: every path the receiver serves is under the Ingress path, and only those go there.
      const alertPaths = objects
        .filter((o) => o.kind === 'Ingress')
        .flatMap((i) => i.spec.rules.flatMap((r: Obj) => r.http.paths))
        .filter((p: Obj) => backendPort(objects, p)?.targetPort === 'alerts');
      expect(alertPaths).toHaveLength(1);
      expect(alertPaths[0].pathType).toBe('Prefix');
      for (const path of Object.values(ALERT_PATHS)) expect(underPrefix(alertPaths[0].path, path)).toBe(true);
      expect(underPrefix(alertPaths[0].path, '/slack/events')).toBe(false);
    },
  );

  it('in Socket Mode the alert Ingress is the only one, on its own host with its own TLS and class', () => {
    const objects = objectsOf(FROM_SECRET);
    expect(objects.filter((o) => o.kind === 'Ingress').map((o) => o.metadata.name)).toEqual([
      'aksdiag-alerts',
    ]);
    const spec = find(objects, 'Ingress', 'aksdiag-alerts').spec;
    expect(spec.ingressClassName).toBe('nginx');
    expect(spec.tls).toEqual([{ hosts: ['alerts.example.com'], secretName: 'alerts-tls' }]);
    expect(spec.rules.map((r: Obj) => r.host)).toEqual(['alerts.example.com']);
  });

  it('given as a value: the chart keeps the token in a Secret of its own, /alerts/ shares the Slack host, the workers start without it', () => {
    const objects = objectsOf(CHART_SECRET);
    expect(find(objects, 'Secret', 'aksdiag-alerts').stringData).toEqual({
      AKSDIAG_ALERTS_TOKEN: ALERT_TOKEN,
    });
    expect(configOf(objects, 'aksdiag-bot').alerts).toMatchObject({
      token: ALERT_TOKEN,
      basic: null,
      defaultChannel: 'C0DEFAULT1',
      routes: [],
    });
    expect(configOf(objects, 'aksdiag-worker').alerts).toBeNull();
    expect(objects.filter((o) => o.kind === 'Ingress')).toHaveLength(1);
    const paths = find(objects, 'Ingress', 'aksdiag-bot').spec.rules[0].http.paths;
    expect(paths.map((p: Obj) => [p.path, backendPort(objects, p).targetPort])).toEqual([
      ['/slack/events', 'slack'],
      ['/alerts/', 'alerts'],
    ]);
  });

  it('a change of alert settings restarts the bot, not the workers', () => {
    const before = objectsOf(CHART_SECRET);
    const after = helmTemplate({
      ...SETS[CHART_SECRET],
      alerts: { ...SETS[CHART_SECRET].alerts, routes: { 'aks-prod': 'C0123ABCD' } },
    }).objects;
    const annotations = (objects: Obj[], d: string) =>
      find(objects, 'Deployment', d).spec.template.metadata.annotations;
    expect(configOf(after, 'aksdiag-bot').alerts?.routes).toEqual([
      { cluster: { name: 'aks-prod' }, channel: 'C0123ABCD' },
    ]);
    expect(annotations(after, 'aksdiag-bot')['checksum/alerts']).not.toBe(
      annotations(before, 'aksdiag-bot')['checksum/alerts'],
    );
    expect(annotations(after, 'aksdiag-worker')).toEqual(annotations(before, 'aksdiag-worker'));
  });

  it.each(WITHOUT_ALERTS)('off unless enabled (%s): no alert port, setting, credential or path', (n) => {
    const objects = objectsOf(n);
    expect(configOf(objects, 'aksdiag-bot').alerts).toBeNull();
    expect(named(container(objects, 'aksdiag-bot').ports, 'alerts')).toBeUndefined();
    expect(named(find(objects, 'Service', 'aksdiag-bot').spec.ports, 'alerts')).toBeUndefined();
    expect(JSON.stringify(objects)).not.toMatch(/AKSDIAG_ALERTS_|\/alerts\b/);
  });

  it('in Socket Mode slack.port is unused: the receiver may take it, and the bot agrees', () => {
    const r = helmTemplate({ ...SETS[FROM_SECRET], alerts: { ...SETS[FROM_SECRET].alerts, port: 3000 } });
    expect(r.error).toBe('');
    expect(configOf(r.objects, 'aksdiag-bot').alerts?.port).toBe(3000);
  });

  it('refuses, before deploying, what the bot would otherwise refuse at start-up', () => {
    const objects = objectsOf(CHART_SECRET);
    const env = environment(objects, container(objects, 'aksdiag-bot'));
    const start = (change: Record<string, string | undefined>) => () =>
      loadConfig({ ...env, ...change, KUBERNETES_SERVICE_HOST: '10.0.0.1' });
    expect(start({})).not.toThrow();
    expect(start({ AKSDIAG_ALERTS_TOKEN: undefined })).toThrow(/neither AKSDIAG_ALERTS_TOKEN nor/);
    expect(start({ AKSDIAG_ALERTS_CHANNEL: undefined })).toThrow(/no channel is set/);
    expect(start({ AKSDIAG_ALERTS_PORT: env['PORT'] })).toThrow(/AKSDIAG_ALERTS_PORT and PORT/);
    expect(start({ AKSDIAG_ALERTS_PORT: env['AKSDIAG_HEALTH_PORT'] })).toThrow(
      /AKSDIAG_ALERTS_PORT and AKSDIAG_HEALTH_PORT/,
    );
  });
});

/** Alert value sets that cannot work, with what the refusal must say. */
function alertRefusals(): [string, object, RegExp][] {
  const socket = SETS['socket + embedded store'];
  const http = SETS['http + in-cluster Redis, CPU autoscaling'];
  const on = { enabled: true, token: ALERT_TOKEN, channel: 'C0DEFAULT1' };
  const credential =
    /alerts\.enabled needs a credential.*set alerts\.existingSecret .*or give alerts\.token or alerts\.basicAuth/;
  return [
    [
      'alerts without a credential',
      { ...socket, alerts: { enabled: true, channel: 'C0DEFAULT1' } },
      credential,
    ],
    [
      'alerts from a Secret with no key named',
      {
        ...socket,
        alerts: { enabled: true, existingSecret: 'team-alerts', tokenKey: '', channel: 'C0DEFAULT1' },
      },
      credential,
    ],
    [
      'alert credentials both from a Secret and as values',
      { ...socket, alerts: { ...on, existingSecret: 'team-alerts' } },
      /either alerts\.existingSecret .* not both/,
    ],
    [
      'alerts with nowhere to post',
      { ...socket, alerts: { enabled: true, token: ALERT_TOKEN } },
      /set alerts\.channel .*and\/or alerts\.routes/,
    ],
    [
      'alerts on the health port',
      { ...socket, alerts: { ...on, port: 8080 } },
      /alerts\.port and healthPort are both 8080: give alerts\.port a port of its own/,
    ],
    [
      'alerts on the Slack port in HTTP mode',
      { ...http, alerts: { ...on, port: 3000 } },
      /alerts\.port and slack\.port are both 3000: give alerts\.port a port of its own/,
    ],
    [
      'an alert Ingress with no host to use',
      { ...socket, alerts: { ...on, ingress: { enabled: true } } },
      /set alerts\.ingress\.host.*or turn on the Slack Ingress/,
    ],
    [
      'an alert Ingress with alerts off',
      { ...socket, alerts: { ingress: { enabled: true, host: 'alerts.example.com' } } },
      /alerts\.ingress\.enabled needs alerts\.enabled/,
    ],
    [
      'a short alert token',
      { ...socket, alerts: { ...on, token: 'short' } },
      /alerts\.token: Does not match/,
    ],
    [
      'a channel name for a channel id',
      { ...socket, alerts: { ...on, routes: { 'aks-prod': '#aks-alerts' } } },
      /alerts\.routes\.aks-prod: Does not match/,
    ],
    [
      'an alert setting among the settings',
      { ...socket, settings: { AKSDIAG_ALERTS_CHANNEL: 'C0DEFAULT1' } },
      /settings\.AKSDIAG_ALERTS_CHANNEL: the chart sets it/,
    ],
    [
      'an alert credential among the settings',
      { ...socket, settings: { AKSDIAG_ALERTS_TOKEN: ALERT_TOKEN } },
      /settings\.AKSDIAG_ALERTS_TOKEN is a secret/,
    ],
  ];
}

describe('deploy/helm/aksdiag refuses values that cannot work, saying what to set', () => {
  const base = SETS['socket + embedded store'];
  it.each([
    ['no Slack token or Secret', { ...base, slack: {} }, /slack: set existingSecret .*or give botToken/],
    ['Socket Mode without an app token', { ...base, slack: { botToken: 'xoxb-t' } }, /give slack\.appToken/],
    [
      'an Ingress in Socket Mode',
      { ...base, ingress: { enabled: true, host: 'a.example.com' } },
      /needs slack\.mode=http/,
    ],
    [
      'workload identity without a client id',
      { ...base, azure: {} },
      /set azure\.workloadIdentity\.clientId/,
    ],
    ['an unknown store', { ...base, store: 'postgres' }, /store.*must be one of.*embedded.*redis/s],
    [
      'KEDA on an external Redis with no host',
      {
        ...SETS['external Redis + KEDA + Kubernetes fixes'],
        redis: { external: { existingSecret: 'team-redis' } },
      },
      /set redis\.external\.host/,
    ],
    [
      'a chart-managed setting',
      { ...base, settings: { REDIS_URL: 'redis://x:6379' } },
      /settings\.REDIS_URL: the chart sets it/,
    ],
    [
      'a secret among the settings',
      { ...base, settings: { SLACK_APP_TOKEN: 'xapp-1' } },
      /settings\.SLACK_APP_TOKEN is a secret/,
    ],
    ...alertRefusals(),
  ])('%s', (_what, values, message) => {
    const r = helmTemplate(values);
    expect(r.ok).toBe(false);
    expect(r.error).toMatch(message);
  });
});
