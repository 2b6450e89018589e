/**
 * `aksdiag check` end to end: the real CLI, the real Azure SDK clients against the ARM
 * emulator, and run-command answered with output the real tools printed (test/fixtures).
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  type AksLab,
  type ArmEmulator,
  aksCluster,
  fakeCredential,
  startArmEmulator,
  securityRule,
} from '../emulators/arm/index.js';
import { SYMPTOM_IDS } from '../../src/domain/ids.js';
import { runCli } from '../support/cli.js';
import { tunnelNodes } from '../support/node-answers.js';

let lab: AksLab;
let emu: ArmEmulator;

const check = (args: string[], env: Record<string, string> = {}, credential = fakeCredential) =>
  runCli(emu, lab.subscriptionId, ['check', ...args], { env, credential });

beforeEach(async () => {
  lab = aksCluster();
  emu = await startArmEmulator(lab.state, { runCommandExecutor: tunnelNodes({ ufwBlocksOn: '1' }) });
});

afterEach(async () => {
  await emu.stop();
});

describe('aksdiag check', () => {
  it('confirms ufw on the node that blocks 10250, rules out the rest, and fills the fix', async () => {
    const { code, out, err } = await check(['aks-lab', '--symptom', 'tunnel-10250', '--json']);
    expect(code).toBe(0);
    const report = JSON.parse(out);
    // Progress goes to stderr as n of m, ending at all of them.
    expect(err).toContain(`checked ${report.findings.length} of ${report.findings.length}`);
    const status = Object.fromEntries(
      report.causes.map((c: { id: string; status: string }) => [c.id, c.status]),
    );
    expect(status).toMatchObject({
      'ufw-blocks-10250': 'confirmed',
      'iptables-drops-10250': 'ruled-out',
      'nsg-blocks-10250': 'ruled-out',
      'snat-exhaustion': 'ruled-out',
    });
    const ufw = report.causes.find((c: { id: string }) => c.id === 'ufw-blocks-10250');
    expect(ufw.evidence.map((f: { target: string }) => f.target)).toEqual([
      'aks-nodepool1-12345678-vmss000001',
    ]);
    expect(ufw.fix).toContain(
      'az vmss reimage -g MC_rg-lab_aks-lab_eastus -n aks-nodepool1-12345678-vmss --instance-ids 1',
    );
    for (const f of report.findings)
      expect(Object.keys(f)).toEqual(expect.arrayContaining(['check', 'target', 'verdict', 'evidence']));
  });

  it('with no symptom and no paste, checks every symptom and still finds the ufw on one node', async () => {
    const { code, out } = await check(['aks-lab', '--json']);
    expect(code).toBe(0);
    const reports = JSON.parse(out) as { symptom: string; causes: { id: string; status: string }[] }[];
    expect(reports.map((r) => r.symptom).sort()).toEqual([...SYMPTOM_IDS].sort());
    const tunnel = reports.find((r) => r.symptom === 'tunnel-10250');
    expect(tunnel?.causes.find((c) => c.id === 'ufw-blocks-10250')?.status).toBe('confirmed');
  });

  it('confirms an NSG deny on 10250 from the paste, with a priority that beats it', async () => {
    lab.nsg.properties.securityRules.push(securityRule('deny-kubelet', 'Inbound', 'Deny', 300, '10250'));
    const paste = 'Error from server: error dialing backend: dial tcp 10.224.0.5:10250: i/o timeout';
    const { code, out } = await check(['aks-lab', '--text', paste]);
    expect(code).toBe(0);
    expect(out).toMatch(/CONFIRMED +nsg-blocks-10250/);
    expect(out).toContain(`--nsg-name ${lab.nsgName} -n allow-kubelet-10250 --priority 299`);
  });

  it("answers in the reader's language: statuses, the fix and progress; --json keeps ids and adds text", async () => {
    lab.nsg.properties.securityRules.push(securityRule('deny-kubelet', 'Inbound', 'Deny', 300, '10250'));
    const paste = 'Error from server: error dialing backend: dial tcp 10.224.0.5:10250: i/o timeout';
    const { code, out, err } = await check(['aks-lab', '--text', paste], { LANG: 'fr_FR.UTF-8' });
    expect(code).toBe(0);
    expect(out).toMatch(/CONFIRMÉE +nsg-blocks-10250/);
    expect(out).toMatch(/écartée +iptables-drops-10250/);
    expect(out).toContain('arm-nsg-flow-10250 sur ');
    expect(out).toContain("Ajouter une règle d'autorisation dont la priorité passe avant");
    // The command is the same in every language, filled from the live cluster.
    expect(out).toContain(`--nsg-name ${lab.nsgName} -n allow-kubelet-10250 --priority 299`);
    expect(err).toMatch(/\d+ sur \d+ vérifiés/);
    const json = await check(['aks-lab', '--text', paste, '--json', '--lang', 'ja']);
    const report = JSON.parse(json.out);
    expect(report.lang).toBe('ja');
    const nsg = report.causes.find((c: { id: string }) => c.id === 'nsg-blocks-10250');
    expect(nsg).toMatchObject({ status: 'confirmed', text: { status: '確定' } });
    expect(nsg.text.title).toBe('ノード サブネットか NIC の NSG が TCP 10250 を拒否している');
    expect(nsg.text.fix).toContain(`--nsg-name ${lab.nsgName} -n allow-kubelet-10250 --priority 299`);
    expect(nsg.fix).toContain('Add an allow rule');
  });

  it('an identity that may not read clusters: one line naming the role, exit 1, nothing run', async () => {
    emu.deny('Microsoft.ContainerService/managedClusters/read', (r) => /managedclusters/i.test(r.path));
    const { code, out, err } = await check(['aks-lab', '--symptom', 'tunnel-10250']);
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).toMatch(/^aksdiag: Azure refused to let aksdiag list the AKS clusters .*AuthorizationFailed/);
    expect(err).toMatch(/Reader/);
    expect(emu.operations).toEqual([]);
  });

  it('run-command denied: node checks could not check, saying which permission, and nothing is confirmed', async () => {
    const action = 'Microsoft.Compute/virtualMachineScaleSets/virtualMachines/runCommand/action';
    emu.deny(action, (r) => r.method === 'POST' && /\/runcommand$/i.test(r.path));
    const { code, out } = await check(['aks-lab', '--symptom', 'tunnel-10250', '--json']);
    expect(code).toBe(0);
    const report = JSON.parse(out);
    const nodeFindings = report.findings.filter((f: { check: string }) => f.check.startsWith('node-'));
    expect(nodeFindings.length).toBeGreaterThan(0);
    for (const f of nodeFindings) {
      expect(f.status).toBe('could-not-check');
      expect(f.notes.join(' ')).toMatch(/permission|authorization|role/i);
    }
    expect(report.causes.some((c: { status: string }) => c.status === 'confirmed')).toBe(false);
  });

  it('no usable Azure credential: one line saying which identity to fix, exit 1', async () => {
    const none = {
      getToken: async () => {
        const e = new Error(
          'DefaultAzureCredential failed to retrieve a token from the included credentials.',
        );
        e.name = 'CredentialUnavailableError';
        throw e;
      },
    };
    const { code, out, err } = await check(['aks-lab', '--symptom', 'tunnel-10250'], {}, none);
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).toMatch(/^aksdiag: Azure did not accept aksdiag's credentials .*az login/);
  });

  it('says which clusters it saw when the name is unknown', async () => {
    const { code, err } = await check(['no-such-cluster', '--symptom', 'tunnel-10250']);
    expect(code).toBe(1);
    expect(err).toMatch(/no-such-cluster/);
    expect(err).toMatch(/aks-lab/);
  });

  it('names the missing setting when no subscription is configured', async () => {
    const { code, err } = await check(['aks-lab', '--symptom', 'tunnel-10250'], {
      AKSDIAG_SUBSCRIPTIONS: '',
      AZURE_SUBSCRIPTION_ID: '',
    });
    expect(code).toBe(2);
    expect(err).toMatch(/AKSDIAG_SUBSCRIPTIONS/);
  });
});
