/**
 * What `kubectl get <kind> [-n ns | -A] -o json` prints for the emulator's state: a `List` of
 * objects with apiVersion and kind filled in. Lets a command-invoke executor (ARM emulator) answer
 * the way kubectl inside the cluster would.
 */
import { apiVersionOf, RESOURCE_KINDS } from './resources.js';
import { syncEndpoints, type KubeState } from './state.js';
import { accessRules, checkAccess } from './access.js';

/** `plural` as kubectl accepts it (pods, services, endpointslices, nodenetworkconfigs ...). */
export function kubectlGetJson(state: KubeState, plurals: string[], namespace?: string): string {
  syncEndpoints(state);
  const items = plurals.flatMap((plural) => {
    const kind = RESOURCE_KINDS.find((k) => k.plural === plural);
    if (!kind) throw new Error(`kubectl emulation: unknown resource type ${plural}`);
    return (kind.items(state) ?? [])
      .filter((o) => !namespace || !kind.namespaced || o.metadata.namespace === namespace)
      .map((o) => ({ apiVersion: apiVersionOf(kind), kind: kind.kind, ...o }));
  });
  return `${JSON.stringify({ apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } }, null, 4)}\n`;
}

/** One shell word as a POSIX shell reads it: bare, or in single quotes (what shellQuote writes). */
function unquote(word: string): string {
  return word.replace(/'\\''/g, "'").replace(/^'(.*)'$/s, '$1');
}

/**
 * What a command-invoke pod prints for the commands aksdiag sends: `kubectl get <kinds>
 * [-n ns | --all-namespaces] -o json`, `kubectl auth can-i <verb> <resource[.group]> --as <user>
 * [-n ns | --all-namespaces]` and `echo <word>`, joined by `;`. Splitting on `;` is enough here:
 * aksdiag's validated words never contain one. Anything else fails as kubectl would.
 */
export function runKubectlScript(state: KubeState, command: string): { exitCode: number; logs: string } {
  let logs = '';
  let exitCode = 0;
  for (const part of command
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const words = part.split(/\s+/).map(unquote);
    const flag = (name: string) => {
      const i = words.indexOf(name);
      return i >= 0 ? words[i + 1] : undefined;
    };
    if (words[0] === 'echo') {
      logs += `${words.slice(1).join(' ')}\n`;
      exitCode = 0;
    } else if (words[0] === 'kubectl' && words[1] === 'get') {
      const plurals = words[2]!.split(',');
      if (plurals.includes('nodenetworkconfigs') && state.nodeNetworkConfigs === undefined) {
        logs += `error: the server doesn't have a resource type "nodenetworkconfigs"\n`;
        exitCode = 1;
        continue;
      }
      logs += kubectlGetJson(state, plurals, flag('-n'));
      exitCode = 0;
    } else if (words[0] === 'kubectl' && words[1] === 'auth' && words[2] === 'can-i') {
      const [resourceGroup, sub] = words[4]!.split('/');
      const [resource, ...group] = resourceGroup!.split('.');
      const namespace = flag('-n');
      const allowed = checkAccess(accessRules(state), flag('--as') ?? '', {
        verb: words[3]!,
        group: group.join('.'),
        resource: resource!,
        ...(sub ? { subresource: sub } : {}),
        ...(namespace ? { namespace } : {}),
      });
      logs += allowed ? 'yes\n' : 'no\n';
      exitCode = allowed ? 0 : 1;
    } else {
      logs += `error: unknown command "${part}"\n`;
      exitCode = 1;
    }
  }
  return { exitCode, logs };
}
