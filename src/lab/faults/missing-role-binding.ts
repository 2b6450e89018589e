/** missing-role-binding: the user's RoleBinding for exec into pods is gone. */
import type { AccessRule } from '../../../test/emulators/kube/index.js';
import type { Fault } from './fault.js';

/** What the lab grants alice at start: exec into pods of namespace shop. */
export const ALICE_EXEC: AccessRule = {
  user: 'alice@contoso.com',
  verbs: ['create'],
  resources: ['pods/exec'],
  namespaces: ['shop'],
};

export const missingRoleBinding: Fault = {
  id: 'missing-role-binding',
  symptoms: ['rbac-forbidden'],
  scope: 'cluster',
  how: "Removes alice@contoso.com's permission to create pods/exec in namespace shop from the Kubernetes API's RBAC: an access review says no, as the API server would.",
  inject: ({ world }) => {
    const k = world.kube.state;
    k.auth.access = k.auth.access.filter((r) => r !== ALICE_EXEC);
    // A binding made since (an applied fix) would grant it again: the fault is that none exists.
    k.roleBindings = (k.roleBindings ?? []).filter(
      (b) => !(b.subjects ?? []).some((s) => s.kind === 'User' && s.name === ALICE_EXEC.user),
    );
  },
  clear: ({ world }) => {
    if (!world.kube.state.auth.access.includes(ALICE_EXEC)) world.kube.state.auth.access.push(ALICE_EXEC);
  },
};
