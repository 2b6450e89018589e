/**
 * `aksdiag check` with Azure's own evidence beside aksdiag's: the real CLI and SDK clients against the ARM
 * emulator, whose Network Watcher judges its own NSGs and whose detectors follow the cluster. Node scripts are
 * answered with output real tools printed (the node image check: a lab capture of its stand-in).
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import {
  aksCluster,
  securityRule,
  startArmEmulator,
  type AksLab,
  type ArmEmulator,
  type RunCommandExecutor,
} from '../emulators/arm/index.js';
import { runCli } from '../support/cli.js';
import { loadFixture } from '../support/fixtures.js';
import { tunnelNodes } from '../support/node-answers.js';

let emu: ArmEmulator | undefined;
afterEach(async () => {
  await emu?.stop();
  emu = undefined;
});

interface JsonFinding {
  check: string;
  target: string;
  verdict: string;
  evidence: string | null;
  values: Record<string, string>;
  notes: string[];
}

async function check(lab: AksLab, args: string[], executor: RunCommandExecutor = tunnelNodes()) {
  emu ??= await startArmEmulator(lab.state, { runCommandExecutor: executor });
  const text = await runCli(emu, lab.subscriptionId, ['check', 'aks-lab', ...args]);
  const json = await runCli(emu, lab.subscriptionId, ['check', 'aks-lab', ...args, '--json']);
  const report = JSON.parse(json.out) as {
    findings: JsonFinding[];
    causes: { id: string; status: string }[];
  };
  return { text: text.out, report, find: (id: string) => report.findings.find((f) => f.check === id) };
}

const denyKubelet = (lab: AksLab) =>
  lab.nsg.properties.securityRules.push(securityRule('deny-kubelet', 'Inbound', 'Deny', 200, '10250'));

describe('aksdiag check, with Azure beside it', () => {
  it("an NSG that blocks 10250: confirmed, and Azure's Network Watcher agrees, in the JSON and the terminal", async () => {
    const lab = aksCluster();
    denyKubelet(lab);
    const { text, report, find } = await check(lab, ['--symptom', 'tunnel-10250']);
    expect(report.causes.find((c) => c.id === 'nsg-blocks-10250')?.status).toBe('confirmed');
    const nsg = find('arm-nsg-flow-10250')!;
    expect(nsg.values).toMatchObject({ azureNsg: 'agrees', azureNsgVerdict: 'Deny' });
    expect(nsg.evidence).toContain(`Azure Network Watcher agrees: Deny by ${lab.nsgName} rule deny-kubelet`);
    expect(text).toContain("Azure's own evidence:");
    expect(text).toMatch(
      /NSG second opinion agrees: arm-nsg-flow-10250 on .*: denied; Azure Network Watcher: Deny by/,
    );
    // The connectivity detectors ran too, with the portal link.
    expect(find('arm-aks-detectors')).toMatchObject({ verdict: 'healthy' });
    expect(text).toContain(
      'AKS detectors: Connectivity Issues: 4 detectors, 0 critical, 0 warning, 4 passed',
    );
    expect(text).toContain('/aksDiagnostics');
  });

  it('the NSG changes while aksdiag runs: Azure disagrees, and the report says so first', async () => {
    const lab = aksCluster();
    denyKubelet(lab);
    emu = await startArmEmulator(lab.state, { runCommandExecutor: tunnelNodes() });
    // Someone removes the rule right after aksdiag read the NSG: its own verdict is stale, Azure's is not.
    const nsgRead = (r: { method: string; path: string }) =>
      r.method === 'GET' &&
      r.path.toLowerCase().endsWith(`/networksecuritygroups/${lab.nsgName.toLowerCase()}`);
    void emu.waitForRequest(nsgRead).then(() => {
      lab.nsg.properties.securityRules = lab.nsg.properties.securityRules.filter(
        (r) => r.name !== 'deny-kubelet',
      );
    });
    const text = (await runCli(emu, lab.subscriptionId, ['check', 'aks-lab', '--symptom', 'tunnel-10250']))
      .out;
    const evidence = text.slice(text.indexOf("Azure's own evidence:"));
    expect(evidence.split('\n')[1]).toMatch(
      /^ {2}!! NSG second opinion DISAGREES: arm-nsg-flow-10250 on .*: aksdiag found it denied, Azure Network Watcher says Allow by/,
    );
    expect(text).toContain('Azure Network Watcher DISAGREES: Allow');
  });

  it('no Network Watcher in the region and no right to the detectors: not available, said plainly', async () => {
    const lab = aksCluster({ networkWatcher: false });
    denyKubelet(lab);
    emu = await startArmEmulator(lab.state, { runCommandExecutor: tunnelNodes() });
    emu.deny('Microsoft.ContainerService/managedClusters/detectors/read', (r) =>
      r.path.includes('/detectors/'),
    );
    const { text, report, find } = await check(lab, ['--symptom', 'tunnel-10250']);
    expect(report.causes.find((c) => c.id === 'nsg-blocks-10250')?.status).toBe('confirmed');
    expect(find('arm-nsg-flow-10250')?.values['azureNsg']).toBe('not-available');
    expect(text).toContain('NSG second opinion Network Watcher not available (no Network Watcher in eastus');
    expect(text).toMatch(/AKS detectors: not available \(the identity may not read detectors/);
  });

  it("an egress symptom runs the node image's own outbound check on a node and reads what it printed", async () => {
    const lab = aksCluster();
    lab.managedCluster.cluster.properties.networkProfile!.outboundType = 'userDefinedRouting';
    const blocked = loadFixture('aks-check-network', 'apiserver-blocked').text;
    const executor: RunCommandExecutor = async (ctx) => {
      const script = ctx.script.join('\n');
      if (!script.includes('/opt/azure/containers/aks-check-network.sh')) return tunnelNodes()(ctx);
      return { stdout: `aksdiag-begin\n${blocked}aksdiag-exit=0\n`, stderr: '' };
    };
    const { text, find } = await check(lab, ['--symptom', 'outbound-egress'], executor);
    const node = find('node-aks-check-network')!;
    expect(node).toMatchObject({ verdict: 'endpoints-failed', target: 'aks-nodepool1-12345678-vmss000000' });
    expect(node.evidence).toMatch(
      /^ERROR: Failed to test aks-lab-dns-a1b2c3d4\.hcp\.eastus\.azmk8s\.io with returned status code 000/,
    );
    expect(text).toContain(
      "node image's outbound check on aks-nodepool1-12345678-vmss000000: endpoints-failed (aks-lab-dns-a1b2c3d4.hcp.eastus.azmk8s.io: no HTTP answer",
    );
    // The detectors follow the cluster: user-defined routing is flagged.
    expect(find('arm-aks-detectors')).toMatchObject({ verdict: 'warning' });
    expect(text).toContain(
      'Warning: User Defined Routing - Warning: Cluster egress pathway is set to user defined routing',
    );
  });
});
