/**
 * findCluster against the ARM emulator with the real SDK clients (HTTPS, test CA as `extraCaPem`).
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { RestError } from '@azure/arm-compute';
import { azureError, createAzureClients, type AzureClientFactory } from '../../src/azure/clients.js';
import { FIND_CLUSTER_ROLE, findCluster, parseClusterQuery } from '../../src/azure/find-cluster.js';
import { AksdiagError } from '../../src/errors.js';
import {
  aksCluster,
  fakeCredential,
  mergeStates,
  startArmEmulator,
  type ArmEmulator,
  type ArmState,
} from '../emulators/arm/index.js';

const SUB_A = '11111111-2222-3333-4444-555555555555';
const SUB_B = '99999999-8888-7777-6666-555555555555';
const FAST_RETRY = { maxRetries: 2, retryDelayInMs: 10, maxRetryDelayInMs: 50 };

let emu: ArmEmulator | undefined;
afterEach(async () => {
  await emu?.stop();
  emu = undefined;
});

async function setup(state: ArmState): Promise<AzureClientFactory> {
  emu = await startArmEmulator(state);
  return createAzureClients({
    credential: fakeCredential,
    endpoint: emu.endpoint,
    extraCaPem: emu.caPem,
    retryOptions: FAST_RETRY,
  });
}

async function failure(p: Promise<unknown>): Promise<AksdiagError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AksdiagError);
  return err as AksdiagError;
}

describe('findCluster', () => {
  it('finds a cluster by name, case-insensitively, with its location', async () => {
    const f = await setup(aksCluster().state);
    await expect(findCluster(f, [SUB_A], 'AKS-Lab')).resolves.toEqual({
      subscription: SUB_A,
      resourceGroup: 'rg-lab',
      name: 'aks-lab',
      location: 'eastus',
    });
  });

  it('searches every subscription and finds the one holding the cluster', async () => {
    const f = await setup(
      mergeStates(
        aksCluster({ subscriptionId: SUB_A, name: 'aks-one' }).state,
        aksCluster({ subscriptionId: SUB_B, name: 'aks-two', location: 'westeurope' }).state,
      ),
    );
    await expect(findCluster(f, [SUB_A, SUB_B], 'aks-two')).resolves.toEqual({
      subscription: SUB_B,
      resourceGroup: 'rg-lab',
      name: 'aks-two',
      location: 'westeurope',
    });
  });

  it('says which clusters it saw and where it looked when the name is not found', async () => {
    const f = await setup(
      mergeStates(
        aksCluster().state,
        aksCluster({ resourceGroup: 'rg-other', name: 'aks-other' }).state,
        aksCluster({ subscriptionId: SUB_B, resourceGroup: 'rg-b', name: 'aks-b' }).state,
      ),
    );
    const err = await failure(findCluster(f, [SUB_A, SUB_B], 'aks-nope'));
    expect(err.code).toBe('cluster-not-found');
    expect(err.message).toContain('"aks-nope"');
    expect(err.message).toContain(SUB_A);
    expect(err.message).toContain(SUB_B);
    expect(err.message).toContain('rg-lab/aks-lab');
    expect(err.message).toContain('rg-other/aks-other');
    expect(err.message).toContain('rg-b/aks-b');
    expect(err.hint).toMatch(/check the name/i);
  });

  it('lists at most ten clusters it saw', async () => {
    const labs = Array.from({ length: 12 }, (_, i) =>
      aksCluster({ resourceGroup: `rg-${i}`, name: `aks-${String(i).padStart(2, '0')}` }),
    );
    const f = await setup(mergeStates(...labs.map((l) => l.state)));
    const err = await failure(findCluster(f, [SUB_A], 'aks-nope'));
    expect(err.code).toBe('cluster-not-found');
    expect(err.message.match(/rg-\d+\/aks-\d+/g)).toHaveLength(10);
    expect(err.message).toContain('and 2 more');
  });

  it('reports a name used in two subscriptions as ambiguous and accepts <subscription>/<rg>/<name>', async () => {
    const f = await setup(
      mergeStates(aksCluster({ subscriptionId: SUB_A }).state, aksCluster({ subscriptionId: SUB_B }).state),
    );
    const err = await failure(findCluster(f, [SUB_A, SUB_B], 'aks-lab'));
    expect(err.code).toBe('cluster-ambiguous');
    expect(err.message).toContain(`${SUB_A}/rg-lab/aks-lab`);
    expect(err.message).toContain(`${SUB_B}/rg-lab/aks-lab`);
    // Same resource group in both: only the full form tells them apart.
    expect(err.hint).toContain('<subscription>/<resourceGroup>/<name>');

    await expect(findCluster(f, [SUB_A, SUB_B], `${SUB_B}/rg-lab/aks-lab`)).resolves.toMatchObject({
      subscription: SUB_B,
    });
  });

  it('tells apart same-named clusters by <resourceGroup>/<name>', async () => {
    const f = await setup(
      mergeStates(
        aksCluster({ subscriptionId: SUB_A, resourceGroup: 'rg-a' }).state,
        aksCluster({ subscriptionId: SUB_B, resourceGroup: 'rg-b' }).state,
      ),
    );
    const err = await failure(findCluster(f, [SUB_A, SUB_B], 'aks-lab'));
    expect(err.code).toBe('cluster-ambiguous');
    expect(err.hint).toContain('<resourceGroup>/<name>');
    expect(err.hint).toContain('rg-a/aks-lab');

    await expect(findCluster(f, [SUB_A, SUB_B], 'RG-B/aks-lab')).resolves.toEqual({
      subscription: SUB_B,
      resourceGroup: 'rg-b',
      name: 'aks-lab',
      location: 'eastus',
    });
    const missing = await failure(findCluster(f, [SUB_A, SUB_B], 'rg-c/aks-lab'));
    expect(missing.code).toBe('cluster-not-found');
    expect(missing.message).toContain('"rg-c/aks-lab"');
  });

  it("finds a cluster by its API server's FQDN from a pasted error", async () => {
    const lab = aksCluster();
    const f = await setup(lab.state);
    const fqdn = lab.managedCluster.cluster.properties.fqdn!;
    expect(fqdn).toMatch(/\.azmk8s\.io$/);
    await expect(findCluster(f, [lab.subscriptionId], fqdn.toUpperCase())).resolves.toMatchObject({
      name: 'aks-lab',
      resourceGroup: 'rg-lab',
    });
    await expect(findCluster(f, [lab.subscriptionId], 'other-1a2b.hcp.eastus.azmk8s.io')).rejects.toThrow(
      /No AKS cluster with API server "other-1a2b.hcp.eastus.azmk8s.io"/,
    );
  });

  it('accepts a resource id', async () => {
    const lab = aksCluster();
    const f = await setup(lab.state);
    await expect(findCluster(f, [], lab.managedCluster.cluster.id!)).resolves.toMatchObject({
      name: 'aks-lab',
      resourceGroup: 'rg-lab',
    });
  });

  it('maps a credential that cannot get a token to azure-credentials', async () => {
    emu = await startArmEmulator(aksCluster().state);
    const f = createAzureClients({
      credential: {
        getToken: async () => {
          const e = new Error('No managed identity endpoint found.');
          e.name = 'CredentialUnavailableError';
          throw e;
        },
      },
      endpoint: emu.endpoint,
      extraCaPem: emu.caPem,
      retryOptions: FAST_RETRY,
    });
    const err = await failure(findCluster(f, [SUB_A], 'aks-lab'));
    expect(err.code).toBe('azure-credentials');
    expect(err.message).toContain('No managed identity endpoint found.');
  });

  it('maps 401 and 403 from ARM to azure-credentials and azure-permission with the role', () => {
    const e401 = new RestError('InvalidAuthenticationToken', { statusCode: 401 });
    const e403 = new RestError('AuthorizationFailed: does not have authorization', { statusCode: 403 });
    expect(azureError(e401, 'list clusters', FIND_CLUSTER_ROLE)).toMatchObject({ code: 'azure-credentials' });
    const mapped = azureError(e403, 'list clusters', FIND_CLUSTER_ROLE) as AksdiagError;
    expect(mapped.code).toBe('azure-permission');
    expect(mapped.hint).toContain('Azure Kubernetes Service Cluster User Role');
    expect(mapped.hint).toContain('Reader');
  });

  it('does not sit out a 20-minute Retry-After while listing clusters', async () => {
    const f = await setup(aksCluster().state);
    emu!.throttleNext(1, { retryAfterSeconds: 1200 });
    const err = await failure(findCluster(f, [SUB_A], 'aks-lab'));
    expect(err.code).toBe('azure-throttled');
    expect(err.message).toMatch(/20 min/);
    expect(emu!.requests.map((r) => r.status)).toEqual([429]);
  });

  it('needs the extra CA to talk to an endpoint with a private certificate', async () => {
    emu = await startArmEmulator(aksCluster().state);
    const f = createAzureClients({
      credential: fakeCredential,
      endpoint: emu.endpoint,
      retryOptions: { maxRetries: 0 },
    });
    await expect(findCluster(f, [SUB_A], 'aks-lab')).rejects.toThrow(/certificate/i);
  });

  it('parses the accepted name forms', () => {
    expect(parseClusterQuery('aks')).toEqual({ name: 'aks' });
    expect(parseClusterQuery(' rg/aks ')).toEqual({ resourceGroup: 'rg', name: 'aks' });
    expect(parseClusterQuery('s/rg/aks')).toEqual({ subscription: 's', resourceGroup: 'rg', name: 'aks' });
    expect(() => parseClusterQuery('a//b')).toThrow(AksdiagError);
    expect(() => parseClusterQuery('a/b/c/d')).toThrow(/not a cluster name/);
  });
});
