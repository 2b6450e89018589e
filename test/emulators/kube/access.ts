/**
 * The emulator's RBAC: a flat allow-list (state.auth.access) standing in for Roles and bindings,
 * used both to answer (Self)SubjectAccessReviews and, for tokens with `enforceAccess`, to gate reads.
 */
import type { AccessRule } from './state.js';

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
    (rule.namespaces === undefined || (a.namespace !== undefined && rule.namespaces.includes(a.namespace)))
  );
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
  return { allowed: true, reason: `RBAC: allowed by emulator access rule #${index} to User "${user}"` };
}
