import type { Symptom } from '../domain/knowledge.js';
import { re } from './shared.js';

/**
 * The API server understood who is calling and refused the action: Kubernetes RBAC (or Azure
 * RBAC for Kubernetes authorization) has no binding that grants it. Not a network problem, but
 * pasted into the same channel, and precise enough to fix at once.
 */
export const rbacForbidden: Symptom = {
  id: 'rbac-forbidden',
  title: 'Kubernetes RBAC refuses the action',
  seen: '`Error from server (Forbidden): pods is forbidden: User "x" cannot list resource "pods" ...`',
  signals: [
    {
      id: 'rbac-denial',
      pattern: re('is forbidden: user "[^"]{1,256}" cannot [a-z]{1,32} resource "'),
      weight: 0.95,
    },
    {
      // The kubelet's own authorization (webhook mode) refusing the API server or a client.
      id: 'kubelet-authz-denial',
      pattern: re('forbidden \\(user=[^,\\s]{1,256}, verb=[a-z]{1,32}, resource=[a-z]{1,63}'),
      weight: 0.85,
    },
    {
      id: 'rbac-cannot-verb',
      pattern: re(
        'cannot (?:get|list|watch|create|update|patch|delete|deletecollection|impersonate) resource "[^"]{1,128}" in api group',
      ),
      weight: 0.6,
    },
    {
      // Escalation prevention: a subject may only grant (in a Role or a binding) what it holds.
      id: 'rbac-escalation-refused',
      pattern: re(
        'is forbidden: user "[^"]{1,256}" (?:\\(groups=\\[(?:"[^"\n]{1,253}"[ ,]{0,2}){0,30}\\]\\) )?is attempting to grant rbac permissions not currently held',
      ),
      weight: 0.9,
    },
    { id: 'forbidden-from-server', pattern: re('error from server \\(forbidden\\)'), weight: 0.4 },
    {
      // Azure RBAC for Kubernetes authorization: the same denial, answered by Azure.
      id: 'azure-rbac-for-kubernetes',
      pattern: re('does not have access to the resource in azure'),
      weight: 0.85,
    },
  ],
  penalties: [
    // ARM's 403 on a managed identity or service principal is Azure RBAC on Azure resources.
    {
      id: 'arm-authorization-failed',
      pattern: re(
        'does not have authorization to perform action|authorizationfailed|linkedauthorizationfailed',
      ),
      factor: 0.2,
    },
    // Admission refusing a pod whose service account does not exist says "forbidden" too.
    {
      id: 'service-account-missing',
      pattern: re('error looking up service account|serviceaccount "[^"\n]{1,253}" not found'),
      factor: 0.2,
    },
  ],
  events: [{ id: 'rbac-denial', outcomes: ['forbidden'], weight: 0.9, suggests: 'missing-role-binding' }],
  causes: [
    {
      id: 'missing-role-binding',
      title: 'No role binding grants {user} "{verb}" on {resource}',
      explanation:
        'Kubernetes denies by default: the user or service account needs a Role or ClusterRole with this verb on this resource, bound in this namespace or cluster-wide. With Azure RBAC for Kubernetes, the same grant is an Azure role assignment at the cluster or namespace scope.',
      checks: ['k8s-access-review'],
      proof: {
        confirmedWhen: [{ check: 'k8s-access-review', verdicts: ['denied'] }],
        ruledOutWhen: [{ check: 'k8s-access-review', verdicts: ['allowed'] }],
      },
      fix: {
        summary: 'Bind a role that grants exactly the missing verb, in the narrowest scope that works.',
        steps: [
          {
            via: 'kubernetes',
            onlyWhen: [{ key: 'rbacScope', equals: 'namespace' }],
            action: 'Create a Role with the verb in {namespace} and bind it to the subject',
            command:
              'kubectl -n {namespace} create role {roleName} --verb={verb} --resource={rbacResource} && kubectl -n {namespace} create rolebinding {roleName} --role={roleName} {subjectFlag}',
          },
          {
            via: 'kubernetes',
            onlyWhen: [{ key: 'rbacScope', equals: 'cluster' }],
            action: 'The denial is at the cluster scope: create a ClusterRole and bind it cluster-wide',
            command:
              'kubectl create clusterrole {roleName} --verb={verb} --resource={rbacResource} && kubectl create clusterrolebinding {roleName} --clusterrole={roleName} {subjectFlag}',
          },
          {
            via: 'arm',
            onlyWhen: [
              { key: 'rbacScope', equals: 'namespace' },
              { key: 'subjectKind', equals: 'user' },
            ],
            action:
              'With Azure RBAC for Kubernetes authorization, assign {azureRole} on the namespace instead',
            command:
              'az role assignment create --role {azureRole} --assignee {user} --scope /subscriptions/{subscription}/resourceGroups/{resourceGroup}/providers/Microsoft.ContainerService/managedClusters/{cluster}/namespaces/{namespace}',
          },
          {
            via: 'arm',
            onlyWhen: [
              { key: 'rbacScope', equals: 'cluster' },
              { key: 'subjectKind', equals: 'user' },
            ],
            action: 'With Azure RBAC for Kubernetes authorization, assign {azureRole} on the cluster instead',
            command:
              'az role assignment create --role {azureRole} --assignee {user} --scope /subscriptions/{subscription}/resourceGroups/{resourceGroup}/providers/Microsoft.ContainerService/managedClusters/{cluster}',
          },
        ],
      },
    },
  ],
};
