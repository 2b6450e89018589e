/**
 * The Azure credential of a command: the one the caller gave (tests, the benchmarks), else
 * DefaultAzureCredential (managed identity, workload identity, `az login`). Loaded only by the
 * commands that talk to Azure, as everything heavy in the CLI is: `explain` and `interpret` stay
 * small and quick, and a process loads what it uses.
 */
import type { TokenCredential } from '@azure/identity';

export async function azureCredential(io: {
  azureCredential?: () => TokenCredential;
}): Promise<TokenCredential> {
  if (io.azureCredential) return io.azureCredential();
  const { DefaultAzureCredential } = await import('@azure/identity');
  return new DefaultAzureCredential();
}
