/**
 * runNodeScript against the ARM emulator with the real SDK clients: output, per-VM serialisation,
 * someone else's run (409), throttling (429) and a node that never reports back. No fixed sleeps and
 * no wall-clock assertions: tests wait on emulator events and assert on results and recorded requests.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { createAzureClients, type AzureClientFactory } from '../../src/azure/clients.js';
import { InProcessVmLock, runNodeScript, vmLockKey } from '../../src/azure/run-command.js';
import type { NodeTarget } from '../../src/domain/checks.js';
import {
  aksCluster,
  createArmClients,
  fakeCredential,
  startArmEmulator,
  type ArmEmulator,
  type ArmEmulatorOptions,
  type RecordedRequest,
} from '../emulators/arm/index.js';

const FAST_RETRY = { maxRetries: 2, retryDelayInMs: 10, maxRetryDelayInMs: 50 };
const SUB = '11111111-2222-3333-4444-555555555555';
const RG = 'MC_rg-lab_aks-lab_eastus';
const VMSS = 'aks-nodepool1-12345678-vmss';

const target = (instanceId: string): NodeTarget => ({
  kind: 'node',
  node: `${VMSS}00000${instanceId}`,
  subscription: SUB,
  resourceGroup: RG,
  vmss: VMSS,
  instanceId,
});

let emu: ArmEmulator | undefined;
afterEach(async () => {
  await emu?.stop();
  emu = undefined;
});

async function setup(options: ArmEmulatorOptions = {}): Promise<{ f: AzureClientFactory; emu: ArmEmulator }> {
  emu = await startArmEmulator(aksCluster().state, options);
  const f = createAzureClients({
    credential: fakeCredential,
    endpoint: emu.endpoint,
    extraCaPem: emu.caPem,
    retryOptions: FAST_RETRY,
  });
  return { f, emu };
}

function deferred<T = void>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const isRunPost = (r: { method: string; path: string }): boolean =>
  r.method === 'POST' && /\/runCommand$/i.test(r.path);
const postStatuses = (e: ArmEmulator): number[] => e.requests.filter(isRunPost).map((r) => r.status);

/** Echoes the script the way an aksdiag node script reports (begin marker, output, exit marker). */
const echoExecutor: ArmEmulatorOptions['runCommandExecutor'] = async (ctx) => ({
  stdout: `aksdiag-begin\n${ctx.script.join('\n')} on ${ctx.computerName}\naksdiag-exit=0\n`,
  stderr: '',
});

describe('runNodeScript', () => {
  it('returns the script output unwrapped from the run-command envelope, with its exit status', async () => {
    const seen: string[][] = [];
    const { f } = await setup({
      runCommandExecutor: async (ctx) => {
        seen.push(ctx.script);
        return {
          stdout: 'aksdiag-begin\nnc: connect to 10.0.0.1 port 443 (tcp) timed out\naksdiag-exit=1\n',
          stderr: 'warning: slow\n',
        };
      },
    });
    const result = await runNodeScript(f, target('1'), 'set -u\nnc -vz -w 2 10.0.0.1 443', {
      deadlineMs: 10_000,
      pollMs: 10,
    });
    expect(result).toEqual({
      kind: 'output',
      stdout: 'nc: connect to 10.0.0.1 port 443 (tcp) timed out\n',
      stderr: 'warning: slow\n',
      truncated: false,
      exitCode: 1,
    });
    expect(seen).toEqual([['set -u', 'nc -vz -w 2 10.0.0.1 443']]);
  });

  it('serialises two scripts on the same VM: no overlap and no 409 from us', async () => {
    let running = 0;
    let maxRunning = 0;
    const firstStarted = deferred();
    const releaseFirst = deferred();
    const { f, emu } = await setup({
      runCommandExecutor: async (ctx) => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        if (ctx.script[0] === 'first') {
          firstStarted.resolve();
          await releaseFirst.promise;
        }
        running--;
        return echoExecutor!(ctx);
      },
    });
    const lock = new InProcessVmLock();
    const a = runNodeScript(f, target('0'), 'first', { deadlineMs: 10_000, pollMs: 10, lock });
    await firstStarted.promise;
    const b = runNodeScript(f, target('0'), 'second', { deadlineMs: 10_000, pollMs: 10, lock });
    expect(lock.isBusy(vmLockKey(target('0')))).toBe(true);
    // Let the first one poll a few times while the second waits for the lock.
    const after = emu.requests.length;
    await emu.waitForRequest((r) => r.seq >= after + 3);
    expect(postStatuses(emu)).toEqual([202]);
    releaseFirst.resolve();

    const [ra, rb] = await Promise.all([a, b]);
    expect(ra).toMatchObject({ kind: 'output', stdout: expect.stringContaining('first on'), exitCode: 0 });
    expect(rb).toMatchObject({ kind: 'output', stdout: expect.stringContaining('second on'), exitCode: 0 });
    expect(maxRunning).toBe(1);
    expect(postStatuses(emu)).toEqual([202, 202]);
    expect(emu.operations.map((op) => op.vm?.script[0])).toEqual(['first', 'second']);
  });

  it('runs on different VMs at the same time', async () => {
    const bothStarted = deferred();
    let started = 0;
    const { f } = await setup({
      runCommandExecutor: async (ctx) => {
        if (++started === 2) bothStarted.resolve();
        await bothStarted.promise; // serialised runs would never finish
        return echoExecutor!(ctx);
      },
    });
    const [a, b] = await Promise.all([
      runNodeScript(f, target('0'), 'hostname', { deadlineMs: 10_000, pollMs: 10 }),
      runNodeScript(f, target('2'), 'hostname', { deadlineMs: 10_000, pollMs: 10 }),
    ]);
    expect(a).toMatchObject({ kind: 'output', stdout: expect.stringContaining('vmss000000') });
    expect(b).toMatchObject({ kind: 'output', stdout: expect.stringContaining('vmss000002') });
  });

  it('waits out a run someone else started (409 Conflict) and then runs its own', async () => {
    const releaseTheirs = deferred();
    const { f, emu } = await setup({
      runCommandExecutor: async (ctx) => {
        if (ctx.script[0] === 'theirs') await releaseTheirs.promise;
        return echoExecutor!(ctx);
      },
    });
    // Someone else (another tool, a colleague's `az vmss run-command invoke`) is running on instance 1.
    const other = createArmClients(emu, SUB, { retryOptions: FAST_RETRY });
    const theirs = other.compute.virtualMachineScaleSetVMs.runCommand(
      RG,
      VMSS,
      '1',
      { commandId: 'RunShellScript', script: ['theirs'] },
      { updateIntervalInMs: 10 },
    );
    await emu.waitForOperation('started', (op) => op.vm?.script[0] === 'theirs');

    const ours = runNodeScript(f, target('1'), 'ours', { deadlineMs: 10_000, pollMs: 10 });
    // Release theirs only after we have been refused at least twice (so we did back off and retry).
    let conflicts = 0;
    await emu.waitForRequest((r: RecordedRequest) => r.status === 409 && ++conflicts >= 2);
    releaseTheirs.resolve();

    const result = await ours;
    expect(result).toMatchObject({ kind: 'output', stdout: expect.stringContaining('ours on'), exitCode: 0 });
    expect((await theirs).value?.[0]?.message).toContain('theirs on');
    const statuses = postStatuses(emu);
    expect(statuses[0]).toBe(202); // theirs
    expect(statuses.at(-1)).toBe(202); // ours, once the VM was free
    expect(statuses.slice(1, -1).every((s) => s === 409)).toBe(true);
    expect(emu.operations.filter((op) => op.vm?.script[0] === 'ours')).toHaveLength(1);
  });

  it('gives up with vm-busy at the deadline when someone else’s run never finishes', async () => {
    const { f, emu } = await setup({ neverAnswer: [{ vmss: VMSS, instanceId: '2' }] });
    const other = createArmClients(emu, SUB, { retryOptions: FAST_RETRY });
    const controller = new AbortController();
    const theirs = other.compute.virtualMachineScaleSetVMs
      .runCommand(
        RG,
        VMSS,
        '2',
        { commandId: 'RunShellScript', script: ['theirs'] },
        {
          updateIntervalInMs: 10,
          abortSignal: controller.signal,
        },
      )
      .catch(() => undefined);
    await emu.waitForOperation('started');

    const result = await runNodeScript(f, target('2'), 'ours', { deadlineMs: 800, pollMs: 20 });
    controller.abort();
    await theirs;
    expect(result).toMatchObject({ kind: 'could-not-check', code: 'vm-busy' });
    expect(result.kind === 'could-not-check' && result.evidence).toMatch(/409.*in progress/i);
    expect(
      postStatuses(emu)
        .slice(1)
        .every((s) => s === 409),
    ).toBe(true);
    expect(emu.operations).toHaveLength(1); // we never started a run
  });

  it('waits out a 429 with Retry-After: 1', async () => {
    const { f, emu } = await setup({ runCommandExecutor: echoExecutor });
    emu.throttleNext(1, { retryAfterSeconds: 1, match: isRunPost });
    const result = await runNodeScript(f, target('0'), 'true', { deadlineMs: 10_000, pollMs: 10 });
    expect(result).toMatchObject({ kind: 'output', exitCode: 0 });
    expect(postStatuses(emu)).toEqual([429, 202]);
  });

  it('gives up at once on a 429 with Retry-After: 1200 and says when to retry', async () => {
    const { f, emu } = await setup({ runCommandExecutor: echoExecutor });
    emu.throttleNext(1, { retryAfterSeconds: 1200, match: isRunPost });
    const before = Date.now();
    const result = await runNodeScript(f, target('0'), 'true', {
      deadlineMs: 60_000,
      pollMs: 10,
      maxRetryAfterMs: 30_000,
    });
    expect(result).toMatchObject({ kind: 'could-not-check', code: 'azure-throttled' });
    if (result.kind !== 'could-not-check') throw new Error('expected could-not-check');
    expect(result.reason).toMatch(/throttled/i);
    expect(result.reason).toContain('20 min');
    const retryAt = Date.parse(result.retryAt!);
    expect(retryAt).toBeGreaterThanOrEqual(before + 1_195_000);
    expect(postStatuses(emu)).toEqual([429]);
    expect(emu.operations).toHaveLength(0);
  });

  it('ends with node-no-answer at the deadline when the node never reports back, and keeps the VM locked', async () => {
    const ran = deferred();
    const { f, emu } = await setup({
      neverAnswer: [{ vmss: VMSS, instanceId: '2' }],
      runCommandExecutor: async (ctx) => {
        ran.resolve();
        return echoExecutor!(ctx);
      },
    });
    const lock = new InProcessVmLock();
    const result = await runNodeScript(f, target('2'), 'curl -sS https://mcr.microsoft.com', {
      deadlineMs: 800,
      pollMs: 20,
      lock,
      busyGraceMs: 60_000,
    });
    await ran.promise;
    expect(result).toMatchObject({ kind: 'could-not-check', code: 'node-no-answer' });
    if (result.kind !== 'could-not-check') throw new Error('expected could-not-check');
    expect(result.reason).toMatch(/did not report back.*outbound connectivity to Azure may be broken/);
    expect(emu.operations).toEqual([expect.objectContaining({ status: 'InProgress' })]);
    // The run may still be going: our own next call waits for the lock instead of POSTing.
    expect(lock.isBusy(vmLockKey(target('2')))).toBe(true);
    const queued = await runNodeScript(f, target('2'), 'true', { deadlineMs: 300, pollMs: 20, lock });
    expect(queued).toMatchObject({ kind: 'could-not-check', code: 'vm-busy' });
    expect(postStatuses(emu)).toEqual([202]);
  });

  it('says run-failed when the run-command extension itself fails', async () => {
    const { f } = await setup({
      runCommandExecutor: async () => {
        throw new Error('/var/lib/waagent/run-command/download/0/script.sh: Permission denied');
      },
    });
    const result = await runNodeScript(f, target('0'), 'true', { deadlineMs: 5000, pollMs: 10 });
    expect(result).toMatchObject({ kind: 'could-not-check', code: 'run-failed' });
    if (result.kind !== 'could-not-check') throw new Error('expected could-not-check');
    expect(result.evidence).toContain('Permission denied');
  });

  it('says vm-not-found for an instance that is gone', async () => {
    const { f } = await setup();
    const result = await runNodeScript(f, target('7'), 'true', { deadlineMs: 5000, pollMs: 10 });
    expect(result).toMatchObject({ kind: 'could-not-check', code: 'vm-not-found' });
  });

  it('stops when the caller cancels', async () => {
    const { f, emu } = await setup({ neverAnswer: [{ vmss: VMSS, instanceId: '0' }] });
    const controller = new AbortController();
    void emu.waitForOperation('started').then(() => controller.abort());
    const result = await runNodeScript(f, target('0'), 'true', {
      deadlineMs: 10_000,
      pollMs: 10,
      signal: controller.signal,
      lock: new InProcessVmLock(),
    });
    expect(result).toMatchObject({ kind: 'could-not-check', code: 'cancelled' });
  });
});
