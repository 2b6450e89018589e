/**
 * Reading rendered Kubernetes manifests in tests: schema validation with kubernetes-models (and KEDA's
 * CRDs from @kubernetes-models/keda), lookups, label selectors, and the environment a container would
 * start with.
 */
import * as keda from '@kubernetes-models/keda/keda.sh/v1alpha1';
import * as apps from 'kubernetes-models/apps/v1';
import * as autoscaling from 'kubernetes-models/autoscaling/v2';
import * as networking from 'kubernetes-models/networking.k8s.io/v1';
import * as policy from 'kubernetes-models/policy/v1';
import * as rbac from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import * as core from 'kubernetes-models/v1';

/* eslint-disable @typescript-eslint/no-explicit-any -- manifests are read field by field */
export type Manifest = any;

const MODELS: Record<string, Record<string, unknown>> = {
  v1: core,
  'apps/v1': apps,
  'autoscaling/v2': autoscaling,
  'networking.k8s.io/v1': networking,
  'policy/v1': policy,
  'rbac.authorization.k8s.io/v1': rbac,
  'keda.sh/v1alpha1': keda,
};

/** Throws when `o` breaks its kind's OpenAPI schema, or is of a kind with no schema here. */
export function validateManifest(o: Manifest): void {
  const Model = MODELS[o.apiVersion]?.[o.kind] as (new (x: unknown) => { validate(): void }) | undefined;
  if (!Model) throw new Error(`no schema for ${o.apiVersion} ${o.kind}`);
  new Model(o).validate();
}

export function findManifest(objects: Manifest[], kind: string, name: string): Manifest {
  const o = objects.find((x) => x.kind === kind && x.metadata.name === name);
  if (!o) throw new Error(`no ${kind} ${name}`);
  return o;
}

/** `Kind/name` of every object, sorted. */
export const kindsOf = (objects: Manifest[]): string[] =>
  objects.map((o) => `${o.kind}/${o.metadata.name}`).sort();

export const selects = (selector: Record<string, string>, labels: Record<string, string>): boolean =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);

/**
 * The environment container `c` starts with, as the kubelet builds it: its `envFrom` ConfigMaps and
 * Secrets in order, then its own env, which wins. Secrets come from those among `objects` or else
 * from `userSecrets` (those made before installing). A missing Secret or key stops the pod unless
 * its reference is `optional`: then the variable is left unset, and so it is here.
 */
export function containerEnv(
  objects: Manifest[],
  c: Manifest,
  userSecrets: Record<string, Record<string, string>> = {},
): Record<string, string> {
  const secret = (name: string): Record<string, string> | undefined => {
    const made = objects.find((o) => o.kind === 'Secret' && o.metadata.name === name);
    if (!made) return userSecrets[name];
    const data = Object.fromEntries(
      Object.entries((made.data ?? {}) as Record<string, string>).map(([k, v]) => [
        k,
        Buffer.from(v, 'base64').toString('utf8'),
      ]),
    );
    return { ...data, ...made.stringData };
  };
  const env: Record<string, string> = {};
  for (const from of c.envFrom ?? []) {
    const ref = from.configMapRef ?? from.secretRef;
    const data: Record<string, string> | undefined = from.configMapRef
      ? objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === ref.name)?.data
      : secret(ref.name);
    if (data === undefined && !ref.optional)
      throw new Error(`envFrom: no ${from.configMapRef ? 'ConfigMap' : 'Secret'} ${ref.name}`);
    Object.assign(env, data);
  }
  for (const e of c.env ?? []) {
    const ref = e.valueFrom?.secretKeyRef;
    const value = ref ? secret(ref.name)?.[ref.key] : e.value;
    if (value === undefined && ref?.optional) continue;
    if (value === undefined) throw new Error(`${e.name}: no key ${ref?.key} in Secret ${ref?.name}`);
    env[e.name] = value;
  }
  return env;
}
