/**
 * aks-check-network: the node image's own outbound check, read from what it printed: a public run (AgentBaker's
 * pull request that introduced these lines) and runs captured in the fault lab, where each node carries a
 * stand-in of the script that prints the same lines (test/fixtures/aks-check-network/, sidecars say how).
 */
import { listFixtures, loadFixture, loadPublicSample } from '../../test/support/fixtures.js';
import { AKS_CHECK_NETWORK_VERDICTS, interpretAksCheckNetwork } from './aks-check-network.js';

describe('aks-check-network', () => {
  it('reads the public run: every endpoint so far reached, but the excerpt stops before the closing line', () => {
    const v = interpretAksCheckNetwork(loadPublicSample('aks-check-network', 'agentbaker-pr-4144').text);
    expect(v.verdict).toBe('incomplete');
    expect(v.completed).toBe(false);
    expect(v.endpoints.map((e) => [e.endpoint, e.outcome, e.statusCode])).toEqual([
      ['management.azure.com', 'reachable', 200],
      ['vmss-aks-check-networ-c0d4b9-tdoahtj3.hcp.westus2.azmk8s.io', 'reachable', 200],
      // 400 from the CDN is what the script itself counts as success (a repository needs a full path).
      ['acs-mirror.azureedge.net', 'reachable', 400],
      ['packages.microsoft.com', 'reachable', undefined],
    ]);
  });

  it('the same run with its closing line is all-reachable, and the wrapper says so with exit 0', () => {
    const text = `${loadPublicSample('aks-check-network', 'agentbaker-pr-4144').text}'Thu Mar 7 21:36:03 UTC 2024 - INFO: Network connectivity check completed'\naksdiag-check-network-exit: 0\n`;
    const v = interpretAksCheckNetwork(text);
    expect(v).toMatchObject({ verdict: 'all-reachable', completed: true, exitCode: 0 });
    expect(v.evidence).toContain('4 endpoint(s) reached');
  });

  it('a node image without the script is not-available, not a failure', () => {
    const v = interpretAksCheckNetwork('aksdiag-check-network: absent\n');
    expect(v.verdict).toBe('not-available');
    expect(v.notes[0]).toContain('/opt/azure/containers/aks-check-network.sh');
  });

  it('output with no line of the script is unknown', () => {
    expect(interpretAksCheckNetwork('bash: timeout: command not found\n').verdict).toBe('unknown');
  });

  const captured = listFixtures('aks-check-network');

  it('has lab captures of a healthy node and of blocked egress', () => {
    expect(captured).toEqual(expect.arrayContaining(['healthy', 'apiserver-blocked']));
  });

  it.each(captured)('lab capture %s: the verdict its sidecar expects, from the lines printed', (name) => {
    const f = loadFixture('aks-check-network', name);
    const v = interpretAksCheckNetwork(f.text);
    expect(AKS_CHECK_NETWORK_VERDICTS).toContain(v.verdict);
    const expected = (f.meta as unknown as { expect: { verdict: string; failed: string[] } }).expect;
    expect(v.verdict).toBe(expected.verdict);
    expect(v.endpoints.filter((e) => e.outcome !== 'reachable').map((e) => e.endpoint)).toEqual(
      expected.failed,
    );
    if (expected.failed.length > 0) expect(v.evidence).toMatch(/^ERROR: /);
  });
});
