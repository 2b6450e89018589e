/**
 * The emulator's RBAC: a flat allow-list (state.auth.access) standing in for the cluster's own roles,
 * plus the Roles and RoleBindings created through the API (so a fix that binds a role is seen by the
 * next access review). Used both to answer (Self)SubjectAccessReviews and, for tokens with
 * `enforceAccess`, to gate reads and writes.
 */
import type { AccessRule, KubeState } from './state.js';

/** `spec.resourceAttributes` of an access review (authorization.k8s.io/v1). */
export interface ResourceAttributes {
  verb: string;
  /** API group, '' for core. */
  group: string;
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

const any = (list: string[] | undefined, value: string): boolean =>
  list === undefined || list.includes('*') || list.includes(value);

function ruleAllows(rule: AccessRule, user: string, a: ResourceAttributes): boolean {
  const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  return (
    (rule.user === '*' || rule.user === user) &&
    any(rule.verbs, a.verb) &&
    any(rule.resources, resource) &&
    any(rule.apiGroups, a.group) &&
    (rule.namespaces === undefined || (a.namespace !== undefined && rule.namespaces.includes(a.namespace))) &&
    (rule.names === undefined || (a.name !== undefined && rule.names.includes(a.name)))
  );
}

/**
 * The allow-list, then what each RoleBinding grants: its Role's rules for its User and ServiceAccount
 * subjects, in the binding's namespace. Group subjects and ClusterRoles are not modelled (nothing the
 * emulator serves creates them), so they grant nothing rather than too much.
 */
export function accessRules(state: KubeState): AccessRule[] {
  const granted: AccessRule[] = [];
  for (const rb of state.roleBindings ?? []) {
    const ns = rb.metadata.namespace;
    if (!ns || rb.roleRef.kind !== 'Role') continue;
    const role = (state.roles ?? []).find(
      (r) => r.metadata.namespace === ns && r.metadata.name === rb.roleRef.name,
    );
    if (!role) continue;
    for (const subject of rb.subjects ?? []) {
      const user =
        subject.kind === 'User'
          ? subject.name
          : subject.kind === 'ServiceAccount'
            ? `system:serviceaccount:${subject.namespace ?? ns}:${subject.name}`
            : null;
      if (!user) continue;
      for (const r of role.rules ?? [])
        granted.push({
          user,
          verbs: r.verbs,
          resources: r.resources ?? [],
          apiGroups: r.apiGroups ?? [],
          namespaces: [ns],
          ...(r.resourceNames?.length ? { names: r.resourceNames } : {}),
          grantedBy: `RoleBinding "${rb.metadata.name}/${ns}" of Role "${role.metadata.name}" to ${subject.kind} "${subject.name}"`,
        });
    }
  }
  return [...state.auth.access, ...granted];
}

export function checkAccess(rules: AccessRule[], user: string, a: ResourceAttributes): boolean {
  return rules.some((r) => ruleAllows(r, user, a));
}

/** The `status` of a review, worded like the API server's RBAC authorizer. */
export function reviewAccess(
  rules: AccessRule[],
  user: string,
  partial: Partial<ResourceAttributes>,
): { allowed: boolean; reason?: string } {
  const a: ResourceAttributes = {
    verb: partial.verb ?? '',
    group: partial.group ?? '',
    resource: partial.resource ?? '',
    ...(partial.subresource ? { subresource: partial.subresource } : {}),
    ...(partial.namespace ? { namespace: partial.namespace } : {}),
    ...(partial.name ? { name: partial.name } : {}),
  };
  const index = rules.findIndex((r) => ruleAllows(r, user, a));
  if (index < 0) return { allowed: false };
  const rule = rules[index]!;
  return {
    allowed: true,
    reason: rule.grantedBy
      ? `RBAC: allowed by ${rule.grantedBy}`
      : `RBAC: allowed by emulator access rule #${index} to User "${user}"`,
  };
}
