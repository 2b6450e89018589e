/**
 * deploy/kubernetes, checked without a cluster: every object validated against the Kubernetes
 * OpenAPI schemas (kubernetes-models, which ships them and validates with Ajv), then held to what
 * the deployment needs: probes on the paths and port the health server really serves, selectors
 * that select, workload identity, Slack tokens only from a Secret, requests and limits, a PDB for
 * each Deployment, the HPA on the workers, settings that loadConfig accepts, and the alert receiver's
 * port, optional credentials and commented settings.
 */
import { describe, expect, it } from '@jest/globals';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import * as apps from 'kubernetes-models/apps/v1';
import * as autoscaling from 'kubernetes-models/autoscaling/v2';
import * as policy from 'kubernetes-models/policy/v1';
import * as rbac from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import * as core from 'kubernetes-models/v1';
import { SETTING_NAMES, loadConfig } from '../../src/config.js';
import { HEALTH_PATHS } from '../../src/observability/index.js';
import { containerEnv } from '../support/manifests.js';
import { REPO_ROOT } from '../support/paths.js';

const DIR = join(REPO_ROOT, 'deploy/kubernetes');

/* eslint-disable @typescript-eslint/no-explicit-any -- manifests are checked field by field below */
type Obj = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [k: string]: any };
  [k: string]: any;
};

const MODELS: Record<string, Record<string, unknown>> = {
  v1: core,
  'apps/v1': apps,
  'autoscaling/v2': autoscaling,
  'policy/v1': policy,
  'rbac.authorization.k8s.io/v1': rbac,
};

const kustomization = yaml.load(readFileSync(join(DIR, 'kustomization.yaml'), 'utf8')) as {
  namespace: string;
  resources: string[];
  images: { name: string }[];
};
const objects: Obj[] = kustomization.resources.flatMap(
  (f) => yaml.loadAll(readFileSync(join(DIR, f), 'utf8')) as Obj[],
);
const find = (kind: string, name: string): Obj => {
  const o = objects.find((x) => x.kind === kind && x.metadata.name === name);
  if (!o) throw new Error(`no ${kind} ${name}`);
  return o;
};
const validate = (o: Obj): void => {
  const Model = MODELS[o.apiVersion]?.[o.kind] as (new (x: unknown) => { validate(): void }) | undefined;
  if (!Model) throw new Error(`no schema for ${o.apiVersion} ${o.kind}`);
  new Model(o).validate();
};
const workloads = objects.filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet');
const deployments = objects.filter((o) => o.kind === 'Deployment');
const matches = (selector: Record<string, string>, labels: Record<string, string>): boolean =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);
const settings = find('ConfigMap', 'aksdiag-settings').data as Record<string, string>;
const botContainer = () => find('Deployment', 'aksdiag-bot').spec.template.spec.containers[0];
/** Stand-ins for the Secret a user makes (never real values), and the alert keys they may add. */
const SLACK_SECRET = { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_APP_TOKEN: 'xapp-test' };
const ALERT_KEYS = {
  AKSDIAG_ALERTS_TOKEN: 'stand-in-alert-token-for-tests',
  AKSDIAG_ALERTS_BASIC_AUTH: 'azure:stand-in-pass-01',
};
/** The aksdiag-alerts ConfigMap with its commented examples turned on, as a user would. */
const alertSettings: Record<string, string> = (() => {
  const text = readFileSync(join(DIR, 'configmap.yaml'), 'utf8');
  const doc = text.slice(text.indexOf('name: aksdiag-alerts'));
  const examples = [...doc.matchAll(/^ {2}# (AKSDIAG_ALERTS_[A-Z_]+: .*)$/gm)].map((m) => m[1]).join('\n');
  return { ...find('ConfigMap', 'aksdiag-alerts').data, ...(yaml.load(examples) as Record<string, string>) };
})();

describe('deploy/kubernetes', () => {
  it('lists every manifest in the kustomization, and nothing that is not there', () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml');
    expect([...kustomization.resources].sort()).toEqual(files.sort());
    expect(kustomization.images.map((i) => i.name)).toEqual(['aksdiag']);
  });

  it('is valid against the Kubernetes schemas, which do catch mistakes', () => {
    for (const o of objects) expect(() => validate(o)).not.toThrow();
    const broken = structuredClone(find('Deployment', 'aksdiag-worker'));
    broken.spec.replicas = 'two';
    expect(() => validate(broken)).toThrow();
  });

  it('has the objects a deployment needs, all in the namespace', () => {
    const kinds = objects.map((o) => `${o.kind}/${o.metadata.name}`).sort();
    expect(kinds).toEqual(
      [
        'ClusterRole/aksdiag-reader',
        'ClusterRoleBinding/aksdiag-reader',
        'ConfigMap/aksdiag-alerts',
        'ConfigMap/aksdiag-settings',
        'Deployment/aksdiag-bot',
        'Deployment/aksdiag-worker',
        'HorizontalPodAutoscaler/aksdiag-worker',
        'Namespace/aksdiag',
        'PodDisruptionBudget/aksdiag-bot',
        'PodDisruptionBudget/aksdiag-worker',
        'Service/aksdiag-bot',
        'Service/aksdiag-redis',
        'ServiceAccount/aksdiag',
        'StatefulSet/aksdiag-redis',
      ].sort(),
    );
    for (const o of objects.filter(
      (x) => !['Namespace', 'ClusterRole', 'ClusterRoleBinding'].includes(x.kind),
    )) {
      expect([o.kind, o.metadata.namespace]).toEqual([o.kind, kustomization.namespace]);
    }
  });

  it('runs bot and worker from one image, the argument choosing', () => {
    const [bot, worker] = ['aksdiag-bot', 'aksdiag-worker'].map(
      (n) => find('Deployment', n).spec.template.spec.containers[0],
    );
    expect(bot.image).toBe('aksdiag');
    expect(worker.image).toBe('aksdiag');
    expect(bot.args).toEqual(['bot']);
    expect(worker.args).toEqual(['worker']);
  });

  it('probes the paths and the port the health server serves', () => {
    const port = Number(settings['AKSDIAG_HEALTH_PORT']);
    expect(loadConfig(settings).observability.healthPort).toBe(port);
    for (const d of deployments) {
      const c = d.spec.template.spec.containers[0];
      const named = Object.fromEntries(c.ports.map((p: any) => [p.name, p.containerPort]));
      expect([d.metadata.name, c.livenessProbe.httpGet.path, c.readinessProbe.httpGet.path]).toEqual([
        d.metadata.name,
        HEALTH_PATHS.live,
        HEALTH_PATHS.ready,
      ]);
      for (const probe of [c.livenessProbe, c.readinessProbe, c.startupProbe].filter(Boolean)) {
        expect(named[probe.httpGet.port]).toBe(port);
      }
      expect(d.spec.template.metadata.annotations['prometheus.io/port']).toBe(String(port));
      expect(d.spec.template.metadata.annotations['prometheus.io/path']).toBe(HEALTH_PATHS.metrics);
    }
  });

  it('has selectors that select: workloads, Services, PDBs and the HPA', () => {
    for (const w of workloads)
      expect(matches(w.spec.selector.matchLabels, w.spec.template.metadata.labels)).toBe(true);
    for (const s of objects.filter((o) => o.kind === 'Service')) {
      const target = workloads.filter((w) => matches(s.spec.selector, w.spec.template.metadata.labels));
      expect([s.metadata.name, target.length]).toEqual([s.metadata.name, 1]);
      const ports = target[0]!.spec.template.spec.containers.flatMap((c: any) =>
        c.ports.map((p: any) => p.name),
      );
      for (const p of s.spec.ports) expect(ports).toContain(p.targetPort);
    }
    for (const d of deployments) {
      const pdbs = objects.filter(
        (o) =>
          o.kind === 'PodDisruptionBudget' &&
          matches(o.spec.selector.matchLabels, d.spec.template.metadata.labels),
      );
      expect([d.metadata.name, pdbs.length]).toEqual([d.metadata.name, 1]);
      expect(pdbs[0]!.spec.minAvailable).toBeLessThan(d.spec.replicas);
    }
    const hpa = find('HorizontalPodAutoscaler', 'aksdiag-worker');
    expect(hpa.spec.scaleTargetRef).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: 'aksdiag-worker',
    });
    expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
    expect(find('StatefulSet', 'aksdiag-redis').spec.serviceName).toBe('aksdiag-redis');
    expect(settings['REDIS_URL']).toBe('redis://aksdiag-redis:6379');
  });

  it('uses workload identity: the annotated service account, the labelled pods', () => {
    const sa = find('ServiceAccount', 'aksdiag');
    expect(sa.metadata.annotations['azure.workload.identity/client-id']).toMatch(/^[0-9a-f-]{36}$/);
    for (const d of deployments) {
      expect(d.spec.template.spec.serviceAccountName).toBe('aksdiag');
      expect(d.spec.template.metadata.labels['azure.workload.identity/use']).toBe('true');
    }
    const binding = find('ClusterRoleBinding', 'aksdiag-reader');
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'aksdiag', namespace: 'aksdiag' }]);
    const verbs = find('ClusterRole', 'aksdiag-reader').rules.flatMap((r: any) => r.verbs);
    expect(verbs.filter((v: string) => !['get', 'list', 'create'].includes(v))).toEqual([]);
  });

  it('keeps secrets out: Slack tokens and alert credentials from a Secret, no Secret or credential inline', () => {
    expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
    const text = kustomization.resources.map((f) => readFileSync(join(DIR, f), 'utf8')).join('\n');
    expect(text).not.toMatch(/xox[abp]-|xapp-|rediss?:\/\/[^@\s]*:[^@\s]+@/);
    const bot = find('Deployment', 'aksdiag-bot').spec.template.spec.containers[0];
    const fromSecret = bot.env
      .filter((e: any) => e.valueFrom?.secretKeyRef?.name === 'aksdiag-slack')
      .map((e: any) => e.name);
    expect(fromSecret).toEqual([
      'SLACK_BOT_TOKEN',
      'SLACK_APP_TOKEN',
      'SLACK_SIGNING_SECRET',
      'AKSDIAG_ALERTS_TOKEN',
      'AKSDIAG_ALERTS_BASIC_AUTH',
    ]);
    for (const d of deployments) {
      for (const e of d.spec.template.spec.containers[0].env ?? [])
        expect([e.name, e.value]).toEqual([e.name, undefined]);
    }
    // The worker never sees the Slack tokens.
    expect(find('Deployment', 'aksdiag-worker').spec.template.spec.containers[0].env).toBeUndefined();
  });

  it('sets only real settings in the ConfigMaps, and loadConfig accepts them', () => {
    for (const c of objects.filter((o) => o.kind === 'ConfigMap'))
      for (const k of Object.keys(c.data)) expect(SETTING_NAMES).toContain(k);
    expect(() => loadConfig({ ...settings, ...find('ConfigMap', 'aksdiag-alerts').data })).not.toThrow();
  });

  it('starts the bot with alerts off when the Slack Secret has no alert key, and the workers never see them', () => {
    // The optional keys are left unset, as Kubernetes leaves them.
    const bot = containerEnv(objects, botContainer(), { 'aksdiag-slack': SLACK_SECRET });
    expect(Object.keys(bot).filter((k) => /^AKSDIAG_ALERTS_(TOKEN|BASIC_AUTH)$/.test(k))).toEqual([]);
    expect(loadConfig(bot).alerts).toBeNull();
    const worker = find('Deployment', 'aksdiag-worker').spec.template.spec.containers[0];
    const workerEnv = containerEnv(objects, worker, { 'aksdiag-slack': { ...SLACK_SECRET, ...ALERT_KEYS } });
    expect(Object.keys(workerEnv).filter((k) => k.startsWith('AKSDIAG_ALERTS_'))).toEqual([]);
  });

  it('with an alert key in the Slack Secret and the commented settings on, the bot receives alerts on its "alerts" port', () => {
    const uncommented = structuredClone(objects);
    uncommented.find((o) => o.metadata.name === 'aksdiag-alerts')!.data = alertSettings;
    const env = containerEnv(uncommented, botContainer(), {
      'aksdiag-slack': { ...SLACK_SECRET, ...ALERT_KEYS },
    });
    // Every alert setting that is not a credential is there to turn on.
    expect(Object.keys(alertSettings).sort()).toEqual(
      SETTING_NAMES.filter((k) => /^AKSDIAG_ALERTS_/.test(k) && !/_(TOKEN|BASIC_AUTH)$/.test(k)).sort(),
    );
    const alerts = loadConfig(env).alerts;
    expect(alerts).toMatchObject({
      token: ALERT_KEYS.AKSDIAG_ALERTS_TOKEN,
      basic: { user: 'azure', password: 'stand-in-pass-01' },
      defaultChannel: alertSettings['AKSDIAG_ALERTS_CHANNEL'],
    });
    expect(alerts?.routes.length).toBeGreaterThan(0);
    const port = botContainer().ports.find((p: any) => p.name === 'alerts');
    expect(port.containerPort).toBe(alerts?.port);
    const service = find('Service', 'aksdiag-bot').spec.ports.find((p: any) => p.name === 'alerts');
    // The in-cluster URL the comments give Alertmanager: http://aksdiag-bot.aksdiag.svc:3001/alerts/...
    expect([service.port, service.targetPort]).toEqual([alerts?.port, 'alerts']);
  });

  it('gives every container requests and limits, and runs it unprivileged', () => {
    for (const w of workloads) {
      const pod = w.spec.template.spec;
      expect(pod.securityContext.runAsNonRoot).toBe(true);
      for (const c of pod.containers) {
        expect(Object.keys(c.resources.requests).sort()).toEqual(['cpu', 'memory']);
        expect(Object.keys(c.resources.limits).sort()).toEqual(['cpu', 'memory']);
        expect(c.securityContext).toMatchObject({
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ['ALL'] },
        });
      }
    }
  });

  it('lets a worker drain: the grace period outlasts a node script', () => {
    const grace = find('Deployment', 'aksdiag-worker').spec.template.spec.terminationGracePeriodSeconds;
    expect(grace * 1000).toBeGreaterThan(loadConfig(settings).nodeDeadlineMs);
  });

  it('keeps Redis durable: AOF on a persistent volume, nothing evicted', () => {
    const redis = find('StatefulSet', 'aksdiag-redis').spec;
    const args = redis.template.spec.containers[0].args.join(' ');
    expect(args).toMatch(/--appendonly yes/);
    expect(args).toMatch(/--maxmemory-policy noeviction/);
    expect(redis.volumeClaimTemplates[0].metadata.name).toBe(
      redis.template.spec.containers[0].volumeMounts[0].name,
    );
  });
});

/** Every Kubernetes API call an applied fix makes → the permission RBAC checks for it. */
const FIX_CALLS: Record<string, { group: string; resource: string; verb: string }> = {
  readNamespacedService: { group: '', resource: 'services', verb: 'get' },
  patchNamespacedService: { group: '', resource: 'services', verb: 'patch' },
  listNamespacedPod: { group: '', resource: 'pods', verb: 'list' },
  deleteNamespacedPod: { group: '', resource: 'pods', verb: 'delete' },
  patchNamespacedDeployment: { group: 'apps', resource: 'deployments', verb: 'patch' },
  createNamespacedNetworkPolicy: { group: 'networking.k8s.io', resource: 'networkpolicies', verb: 'create' },
  createNamespacedRole: { group: 'rbac.authorization.k8s.io', resource: 'roles', verb: 'create' },
  createNamespacedRoleBinding: {
    group: 'rbac.authorization.k8s.io',
    resource: 'rolebindings',
    verb: 'create',
  },
};

describe('deploy/kubernetes/kube-fixes (AKSDIAG_KUBE_FIXES=on)', () => {
  const dir = join(DIR, 'kube-fixes');
  const k = yaml.load(readFileSync(join(dir, 'kustomization.yaml'), 'utf8')) as { resources: string[] };
  const fixer: Obj[] = k.resources.flatMap((f) => yaml.loadAll(readFileSync(join(dir, f), 'utf8')) as Obj[]);
  const roles = fixer.filter((o) => o.kind === 'ClusterRole');
  const grants = (group: string, resource: string, verb: string) =>
    roles.some((r) =>
      r.rules.some(
        (rule: any) =>
          rule.apiGroups.includes(group) && rule.resources.includes(resource) && rule.verbs.includes(verb),
      ),
    );

  it('is valid against the Kubernetes schemas, and binds only the aksdiag service account', () => {
    for (const o of fixer) expect(() => validate(o)).not.toThrow();
    for (const b of fixer.filter((o) => o.kind === 'ClusterRoleBinding')) {
      expect(b.subjects).toEqual([{ kind: 'ServiceAccount', name: 'aksdiag', namespace: 'aksdiag' }]);
      expect(roles.map((r) => r.metadata.name)).toContain(b.roleRef.name);
    }
  });

  it('grants every call src/kube/apply-fix.ts makes (map a new one above), and nothing else', () => {
    const code = readFileSync(join(REPO_ROOT, 'src/kube/apply-fix.ts'), 'utf8');
    const calls = [...new Set([...code.matchAll(/\.(\w+Namespaced\w+)\(/g)].map((m) => m[1]!))].sort();
    expect(calls.filter((c) => !(c in FIX_CALLS))).toEqual([]);
    for (const c of calls) {
      const p = FIX_CALLS[c]!;
      expect([c, grants(p.group, p.resource, p.verb)]).toEqual([c, true]);
    }
    // Beyond those: only bind and escalate on roles, without which a Role cannot be handed on.
    const granted = roles.flatMap((r) =>
      r.rules.flatMap((rule: any) =>
        rule.apiGroups.flatMap((g: string) =>
          rule.resources.flatMap((res: string) => rule.verbs.map((v: string) => `${g}/${res}/${v}`)),
        ),
      ),
    );
    const needed = calls.map((c) => `${FIX_CALLS[c]!.group}/${FIX_CALLS[c]!.resource}/${FIX_CALLS[c]!.verb}`);
    expect(granted.filter((g: string) => !needed.includes(g)).sort()).toEqual([
      'rbac.authorization.k8s.io/roles/bind',
      'rbac.authorization.k8s.io/roles/escalate',
    ]);
  });
});
