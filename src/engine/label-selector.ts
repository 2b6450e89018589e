/** Label selector matching and rendering (Kubernetes labels.Selector semantics). */
import type { KubeLabelSelector } from '../domain/kube.js';

/** Whether `labels` satisfy `selector`; an empty selector matches everything. */
export function matchesSelector(selector: KubeLabelSelector, labels: Record<string, string>): boolean {
  const byLabels = Object.entries(selector.matchLabels).every(([k, v]) => labels[k] === v);
  return (
    byLabels &&
    selector.matchExpressions.every((e) => {
      const has = Object.hasOwn(labels, e.key);
      switch (e.operator) {
        case 'In':
          return has && e.values.includes(labels[e.key]!);
        case 'NotIn':
          return !has || !e.values.includes(labels[e.key]!);
        case 'Exists':
          return has;
        case 'DoesNotExist':
          return !has;
        default:
          return false;
      }
    })
  );
}

/** `k=v` pairs joined by commas, the form `?labelSelector=` takes for a map selector. */
export function labelSelectorString(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}
