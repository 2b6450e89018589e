import { describe, expect, it } from '@jest/globals';
import { AksdiagError } from '../errors.js';
import { accessFromLogs, listsFromLogs, snapshotCommand, type SnapshotRequest } from './snapshot.js';

const request = (access: SnapshotRequest['access']): SnapshotRequest => ({
  services: [],
  loadBalancerIps: [],
  access,
  dataplane: null,
  policyEngine: null,
});
const alice = {
  user: 'alice@contoso.com',
  verb: 'get',
  resource: 'pods/log',
  apiGroup: '',
  namespace: 'shop',
};

describe('the command-invoke command', () => {
  it('is a constant without an RBAC question, and appends kubectl auth can-i with one', () => {
    expect(snapshotCommand(request(null))).toBe(
      'kubectl get pods,services,endpointslices,networkpolicies,nodes,deployments --all-namespaces -o json; kubectl get nodenetworkconfigs -n kube-system -o json',
    );
    expect(snapshotCommand(request(alice))).toMatch(
      /; echo aksdiag-can-i; kubectl auth can-i get pods\/log --as alice@contoso\.com -n shop$/,
    );
    const sa = {
      ...alice,
      user: 'system:serviceaccount:shop:web',
      resource: 'deployments',
      apiGroup: 'apps',
      namespace: null,
    };
    expect(snapshotCommand(request(sa))).toMatch(
      /kubectl auth can-i get deployments\.apps --as system:serviceaccount:shop:web --all-namespaces$/,
    );
  });

  it.each([
    ['user', 'alice; rm -rf /'],
    ['user', '$(id)'],
    ['verb', 'get`id`'],
    ['resource', 'pods\nid'],
    ['namespace', "shop' -A '"],
    ['apiGroup', 'apps;id'],
  ])('rejects a hostile %s (%j) rather than quoting it into a shell', (field, value) => {
    expect(() => snapshotCommand(request({ ...alice, [field]: value }))).toThrow(AksdiagError);
  });

  it('reads the can-i answer after its marker, and the JSON before it', () => {
    const logs =
      '{"kind":"List","items":[]}\naksdiag-can-i\nno - Azure does not have opinion for this user.\n';
    expect(accessFromLogs(logs)).toEqual({
      allowed: false,
      denied: false,
      reason: 'Azure does not have opinion for this user.',
    });
    expect(accessFromLogs('{}\naksdiag-can-i\nyes\n')).toEqual({
      allowed: true,
      denied: false,
      reason: null,
    });
    expect(accessFromLogs('{}\naksdiag-can-i\nerror: you must be logged in\n')).toBeNull();
    expect(listsFromLogs(logs)).toBe('{"kind":"List","items":[]}');
  });
});
