import { z } from 'zod';
import { rbacGrantValues } from '../../engine/rbac-grant.js';
import { type ClusterCheck, cannotJudge, clusterFinding } from './cluster-check.js';

/** The SubjectAccessReview the edge made for the denial in the paste: still denied, or allowed now? */
export const k8sAccessReview: ClusterCheck<Record<string, never>> = {
  id: 'k8s-access-review',
  params: z.object({}).strict(),
  evaluate(snapshot) {
    const a = snapshot.access;
    if (snapshot.accessError)
      return cannotJudge(this.id, 'cluster', `access review not made: ${snapshot.accessError}`);
    if (!a)
      return cannotJudge(this.id, 'cluster', 'no RBAC denial (user, verb, resource) in the paste to review');
    const where = a.namespace ? `in namespace ${a.namespace}` : 'cluster-wide';
    const what = `${a.user} ${a.verb} ${a.apiGroup ? `${a.resource}.${a.apiGroup}` : a.resource} ${where}`;
    const values: Record<string, string> = {
      user: a.user,
      verb: a.verb,
      resource: a.resource,
      apiGroup: a.apiGroup,
      ...(a.namespace ? { namespace: a.namespace } : {}),
      ...rbacGrantValues(a),
    };
    const reason = a.reason ? `: ${a.reason}` : '';
    if (a.allowed && !a.denied) {
      return clusterFinding(
        this.id,
        a.user,
        'allowed',
        'ok',
        `SubjectAccessReview allows ${what}${reason}`,
        values,
      );
    }
    return clusterFinding(
      this.id,
      a.user,
      'denied',
      'problem',
      `SubjectAccessReview ${a.denied ? 'explicitly denies' : 'does not allow'} ${what}${reason}`,
      values,
    );
  },
};
