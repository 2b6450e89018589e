/**
 * Checks run inside the bot's own process (the embedded install, no Redis) keep the queue's rules,
 * against the ARM emulator: two diagnoses at once never put two run-commands on one VM, the
 * subscription's run-command pace keeps under Azure's limit, and the run's deadline turns "could
 * not start" and "never answered" into could-not-check findings instead of a wait.
 */
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Config, loadConfig } from '../../src/config.js';
import type { Finding } from '../../src/domain/checks.js';
import { NO_ENTITIES } from '../../src/domain/diagnosis.js';
import { RunCommandPacer } from '../../src/run/pacing.js';
import { inProcessRunner } from '../../src/run/runner.js';
import { SYMPTOMS } from '../../src/symptoms/index.js';
import {
  type ArmEmulator,
  type ArmEmulatorOptions,
  type RunCommandExecutor,
  aksCluster,
  createArmClients,
  fakeCredential,
  startArmEmulator,
} from '../emulators/arm/index.js';
import { tunnelNodes } from '../support/node-answers.js';

jest.setTimeout(60_000);

const tunnel = SYMPTOMS.find((s) => s.id === 'tunnel-10250')!;
const isRunPost = (r: { method: string; path: string }): boolean =>
  r.method === 'POST' && /\/virtualMachines\/\d+\/runCommand$/i.test(r.path);

/** A node finding that Azure's answers (busy VM, throttling, deadline) kept from running. */
const heldUp = (f: Finding): boolean =>
  f.status === 'could-not-check' &&
  /run-command|busy|throttl|deadline|did not report/i.test(f.notes.join(' '));

let emu: ArmEmulator | undefined;
let dir: string | undefined;
afterEach(async () => {
  await emu?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
  emu = dir = undefined;
});

async function setup(
  options: { nodeCount?: number; emulator?: ArmEmulatorOptions; env?: Record<string, string> } = {},
): Promise<{ config: Config; lab: ReturnType<typeof aksCluster> }> {
  const lab = aksCluster({ nodeCount: options.nodeCount ?? 3 });
  emu = await startArmEmulator(lab.state, {
    runCommandExecutor: tunnelNodes({ ufwBlocksOn: '1' }),
    ...options.emulator,
  });
  dir = mkdtempSync(join(tmpdir(), 'aksdiag-inproc-'));
  writeFileSync(join(dir, 'ca.pem'), emu.caPem);
  const config = loadConfig({
    AKSDIAG_SUBSCRIPTIONS: lab.subscriptionId,
    AKSDIAG_ARM_ENDPOINT: emu.endpoint,
    AKSDIAG_ARM_CA_FILE: join(dir, 'ca.pem'),
    AKSDIAG_RUN_COMMAND_POLL_SECONDS: '0.02',
    AKSDIAG_RUN_COMMANDS_PER_SECOND: '100',
    ...options.env,
  });
  return { config, lab };
}

const check = (config: Config) =>
  inProcessRunner(config, fakeCredential).run(
    { cluster: 'aks-lab', symptom: tunnel, entities: NO_ENTITIES },
    () => undefined,
  );

describe('checks in the bot process', () => {
  it('two diagnoses at once never run two run-commands on one VM: not a single 409', async () => {
    const running = new Map<string, number>();
    let most = 0;
    const base = tunnelNodes({ ufwBlocksOn: '1' });
    const executor: RunCommandExecutor = async (ctx) => {
      const vm = String(ctx.instanceId);
      running.set(vm, (running.get(vm) ?? 0) + 1);
      most = Math.max(most, running.get(vm)!);
      await new Promise((r) => setTimeout(r, 40));
      running.set(vm, running.get(vm)! - 1);
      return base(ctx);
    };
    const { config } = await setup({ emulator: { runCommandExecutor: executor } });
    const runner = inProcessRunner(config, fakeCredential);
    const input = { cluster: 'aks-lab', symptom: tunnel, entities: NO_ENTITIES };
    const [a, b] = await Promise.all([
      runner.run(input, () => undefined),
      runner.run(input, () => undefined),
    ]);
    // Node checks (the Kubernetes API is not emulated here: its checks cannot look).
    const onNodes = (r: typeof a) => r.findings.filter((f) => f.target.includes('vmss'));
    expect(onNodes(a).length).toBeGreaterThan(3);
    expect([...onNodes(a), ...onNodes(b)].filter(heldUp)).toEqual([]);
    expect(b.causes.find((c) => c.id === 'ufw-blocks-10250')?.status).toBe('confirmed');
    expect(most).toBe(1);
    const posts = emu!.requests.filter(isRunPost);
    expect(posts.length).toBeGreaterThan(3);
    expect(posts.filter((r) => r.status !== 202)).toEqual([]);
  });

  it("keeps under Azure's run-command limit for the subscription across diagnoses: no 429 at all", async () => {
    const { config } = await setup({
      // Unpaced, two diagnoses send their POSTs 16 at a time: well over Azure's 10 a second.
      emulator: { throttle: { runCommandsPerSecond: 10, retryAfterSeconds: 1 } },
      env: { AKSDIAG_RUN_COMMANDS_PER_SECOND: '8' },
    });
    const runner = inProcessRunner(config, fakeCredential);
    const input = { cluster: 'aks-lab', symptom: tunnel, entities: NO_ENTITIES };
    const reports = await Promise.all([
      runner.run(input, () => undefined),
      runner.run(input, () => undefined),
    ]);
    const onNodes = reports.flatMap((r) => r.findings).filter((f) => f.target.includes('vmss'));
    expect(onNodes.length).toBeGreaterThanOrEqual(8);
    expect(onNodes.filter(heldUp)).toEqual([]);
    const posts = emu!.requests.filter(isRunPost);
    expect(posts.length).toBeGreaterThanOrEqual(8);
    expect(posts.map((r) => r.status).filter((s) => s !== 202)).toEqual([]);
  });

  it("makes a check whose VM stayed busy, and one whose node never answered, could-not-check by the run's deadline", async () => {
    const { config, lab } = await setup({
      emulator: {
        neverAnswer: [{ vmss: 'aks-nodepool1-12345678-vmss', instanceId: '1' }],
        runCommandExecutor: async (ctx) => {
          if (ctx.script[0] === 'theirs') await new Promise(() => undefined); // never finishes
          return tunnelNodes({ ufwBlocksOn: '9' })(ctx);
        },
      },
    });
    // Someone else's run holds instance 0 for good: every POST there gets 409.
    const other = createArmClients(emu!, lab.subscriptionId, {
      retryOptions: { maxRetries: 0, retryDelayInMs: 10, maxRetryDelayInMs: 10 },
    });
    void other.compute.virtualMachineScaleSetVMs
      .runCommand(
        'MC_rg-lab_aks-lab_eastus',
        'aks-nodepool1-12345678-vmss',
        '0',
        {
          commandId: 'RunShellScript',
          script: ['theirs'],
        },
        { updateIntervalInMs: 20 },
      )
      .catch(() => undefined);
    await emu!.waitForOperation('started', (op) => op.vm?.script[0] === 'theirs');
    config.queue.checkDeadlineMs = 4000;
    config.nodeDeadlineMs = 1000;
    const report = await check(config);
    const on = (id: string) => report.findings.filter((f) => f.target.endsWith(`vmss00000${id}`));
    expect(on('0').length).toBeGreaterThan(0);
    for (const f of on('0')) {
      expect(f.status).toBe('could-not-check');
      expect(f.notes.join(' ')).toMatch(/in progress on .*for the whole|busy|deadline/);
    }
    expect(on('1').map((f) => f.status)).toContain('could-not-check');
    expect(
      on('1')
        .map((f) => f.notes.join(' '))
        .join(' '),
    ).toMatch(/did not report back|deadline/);
    expect(on('2').filter(heldUp)).toEqual([]);
    // No second run was started on the node that never answered once it had not answered.
    expect(emu!.operations.filter((op) => op.vm?.instanceId === '1')).toHaveLength(1);
  });

  it('starts no run-command once less than a second of the deadline is left', async () => {
    const { config } = await setup();
    config.queue.checkDeadlineMs = 500;
    const report = await check(config);
    const nodes = report.findings.filter((f) => f.target.includes('vmss'));
    expect(nodes.length).toBeGreaterThan(0);
    for (const f of nodes)
      expect(f.notes).toEqual([expect.stringMatching(/deadline .* passed before it could start/)]);
    expect(emu!.requests.filter(isRunPost)).toEqual([]);
  });
});

describe('RunCommandPacer', () => {
  it('spaces one subscription 1/R apart and leaves another alone', () => {
    let now = 1000;
    const pacer = new RunCommandPacer(4, () => now);
    expect([pacer.reserve('sub-a'), pacer.reserve('SUB-A'), pacer.reserve('sub-a')]).toEqual([0, 250, 500]);
    expect(pacer.reserve('sub-b')).toBe(0);
    now += 2000;
    expect(pacer.reserve('sub-a')).toBe(0);
  });

  it("lets a burst go at once as ARM's write bucket does, then refills at R", () => {
    let now = 1000;
    const pacer = new RunCommandPacer(4, () => now, 3);
    const four = () => [1, 2, 3, 4].map(() => pacer.reserve('sub'));
    expect(four()).toEqual([0, 0, 0, 250]);
    now += 500; // two of the four back
    expect([pacer.reserve('sub'), pacer.reserve('sub')]).toEqual([0, 250]);
    now += 10_000; // never more than the burst
    expect(four()).toEqual([0, 0, 0, 250]);
  });
});
