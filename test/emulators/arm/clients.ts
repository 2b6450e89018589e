/**
 * The real Azure SDK clients, pointed at an ARM emulator the way production points them at Azure:
 * an `endpoint` and an extra trusted CA (`tlsOptions.ca`), nothing else. Only the credential is fake.
 */
import type { TokenCredential } from '@azure/identity';
import { ComputeManagementClient } from '@azure/arm-compute';
import { ContainerServiceClient } from '@azure/arm-containerservice';
import { NetworkManagementClient } from '@azure/arm-network';
import { PrivateDnsManagementClient } from '@azure/arm-privatedns';
import { armClientOptions, type ArmEmulator } from './emulator.js';

/** A credential that hands out a fixed token; the emulator only checks that a bearer token is sent. */
export const fakeCredential: TokenCredential = {
  getToken: async () => ({ token: 'emulator-token', expiresOnTimestamp: Date.now() + 3_600_000 }),
};

export interface ArmClients {
  compute: ComputeManagementClient;
  containers: ContainerServiceClient;
  network: NetworkManagementClient;
  privateDns: PrivateDnsManagementClient;
}

export interface ArmClientExtras {
  /** Fast retries for tests; the SDK default is 3 retries with a 1 s exponential base. */
  retryOptions?: { maxRetries?: number; retryDelayInMs?: number; maxRetryDelayInMs?: number };
  credential?: TokenCredential;
}

export function createArmClients(
  emu: Pick<ArmEmulator, 'endpoint' | 'caPem'>,
  subscriptionId: string,
  extras: ArmClientExtras = {},
): ArmClients {
  const options = {
    ...armClientOptions(emu),
    ...(extras.retryOptions ? { retryOptions: extras.retryOptions } : {}),
  };
  const credential = extras.credential ?? fakeCredential;
  return {
    compute: new ComputeManagementClient(credential, subscriptionId, options),
    containers: new ContainerServiceClient(credential, subscriptionId, options),
    network: new NetworkManagementClient(credential, subscriptionId, options),
    privateDns: new PrivateDnsManagementClient(credential, subscriptionId, options),
  };
}
