/**
 * What an RBAC denial needs granted, read from the denial itself: a Role in the namespace it
 * names or a ClusterRole at the cluster scope, bound to a user or a service account, and
 * which Azure built-in role covers it when the cluster uses Azure RBAC for Kubernetes.
 */
import type { RbacRef } from '../domain/diagnosis.js';

const READ_VERBS = new Set(['get', 'list', 'watch']);

/** Placeholder values for the rbac-forbidden fix (see src/symptoms/rbac-forbidden.ts). */
export function rbacGrantValues(ref: RbacRef): Record<string, string> {
  const values: Record<string, string> = {};
  const sa = /^system:serviceaccount:([a-z0-9-]{1,63}):([a-z0-9.-]{1,253})$/.exec(ref.user);
  values['subjectKind'] = sa
    ? 'serviceaccount'
    : ref.user.startsWith('system:serviceaccounts')
      ? 'group'
      : 'user';
  values['subjectFlag'] = sa
    ? `--serviceaccount=${sa[1]}:${sa[2]}`
    : values['subjectKind'] === 'group'
      ? `--group=${ref.user}`
      : `--user=${ref.user}`;
  values['rbacScope'] = ref.namespace ? 'namespace' : 'cluster';
  // kubectl names a resource outside the core group as resource.group, a subresource after a slash.
  const [resource, subresource] = ref.resource.split('/', 2);
  values['rbacResource'] =
    `${resource}${ref.apiGroup ? `.${ref.apiGroup}` : ''}${subresource ? `/${subresource}` : ''}`;
  // A Role's name is a DNS subdomain: `pods/exec` cannot be part of it.
  values['roleName'] = `${ref.resource}-${ref.verb}`
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .slice(0, 60);
  // pods/exec, attach and port-forward are `create` on a subresource: writes, not reads.
  const write = !READ_VERBS.has(ref.verb);
  values['azureRole'] = write
    ? ref.namespace
      ? 'Azure Kubernetes Service RBAC Writer'
      : 'Azure Kubernetes Service RBAC Cluster Admin'
    : 'Azure Kubernetes Service RBAC Reader';
  return values;
}
