/**
 * A local Azure Resource Manager emulator that the real SDK clients (@azure/arm-compute,
 * @azure/arm-containerservice, @azure/arm-network, @azure/arm-privatedns) talk to over HTTPS on 127.0.0.1.
 *
 * - TLS: a test CA and server certificate are made with `openssl` at start-up (test/support/tls.ts).
 *   Clients trust it through the ordinary client options `{ endpoint, tlsOptions: { ca } }`, the same
 *   knobs a real deployment behind a TLS-intercepting proxy would use: see `armClientOptions()`.
 * - Paths are matched case-insensitively and any api-version is accepted, like ARM.
 * - Run command is a real long-running operation: 202 + Azure-AsyncOperation + Location on the
 *   emulator's own base URL, 409 while a run is in progress on that VM, output cut to the last
 *   4,096 bytes per stream, optional never-answer instances, 429 + Retry-After throttling.
 * - Reimage of VMSS instances, private DNS zone links and Azure Firewall PUTs are long-running writes too:
 *   the instance (firewall) is 'Updating' (or the link 'InProgress') until the operation succeeds, and
 *   `onWrite` hears of both.
 * - Every request is recorded (method, path, status) and announced as an event, so tests wait on
 *   promises instead of sleeping.
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rootCertificates } from 'node:tls';
import { createTestTls, type TestTls } from '../../support/tls.js';
import { detectorResponse } from './detectors.js';
import { ApiError, diagnose } from './network-watcher.js';
import { Throttle, type ThrottleOptions } from './throttle.js';
import type {
  ArmState,
  ManagedClusterState,
  PrivateDnsZoneState,
  ResourceGroupState,
  VmssInstanceState,
  VmssState,
  WireAzureFirewall,
  WireAzureFirewallApplicationRule,
  WireAzureFirewallIpConfiguration,
  WireAzureFirewallNetworkRule,
  WireAzureFirewallRuleCollection,
  WireNetworkSecurityGroup,
  WireSecurityRule,
  WireVirtualNetworkLink,
} from './state.js';

// ---------------------------------------------------------------------------------------------
// Public types

export interface RunCommandContext {
  subscription: string;
  resourceGroup: string;
  vmss: string;
  instanceId: string;
  /** `osProfile.computerName`: the Kubernetes node name. */
  computerName: string;
  commandId: string;
  script: string[];
  parameters: { name: string; value: string }[];
}

export interface RunCommandOutput {
  stdout: string;
  stderr: string;
}

export type RunCommandExecutor = (ctx: RunCommandContext) => Promise<RunCommandOutput>;

export interface CommandInvokeContext {
  subscription: string;
  resourceGroup: string;
  cluster: string;
  command: string;
  /** base64 zip of attached files, as sent. */
  context: string;
}

export interface CommandInvokeOutput {
  exitCode: number;
  logs: string;
  /** Default 'Succeeded'. The real API reports a failed command with provisioningState 'Failed'. */
  provisioningState?: 'Succeeded' | 'Failed';
  reason?: string;
}

export type CommandInvokeExecutor = (ctx: CommandInvokeContext) => Promise<CommandInvokeOutput>;

/** One VMSS instance being reimaged. */
export interface ReimageContext {
  subscription: string;
  resourceGroup: string;
  vmss: string;
  instanceId: string;
  /** `osProfile.computerName`: the Kubernetes node name. */
  computerName: string;
}

/** Puts the instance back to its image; the reimage operation succeeds when it resolves, fails when it throws. */
export type ReimageExecutor = (ctx: ReimageContext) => Promise<void>;

export type { ThrottleOptions, WriteBucket } from './throttle.js';

export interface ArmEmulatorOptions {
  /** Minimum time a run command (either kind) takes, in ms. Default 0. */
  runCommandLatencyMs?: number;
  /** Runs VMSS VM run commands. Default: canned output naming the node. */
  runCommandExecutor?: RunCommandExecutor;
  /** Runs `managedClusters.runCommand` (command invoke). Default: exit 0, canned logs. */
  commandInvokeExecutor?: CommandInvokeExecutor;
  /** Reimages one VMSS instance (per instance, also for a scale-set-wide reimage). Default: nothing to do. */
  reimageExecutor?: ReimageExecutor;
  /** Instances whose run command never reports back (the LRO stays InProgress and the VM stays busy). */
  neverAnswer?: { vmss: string; instanceId: string }[];
  throttle?: ThrottleOptions;
  /** Reject requests without `Authorization: Bearer ...` with 401 (default true). */
  requireBearer?: boolean;
}

export interface RecordedRequest {
  /** Sequence number, 0-based. */
  seq: number;
  method: string;
  /** Path as sent (original case), without the query string. */
  path: string;
  query: string;
  status: number;
  /** Parsed JSON body of the request, if any. */
  body?: unknown;
  /** When the answer went out: ms since the epoch, with sub-ms precision (benchmarks time polls by it). */
  at: number;
  /** A poll of a run command's operation: the status it answered (a poll racing the run's end may say either). */
  pollStatus?: OperationStatus;
  /** The long-running operation the request started (a reimage, a private DNS link), if any. */
  operationId?: string;
}

export type RunCommandKind = 'vmss-vm' | 'command-invoke';
export type OperationStatus = 'InProgress' | 'Succeeded' | 'Failed';

export interface OperationRecord {
  id: string;
  kind: RunCommandKind;
  status: OperationStatus;
  /** Context handed to the executor. */
  vm?: RunCommandContext;
  invoke?: CommandInvokeContext;
  startTime: string;
  endTime?: string;
}

export interface ThrottleNextOptions {
  retryAfterSeconds?: number;
  /** Only requests for which this returns true are throttled (and counted). Default: all. */
  match?: (req: { method: string; path: string }) => boolean;
}

export interface ArmEmulator {
  /** `https://127.0.0.1:<port>`: pass as the SDK clients' `endpoint`. */
  readonly endpoint: string;
  /** PEM of the test CA that signed the server certificate. */
  readonly caPem: string;
  /** The live state (same object the test passed in). */
  readonly state: ArmState;
  /** Live options: tests may swap executors or throttling between calls. */
  readonly options: ArmEmulatorOptions;
  readonly requests: readonly RecordedRequest[];
  readonly operations: readonly OperationRecord[];
  /** Answers the next `count` (matching) requests with 429 + Retry-After and the Compute throttling body. */
  throttleNext(count: number, opts?: ThrottleNextOptions): void;
  /**
   * Answers every matching request with 403 AuthorizationFailed, as ARM does when the identity's
   * roles lack `action` (e.g. `Microsoft.Compute/virtualMachineScaleSets/virtualMachines/runCommand/action`).
   */
  deny(action: string, match: (r: { method: string; path: string }) => boolean): void;
  /** Answers the next `count` matching requests with `status` (a 5xx, as ARM does when a backend is unwell). */
  failNext(count: number, status: number, match?: (r: { method: string; path: string }) => boolean): void;
  /**
   * Calls `listener` after every write that succeeded: a PUT, PATCH or DELETE when it is answered, and a
   * long-running write (a reimage, a private DNS zone link) again when its operation succeeds, with the
   * request that started it. Run commands are not writes. Returns the unsubscribe.
   */
  onWrite(listener: (r: RecordedRequest) => void): () => void;
  /** Turns never-answer mode on or off for one instance (checked when its run finishes). */
  setNeverAnswer(vmss: string, instanceId: string, on?: boolean): void;
  /** Resolves with the first recorded request (past or future) matching `pred`. */
  waitForRequest(pred: (r: RecordedRequest) => boolean): Promise<RecordedRequest>;
  /** Resolves when a run command (past or future) matching `pred` reaches `phase`. */
  waitForOperation(
    phase: 'started' | 'finished',
    pred?: (op: OperationRecord) => boolean,
  ): Promise<OperationRecord>;
  stop(): Promise<void>;
}

/** Production-shaped client options: an endpoint and an extra trusted CA, nothing test-only. */
export interface ArmClientOptions {
  endpoint: string;
  tlsOptions: { ca: string[] };
}

/**
 * Options for ComputeManagementClient / ContainerServiceClient / NetworkManagementClient.
 * `tlsOptions.ca` replaces Node's default CA list, so the public roots are kept alongside the
 * extra CA, as a real deployment behind a corporate proxy would need.
 */
export function armClientOptions(emu: Pick<ArmEmulator, 'endpoint' | 'caPem'>): ArmClientOptions {
  return { endpoint: emu.endpoint, tlsOptions: { ca: [...rootCertificates, emu.caPem] } };
}

// ---------------------------------------------------------------------------------------------
// Wire constants

/** The RBAC actions ARM checks for the writes the fixes make (for `deny()`). */
export const ACTIONS = {
  reimageVmssVm: 'Microsoft.Compute/virtualMachineScaleSets/virtualMachines/reimage/action',
  reimageVmss: 'Microsoft.Compute/virtualMachineScaleSets/reimage/action',
  writeVirtualNetworkLink: 'Microsoft.Network/privateDnsZones/virtualNetworkLinks/write',
  writeAzureFirewall: 'Microsoft.Network/azureFirewalls/write',
} as const;

export const RUN_COMMAND_CONFLICT_MESSAGE =
  'Run command extension execution is in progress. Please wait for completion before invoking a run command.';

/** Only the last 4,096 bytes of each stream come back from Linux run command. */
export const RUN_COMMAND_OUTPUT_LIMIT = 4096;

export function tailBytes(text: string, limit = RUN_COMMAND_OUTPUT_LIMIT): string {
  const buf = Buffer.from(text, 'utf8');
  return buf.length <= limit ? text : buf.subarray(buf.length - limit).toString('utf8');
}

/** The single status entry Linux RunShellScript returns. */
export function runCommandEnvelope(out: RunCommandOutput): {
  value: { code: string; level: string; displayStatus: string; message: string }[];
} {
  return {
    value: [
      {
        code: 'ProvisioningState/succeeded',
        level: 'Info',
        displayStatus: 'Provisioning succeeded',
        message: `Enable succeeded: \n[stdout]\n${tailBytes(out.stdout)}\n[stderr]\n${tailBytes(out.stderr)}`,
      },
    ],
  };
}

function throttleBody(): unknown {
  const start = new Date();
  const end = new Date(start.getTime() + 30 * 60_000);
  return {
    code: 'OperationNotAllowed',
    message:
      'The server rejected the request because too many requests have been received for this subscription.',
    details: [
      {
        code: 'TooManyRequests',
        target: 'HighCostGet30Min',
        message: JSON.stringify({
          operationGroup: 'HighCostGet30Min',
          startTime: start.toISOString(),
          endTime: end.toISOString(),
          allowedRequestCount: 800,
          measuredRequestCount: 1238,
        }),
      },
    ],
  };
}

const defaultRunCommandExecutor: RunCommandExecutor = async (ctx) => ({
  stdout: `ran ${ctx.script.length} line(s) on ${ctx.computerName}\n`,
  stderr: '',
});

const defaultCommandInvokeExecutor: CommandInvokeExecutor = async (ctx) => ({
  exitCode: 0,
  logs: `command invoke on ${ctx.cluster}: ${ctx.command}\n`,
});

// ---------------------------------------------------------------------------------------------
// Implementation

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Recorded with the request, so a write that finishes later can be reported with it. */
  operationId?: string;
  /** Recorded with a poll of a run command. */
  pollStatus?: OperationStatus;
}

interface Ctx {
  method: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
}

type Handler = (ctx: Ctx) => Reply | Promise<Reply>;

interface Route {
  method: string;
  segments: string[];
  handler: Handler;
}

interface Operation extends OperationRecord {
  subscription: string;
  vmKey?: string;
  /** Body served at the Location URL when done. */
  result?: unknown;
  error?: { code: string; message: string };
  apiVersion: string;
  location: string;
  /** For command invoke: the wire command result (Location = commandResults/{id}). */
  clusterPath?: string;
}

/**
 * A long-running write (reimage, private DNS link): kept apart from `operations`, which are run commands
 * that tests count and wait on.
 */
interface AsyncWrite {
  id: string;
  subscription: string;
  status: OperationStatus;
  startTime: string;
  endTime?: string;
  error?: { code: string; message: string };
  /** Body served at the Location URL when done (none for a reimage). */
  result?: () => unknown;
  /** Which operation URLs may serve it. */
  kind: 'compute' | 'private-dns' | 'network';
}

/** Case-insensitive lookup of a record entry; returns the key as stored. */
function findKey<T>(rec: Record<string, T> | undefined, name: string): [string, T] | undefined {
  if (!rec) return undefined;
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(rec)) {
    if (k.toLowerCase() === lower) return [k, v];
  }
  return undefined;
}

const notFound = (type: string, name: string, rg: string): HttpError =>
  new HttpError(
    404,
    'ResourceNotFound',
    `The Resource '${type}/${name}' under resource group '${rg}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
  );

/** Fills id/name/type from the request path when a hand-written object lacks them. */
function served<T extends object>(obj: T, id: string, name: string, type: string): T {
  const o = obj as { id?: string; name?: string; type?: string };
  return { ...obj, id: o.id ?? id, name: o.name ?? name, type: o.type ?? type };
}

export async function startArmEmulator(
  state: ArmState,
  options: ArmEmulatorOptions = {},
): Promise<ArmEmulator> {
  const tls: TestTls = await createTestTls('aksdiag ARM emulator test CA');
  const events = new EventEmitter();
  events.setMaxListeners(0);
  const requests: RecordedRequest[] = [];
  const operations = new Map<string, Operation>();
  const busyVms = new Map<string, string>();
  const writes = new Map<string, AsyncWrite>();
  const forced: { remaining: number; retryAfterSeconds: number; match?: ThrottleNextOptions['match'] }[] = [];
  const denials: { action: string; match: (r: { method: string; path: string }) => boolean }[] = [];
  const failures: {
    remaining: number;
    status: number;
    match?: (r: { method: string; path: string }) => boolean;
  }[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const neverAnswer = new Set(
    (options.neverAnswer ?? []).map((n) => `${n.vmss}/${n.instanceId}`.toLowerCase()),
  );
  let stopped = false;
  let endpoint = '';

  const sleep = (ms: number): Promise<void> =>
    ms <= 0
      ? Promise.resolve()
      : new Promise((resolve) => {
          const t = setTimeout(() => {
            timers.delete(t);
            resolve();
          }, ms);
          timers.add(t);
        });

  // ---- lookups ------------------------------------------------------------------------------

  function rgOf(sub: string, rg: string): [string, ResourceGroupState] {
    const s = findKey(state.subscriptions, sub);
    if (!s) throw new HttpError(404, 'SubscriptionNotFound', `The subscription '${sub}' could not be found.`);
    const g = findKey(s[1].resourceGroups, rg);
    if (!g) throw new HttpError(404, 'ResourceGroupNotFound', `Resource group '${rg}' could not be found.`);
    return g;
  }

  function clusterOf(p: Record<string, string>): [string, ManagedClusterState] {
    const [rgName, rg] = rgOf(p.sub!, p.rg!);
    const c = findKey(rg.managedClusters, p.name!);
    if (!c) throw notFound('Microsoft.ContainerService/managedClusters', p.name!, rgName);
    return c;
  }

  function vmssOf(p: Record<string, string>): [string, VmssState, string] {
    const [rgName, rg] = rgOf(p.sub!, p.rg!);
    const v = findKey(rg.virtualMachineScaleSets, p.vmss!);
    if (!v) throw notFound('Microsoft.Compute/virtualMachineScaleSets', p.vmss!, rgName);
    return [v[0], v[1], rgName];
  }

  function instanceOf(p: Record<string, string>): [VmssInstanceState, string, string] {
    const [vmssName, vmss, rgName] = vmssOf(p);
    const inst = vmss.instances.find((i) => i.vm.instanceId === p.i);
    if (!inst)
      throw notFound(
        'Microsoft.Compute/virtualMachineScaleSets/virtualMachines',
        `${vmssName}/${p.i}`,
        rgName,
      );
    return [inst, vmssName, rgName];
  }

  function networkOf<K extends keyof ResourceGroupState>(
    p: Record<string, string>,
    kind: K,
    param: string,
    type: string,
  ): [string, NonNullable<ResourceGroupState[K]> extends Record<string, infer V> ? V : never, string] {
    const [rgName, rg] = rgOf(p.sub!, p.rg!);
    const hit = findKey(rg[kind] as Record<string, unknown> | undefined, p[param]!);
    if (!hit) throw notFound(type, p[param]!, rgName);
    return [hit[0], hit[1] as never, rgName];
  }

  const resourceId = (
    p: Record<string, string>,
    rgName: string,
    provider: string,
    ...rest: string[]
  ): string => `/subscriptions/${p.sub}/resourceGroups/${rgName}/providers/${provider}/${rest.join('/')}`;

  const apiVersionOf = (q: URLSearchParams): string => q.get('api-version') ?? '2024-01-01';

  // ---- throttling ---------------------------------------------------------------------------

  const throttle = new Throttle(() => options.throttle);

  function tooManyRequests(retryAfterSeconds: number, extra: Record<string, string> = {}): Reply {
    return {
      status: 429,
      headers: {
        'retry-after': String(retryAfterSeconds),
        'x-ms-ratelimit-remaining-resource':
          'Microsoft.Compute/HighCostGet3Min;-1,Microsoft.Compute/HighCostGet30Min;0',
        ...extra,
      },
      body: throttleBody(),
    };
  }

  // ---- run command (VMSS VM) ----------------------------------------------------------------

  function startOperation(op: Operation, work: () => Promise<void>): void {
    operations.set(op.id, op);
    events.emit('operation', 'started', op);
    void work();
  }

  function finishOperation(op: Operation): void {
    op.endTime = new Date().toISOString();
    if (op.vmKey && busyVms.get(op.vmKey) === op.id) busyVms.delete(op.vmKey);
    events.emit('operation', 'finished', op);
  }

  function vmRunCommand(c: Ctx): Reply {
    const p = c.params;
    const [inst, vmssName, rgName] = instanceOf(p);
    const vmKey = `${p.sub}/${rgName}/${vmssName}/${inst.vm.instanceId}`.toLowerCase();
    if (busyVms.has(vmKey)) throw new HttpError(409, 'Conflict', RUN_COMMAND_CONFLICT_MESSAGE);
    const body = (c.body ?? {}) as {
      commandId?: string;
      script?: string[];
      parameters?: { name: string; value: string }[];
    };
    const vmCtx: RunCommandContext = {
      subscription: p.sub!,
      resourceGroup: rgName,
      vmss: vmssName,
      instanceId: inst.vm.instanceId,
      computerName: inst.vm.properties.osProfile?.computerName ?? `${vmssName}_${inst.vm.instanceId}`,
      commandId: body.commandId ?? '',
      script: body.script ?? [],
      parameters: body.parameters ?? [],
    };
    const op: Operation = {
      id: randomUUID(),
      kind: 'vmss-vm',
      status: 'InProgress',
      vm: vmCtx,
      startTime: new Date().toISOString(),
      subscription: p.sub!,
      vmKey,
      apiVersion: apiVersionOf(c.query),
      location: inst.vm.location,
    };
    busyVms.set(vmKey, op.id);
    startOperation(op, async () => {
      const executor = options.runCommandExecutor ?? defaultRunCommandExecutor;
      try {
        const [out] = await Promise.all([executor(vmCtx), sleep(options.runCommandLatencyMs ?? 0)]);
        if (stopped || neverAnswer.has(`${vmssName}/${inst.vm.instanceId}`.toLowerCase())) return;
        op.result = runCommandEnvelope(out);
        op.status = 'Succeeded';
      } catch (err) {
        if (stopped) return;
        op.status = 'Failed';
        op.error = {
          code: 'VMExtensionProvisioningError',
          message: `VM has reported a failure when processing extension 'RunCommandLinux'. Error message: "${(err as Error).message}".`,
        };
      }
      finishOperation(op);
    });
    const opBase = `${endpoint}/subscriptions/${p.sub}/providers/Microsoft.Compute/locations/${op.location}/operations/${op.id}`;
    const sig = `p=${randomUUID()}`;
    return {
      status: 202,
      headers: {
        'azure-asyncoperation': `${opBase}?${sig}&api-version=${op.apiVersion}`,
        location: `${opBase}?${sig}&monitor=true&api-version=${op.apiVersion}`,
      },
    };
  }

  function computeOperation(c: Ctx): Reply {
    const write = writes.get(c.params.op!);
    if (write?.kind === 'compute' && write.subscription.toLowerCase() === c.params.sub!.toLowerCase()) {
      if (c.query.get('monitor') === 'true') {
        if (write.status === 'InProgress') return { status: 202 };
        return write.status === 'Failed' ? { status: 200, body: { error: write.error } } : { status: 200 };
      }
      return {
        status: 200,
        body: {
          startTime: write.startTime,
          ...(write.endTime ? { endTime: write.endTime } : {}),
          status: write.status,
          name: write.id,
          ...(write.error ? { error: write.error } : {}),
        },
      };
    }
    const op = operations.get(c.params.op!);
    if (!op || op.kind !== 'vmss-vm' || op.subscription.toLowerCase() !== c.params.sub!.toLowerCase()) {
      throw new HttpError(404, 'NotFound', `The operation '${c.params.op}' was not found.`);
    }
    const pollStatus = op.status;
    if (c.query.get('monitor') === 'true') {
      if (op.status === 'InProgress') return { status: 202, pollStatus };
      if (op.status === 'Failed') return { status: 200, body: { error: op.error }, pollStatus };
      return { status: 200, body: op.result, pollStatus };
    }
    return {
      status: 200,
      body: {
        startTime: op.startTime,
        ...(op.endTime ? { endTime: op.endTime } : {}),
        status: op.status,
        name: op.id,
        ...(op.error ? { error: op.error } : {}),
      },
      pollStatus,
    };
  }

  // ---- long-running writes ------------------------------------------------------------------

  /** Runs `work` as a write operation; a success is reported to `onWrite` with the request that started it. */
  function startWrite(write: AsyncWrite, work: () => Promise<void>): void {
    writes.set(write.id, write);
    void (async () => {
      try {
        await work();
        write.status = 'Succeeded';
      } catch (err) {
        write.status = 'Failed';
        write.error = (err as { armError?: AsyncWrite['error'] }).armError ?? {
          code: 'InternalExecutionError',
          message: `An internal execution error occurred: ${(err as Error).message}`,
        };
      }
      write.endTime = new Date().toISOString();
      if (stopped || write.status !== 'Succeeded') return;
      // The 202 is recorded only after this handler returned: wait for it, then report the write.
      const started = await emu.waitForRequest((r) => r.operationId === write.id);
      if (!stopped) events.emit('write', started);
    })();
  }

  /** 202 with the Compute operation URLs, as a run command answers. */
  function computeAccepted(
    p: Record<string, string>,
    id: string,
    location: string,
    q: URLSearchParams,
  ): Reply {
    const apiVersion = apiVersionOf(q);
    const opBase = `${endpoint}/subscriptions/${p.sub}/providers/Microsoft.Compute/locations/${location}/operations/${id}`;
    const sig = `p=${randomUUID()}`;
    return {
      status: 202,
      operationId: id,
      headers: {
        'azure-asyncoperation': `${opBase}?${sig}&api-version=${apiVersion}`,
        location: `${opBase}?${sig}&monitor=true&api-version=${apiVersion}`,
      },
    };
  }

  /**
   * Reimage of instances: each goes 'Updating' (the instance view shows it starting), the executor puts it
   * back to its image, then 'Succeeded'. The VM is busy meanwhile: a run command or another reimage gets 409.
   */
  function reimage(c: Ctx, vmssName: string, rgName: string, insts: VmssInstanceState[]): Reply {
    const p = c.params;
    const keyOf = (i: VmssInstanceState) => `${p.sub}/${rgName}/${vmssName}/${i.vm.instanceId}`.toLowerCase();
    const busy = insts.find((i) => busyVms.has(keyOf(i)));
    if (busy) {
      throw new HttpError(
        409,
        'Conflict',
        `Operation 'reimage' is not allowed on VM '${vmssName}_${busy.vm.instanceId}' since another operation is in progress on it.`,
      );
    }
    const id = randomUUID();
    for (const i of insts) {
      busyVms.set(keyOf(i), id);
      i.vm.properties.provisioningState = 'Updating';
    }
    const executor = options.reimageExecutor ?? (async () => {});
    startWrite(
      {
        id,
        subscription: p.sub!,
        status: 'InProgress',
        startTime: new Date().toISOString(),
        kind: 'compute',
      },
      async () => {
        try {
          await Promise.all([
            ...insts.map((i) =>
              executor({
                subscription: p.sub!,
                resourceGroup: rgName,
                vmss: vmssName,
                instanceId: i.vm.instanceId,
                computerName: i.vm.properties.osProfile?.computerName ?? `${vmssName}_${i.vm.instanceId}`,
              }),
            ),
            sleep(options.runCommandLatencyMs ?? 0),
          ]);
          for (const i of insts) {
            i.vm.properties.provisioningState = 'Succeeded';
            i.vm.properties.latestModelApplied = true;
          }
        } catch (err) {
          for (const i of insts) i.vm.properties.provisioningState = 'Failed';
          throw err;
        } finally {
          for (const i of insts) if (busyVms.get(keyOf(i)) === id) busyVms.delete(keyOf(i));
        }
      },
    );
    return computeAccepted(p, id, insts[0]?.vm.location ?? 'westeurope', c.query);
  }

  function vmReimage(c: Ctx): Reply {
    const [inst, vmssName, rgName] = instanceOf(c.params);
    return reimage(c, vmssName, rgName, [inst]);
  }

  /** Scale-set reimage: the instances named in `instanceIds`, or all of them. */
  function vmssReimage(c: Ctx): Reply {
    const [vmssName, vmss, rgName] = vmssOf(c.params);
    const ids = ((c.body ?? {}) as { instanceIds?: unknown }).instanceIds;
    if (ids !== undefined && (!Array.isArray(ids) || ids.some((x) => typeof x !== 'string')))
      throw new HttpError(400, 'InvalidParameter', "The value of parameter 'instanceIds' is invalid.");
    const wanted = (ids as string[] | undefined) ?? vmss.instances.map((i) => i.vm.instanceId);
    const insts = wanted.map((id) => {
      const inst = vmss.instances.find((i) => i.vm.instanceId === id);
      if (!inst)
        throw new HttpError(
          400,
          'InvalidParameter',
          `The provided instanceId ${id} is not an active Virtual Machine Scale Set VM instanceId.`,
        );
      return inst;
    });
    return reimage(c, vmssName, rgName, insts);
  }

  // ---- private DNS zones --------------------------------------------------------------------

  function zoneOf(p: Record<string, string>): [string, PrivateDnsZoneState, string] {
    const [rgName, rg] = rgOf(p.sub!, p.rg!);
    const z = findKey(rg.privateDnsZones, p.zone!);
    if (!z) throw notFound('Microsoft.Network/privateDnsZones', p.zone!, rgName);
    return [z[0], z[1], rgName];
  }

  const linkBody = (
    p: Record<string, string>,
    rgName: string,
    zoneName: string,
    linkName: string,
    link: WireVirtualNetworkLink,
  ): unknown =>
    served(
      link,
      resourceId(
        p,
        rgName,
        'Microsoft.Network',
        'privateDnsZones',
        zoneName,
        'virtualNetworkLinks',
        linkName,
      ),
      linkName,
      'Microsoft.Network/privateDnsZones/virtualNetworkLinks',
    );

  function getZone(c: Ctx): Reply {
    const [name, z, rgName] = zoneOf(c.params);
    const body = served(
      z.zone,
      resourceId(c.params, rgName, 'Microsoft.Network', 'privateDnsZones', name),
      name,
      'Microsoft.Network/privateDnsZones',
    );
    return {
      status: 200,
      body: {
        ...body,
        location: z.zone.location ?? 'global',
        properties: {
          provisioningState: 'Succeeded',
          ...z.zone.properties,
          numberOfVirtualNetworkLinks: Object.keys(z.virtualNetworkLinks).length,
        },
      },
    };
  }

  function listLinks(c: Ctx): Reply {
    const [zoneName, z, rgName] = zoneOf(c.params);
    const value = Object.entries(z.virtualNetworkLinks).map(([name, l]) =>
      linkBody(c.params, rgName, zoneName, name, l),
    );
    return { status: 200, body: { value } };
  }

  function getLink(c: Ctx): Reply {
    const [zoneName, z, rgName] = zoneOf(c.params);
    const hit = findKey(z.virtualNetworkLinks, c.params.link!);
    if (!hit)
      throw notFound(
        'Microsoft.Network/privateDnsZones/virtualNetworkLinks',
        `${zoneName}/${c.params.link}`,
        rgName,
      );
    return { status: 200, body: linkBody(c.params, rgName, zoneName, hit[0], hit[1]) };
  }

  /** Is there a VNet with this id in the emulator's state? */
  function vnetExists(id: string): boolean {
    const m =
      /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Network\/virtualNetworks\/([^/]+)$/i.exec(
        id,
      );
    if (!m) return false;
    const rg = findKey(findKey(state.subscriptions, m[1]!)?.[1].resourceGroups, m[2]!)?.[1];
    return findKey(rg?.virtualNetworks, m[3]!) !== undefined;
  }

  /**
   * Create or update a VNet link: a long-running PUT (202 + private DNS operation URLs). The link is held
   * 'Updating'/'InProgress' until the operation succeeds, then 'Succeeded'/'Completed'.
   */
  function putLink(c: Ctx): Reply {
    const p = c.params;
    const [zoneName, z, rgName] = zoneOf(p);
    const body = (c.body ?? {}) as {
      location?: string;
      tags?: Record<string, string>;
      properties?: {
        virtualNetwork?: { id?: string };
        registrationEnabled?: boolean;
        resolutionPolicy?: string;
      };
    };
    const vnetId = body.properties?.virtualNetwork?.id;
    if (!vnetId)
      throw new HttpError(
        400,
        'BadRequest',
        'The virtual network link must name a virtual network (properties.virtualNetwork.id).',
      );
    if (!vnetExists(vnetId))
      throw new HttpError(400, 'BadRequest', `Virtual network resource not found for '${vnetId}'.`);
    const existing = findKey(z.virtualNetworkLinks, p.link!);
    const linkName = existing?.[0] ?? p.link!;
    const link: WireVirtualNetworkLink = {
      location: body.location ?? 'global',
      etag: randomUUID(),
      ...(body.tags ? { tags: body.tags } : {}),
      properties: {
        virtualNetwork: { id: vnetId },
        registrationEnabled: body.properties?.registrationEnabled ?? false,
        ...(body.properties?.resolutionPolicy
          ? { resolutionPolicy: body.properties.resolutionPolicy as 'Default' | 'NxDomainRedirect' }
          : {}),
        virtualNetworkLinkState: 'InProgress',
        provisioningState: existing ? 'Updating' : 'Creating',
      },
    };
    z.virtualNetworkLinks[linkName] = link;
    const id = randomUUID();
    startWrite(
      {
        id,
        subscription: p.sub!,
        status: 'InProgress',
        startTime: new Date().toISOString(),
        kind: 'private-dns',
        result: () => linkBody(p, rgName, zoneName, linkName, link),
      },
      async () => {
        await sleep(Math.max(1, options.runCommandLatencyMs ?? 0));
        link.properties.provisioningState = 'Succeeded';
        link.properties.virtualNetworkLinkState = 'Completed';
      },
    );
    const apiVersion = apiVersionOf(c.query);
    const opBase = `${endpoint}/subscriptions/${p.sub}/resourceGroups/${rgName}/providers/Microsoft.Network`;
    return {
      status: 202,
      operationId: id,
      headers: {
        'azure-asyncoperation': `${opBase}/privateDnsOperationStatuses/${id}?api-version=${apiVersion}`,
        location: `${opBase}/privateDnsOperationResults/${id}?api-version=${apiVersion}`,
      },
    };
  }

  function dnsWriteOf(c: Ctx): AsyncWrite {
    const w = writes.get(c.params.op!);
    if (!w || w.kind !== 'private-dns' || w.subscription.toLowerCase() !== c.params.sub!.toLowerCase())
      throw new HttpError(404, 'NotFound', `The operation '${c.params.op}' was not found.`);
    return w;
  }

  function dnsOperationStatus(c: Ctx): Reply {
    const w = dnsWriteOf(c);
    return { status: 200, body: { status: w.status, ...(w.error ? { error: w.error } : {}) } };
  }

  function dnsOperationResult(c: Ctx): Reply {
    const w = dnsWriteOf(c);
    if (w.status === 'InProgress') return { status: 202 };
    if (w.status === 'Failed') return { status: 200, body: { error: w.error } };
    return { status: 200, body: w.result?.() };
  }

  // ---- command invoke -----------------------------------------------------------------------

  function commandInvoke(c: Ctx): Reply {
    const p = c.params;
    const [name, mc] = clusterOf(p);
    const [rgName] = rgOf(p.sub!, p.rg!);
    const body = (c.body ?? {}) as { command?: string; context?: string };
    if (!body.command)
      throw new HttpError(400, 'InvalidParameter', "The value of parameter 'command' is invalid.");
    const invoke: CommandInvokeContext = {
      subscription: p.sub!,
      resourceGroup: rgName,
      cluster: name,
      command: body.command,
      context: body.context ?? '',
    };
    const id = randomUUID().replaceAll('-', '').slice(0, 32);
    const clusterPath = resourceId(p, rgName, 'Microsoft.ContainerService', 'managedClusters', name);
    const op: Operation = {
      id,
      kind: 'command-invoke',
      status: 'InProgress',
      invoke,
      startTime: new Date().toISOString(),
      subscription: p.sub!,
      apiVersion: apiVersionOf(c.query),
      location: mc.cluster.location,
      clusterPath,
    };
    startOperation(op, async () => {
      const executor = options.commandInvokeExecutor ?? defaultCommandInvokeExecutor;
      let out: CommandInvokeOutput;
      try {
        [out] = await Promise.all([executor(invoke), sleep(options.runCommandLatencyMs ?? 0)]);
      } catch (err) {
        out = { exitCode: 1, logs: '', provisioningState: 'Failed', reason: (err as Error).message };
      }
      if (stopped) return;
      op.status = out.provisioningState === 'Failed' ? 'Failed' : 'Succeeded';
      op.endTime = new Date().toISOString();
      op.result = {
        id,
        properties: {
          provisioningState: op.status,
          exitCode: out.exitCode,
          startedAt: op.startTime,
          finishedAt: op.endTime,
          logs: out.logs,
          reason: out.reason ?? '',
        },
      };
      finishOperation(op);
    });
    return {
      status: 202,
      headers: { location: `${endpoint}${clusterPath}/commandResults/${id}?api-version=${op.apiVersion}` },
    };
  }

  function commandResult(c: Ctx): Reply {
    clusterOf(c.params);
    const op = operations.get(c.params.id!);
    if (!op || op.kind !== 'command-invoke') {
      throw new HttpError(404, 'NotFound', `Command result '${c.params.id}' was not found.`);
    }
    if (op.status === 'InProgress') {
      return {
        status: 202,
        body: { id: op.id, properties: { provisioningState: 'Running', startedAt: op.startTime } },
      };
    }
    return { status: 200, body: op.result };
  }

  // ---- managed clusters ---------------------------------------------------------------------

  function clusterBody(
    p: Record<string, string>,
    rgName: string,
    name: string,
    mc: ManagedClusterState,
  ): unknown {
    return served(
      mc.cluster,
      resourceId(p, rgName, 'Microsoft.ContainerService', 'managedClusters', name),
      name,
      'Microsoft.ContainerService/ManagedClusters',
    );
  }

  function listClusters(c: Ctx): Reply {
    const p = c.params;
    const sub = findKey(state.subscriptions, p.sub!);
    if (!sub)
      throw new HttpError(404, 'SubscriptionNotFound', `The subscription '${p.sub}' could not be found.`);
    const groups = p.rg ? [rgOf(p.sub!, p.rg)] : Object.entries(sub[1].resourceGroups);
    const value = groups.flatMap(([rgName, rg]) =>
      Object.entries(rg.managedClusters ?? {}).map(([name, mc]) => clusterBody(p, rgName, name, mc)),
    );
    return { status: 200, body: { value } };
  }

  function getCluster(c: Ctx): Reply {
    const [name, mc] = clusterOf(c.params);
    const [rgName] = rgOf(c.params.sub!, c.params.rg!);
    return { status: 200, body: clusterBody(c.params, rgName, name, mc) };
  }

  /**
   * PUT of a cluster: only `properties.apiServerAccessProfile`, the load balancer's outbound ports and IP
   * count, and tags are applied. The ports reach the cluster's load balancer outbound rule, as AKS does.
   */
  function putCluster(c: Ctx): Reply {
    const [name, mc] = clusterOf(c.params);
    const [rgName] = rgOf(c.params.sub!, c.params.rg!);
    const body = (c.body ?? {}) as {
      tags?: Record<string, string>;
      properties?: {
        apiServerAccessProfile?: object;
        networkProfile?: {
          loadBalancerProfile?: { allocatedOutboundPorts?: number; managedOutboundIPs?: { count?: number } };
        };
      };
    };
    const profile = body.properties?.apiServerAccessProfile;
    if (profile) {
      mc.cluster.properties.apiServerAccessProfile = {
        ...mc.cluster.properties.apiServerAccessProfile,
        ...profile,
      };
    }
    const lbWanted = body.properties?.networkProfile?.loadBalancerProfile;
    const lbHeld = mc.cluster.properties.networkProfile?.loadBalancerProfile;
    if (lbWanted && lbHeld) {
      const ports = lbWanted.allocatedOutboundPorts;
      if (ports !== undefined && (!Number.isInteger(ports) || ports < 0 || ports > 64_000 || ports % 8 !== 0))
        throw new HttpError(
          400,
          'InvalidLoadBalancerProfileAllocatedOutboundPorts',
          `Load balancer profile allocated ports ${ports} is not in an allowable range given the number of nodes and IPs provisioned. Total node ports must be a multiple of 8.`,
        );
      if (ports !== undefined) {
        lbHeld.allocatedOutboundPorts = ports;
        const nodeRg = findKey(
          findKey(state.subscriptions, c.params.sub!)?.[1].resourceGroups,
          String(mc.cluster.properties.nodeResourceGroup ?? ''),
        )?.[1];
        for (const r of nodeRg?.loadBalancers?.['kubernetes']?.properties.outboundRules ?? [])
          r.properties.allocatedOutboundPorts = ports;
      }
      if (lbWanted.managedOutboundIPs?.count !== undefined)
        lbHeld.managedOutboundIPs = {
          ...lbHeld.managedOutboundIPs,
          count: lbWanted.managedOutboundIPs.count,
        };
    }
    if (body.tags) mc.cluster.tags = body.tags;
    mc.cluster.properties.provisioningState = 'Succeeded';
    return { status: 200, body: clusterBody(c.params, rgName, name, mc) };
  }

  function adminCredential(c: Ctx): Reply {
    const [, mc] = clusterOf(c.params);
    if (mc.cluster.properties['disableLocalAccounts'] === true) {
      throw new HttpError(
        400,
        'BadRequest',
        'Getting static credential is not allowed because this cluster is set to disable local accounts.',
      );
    }
    return userCredential(c, mc.adminKubeconfig ?? mc.userKubeconfig);
  }

  function userCredential(c: Ctx, supplied?: string): Reply {
    const [name, mc] = clusterOf(c.params);
    const text =
      supplied ??
      mc.userKubeconfig ??
      [
        'apiVersion: v1',
        'kind: Config',
        // Loopback with nothing listening, not the FQDN: a test must never send a DNS query or packet off the
        // machine. A test that wants the API read sets userKubeconfig to a Kubernetes emulator.
        `clusters:\n- cluster:\n    server: https://127.0.0.1:9\n  name: ${name}`,
        `contexts:\n- context:\n    cluster: ${name}\n    user: clusterUser_${c.params.rg}_${name}\n  name: ${name}`,
        `current-context: ${name}`,
        `users:\n- name: clusterUser_${c.params.rg}_${name}\n  user:\n    token: emulator-token`,
        '',
      ].join('\n');
    return {
      status: 200,
      body: { kubeconfigs: [{ name: 'clusterUser', value: Buffer.from(text, 'utf8').toString('base64') }] },
    };
  }

  // ---- compute reads ------------------------------------------------------------------------

  function listVmss(c: Ctx): Reply {
    const [rgName, rg] = rgOf(c.params.sub!, c.params.rg!);
    const value = Object.entries(rg.virtualMachineScaleSets ?? {}).map(([name, v]) =>
      served(
        v.vmss,
        resourceId(c.params, rgName, 'Microsoft.Compute', 'virtualMachineScaleSets', name),
        name,
        'Microsoft.Compute/virtualMachineScaleSets',
      ),
    );
    return { status: 200, body: { value } };
  }

  function getVmss(c: Ctx): Reply {
    const [name, v, rgName] = vmssOf(c.params);
    return {
      status: 200,
      body: served(
        v.vmss,
        resourceId(c.params, rgName, 'Microsoft.Compute', 'virtualMachineScaleSets', name),
        name,
        'Microsoft.Compute/virtualMachineScaleSets',
      ),
    };
  }

  const vmBody = (
    p: Record<string, string>,
    rgName: string,
    vmssName: string,
    inst: VmssInstanceState,
  ): unknown =>
    served(
      inst.vm,
      resourceId(
        p,
        rgName,
        'Microsoft.Compute',
        'virtualMachineScaleSets',
        vmssName,
        'virtualMachines',
        inst.vm.instanceId,
      ),
      `${vmssName}_${inst.vm.instanceId}`,
      'Microsoft.Compute/virtualMachineScaleSets/virtualMachines',
    );

  function listVms(c: Ctx): Reply {
    const [name, v, rgName] = vmssOf(c.params);
    return { status: 200, body: { value: v.instances.map((i) => vmBody(c.params, rgName, name, i)) } };
  }

  function getVm(c: Ctx): Reply {
    const [inst, vmssName, rgName] = instanceOf(c.params);
    return { status: 200, body: vmBody(c.params, rgName, vmssName, inst) };
  }

  /** The instance view: provisioning and power state, 'updating'/'starting' while a reimage runs. */
  function getVmInstanceView(c: Ctx): Reply {
    const [inst] = instanceOf(c.params);
    const state = inst.vm.properties.provisioningState ?? 'Succeeded';
    const updating = state === 'Updating';
    return {
      status: 200,
      body: {
        platformUpdateDomain: 0,
        platformFaultDomain: 0,
        computerName: inst.vm.properties.osProfile?.computerName,
        osName: 'ubuntu',
        osVersion: '22.04',
        statuses: [
          {
            code: `ProvisioningState/${state.toLowerCase()}`,
            level: state === 'Failed' ? 'Error' : 'Info',
            displayStatus: updating ? 'Updating' : `Provisioning ${state.toLowerCase()}`,
          },
          {
            code: updating ? 'PowerState/starting' : 'PowerState/running',
            level: 'Info',
            displayStatus: updating ? 'VM starting' : 'VM running',
          },
        ],
      },
    };
  }

  // ---- network reads ------------------------------------------------------------------------

  function listVmssNics(c: Ctx): Reply {
    const [, v] = vmssOf(c.params);
    return { status: 200, body: { value: v.instances.flatMap((i) => i.nics) } };
  }

  function listVmNics(c: Ctx): Reply {
    const [inst] = instanceOf(c.params);
    return { status: 200, body: { value: inst.nics } };
  }

  function getVmNic(c: Ctx): Reply {
    const [inst, , rgName] = instanceOf(c.params);
    const nic = inst.nics.find((n) => (n.name ?? '').toLowerCase() === c.params.nic!.toLowerCase());
    if (!nic) {
      const type = 'Microsoft.Compute/virtualMachineScaleSets/virtualMachines/networkInterfaces';
      throw notFound(type, c.params.nic!, rgName);
    }
    return { status: 200, body: nic };
  }

  function getVnet(c: Ctx): Reply {
    const [name, vnet, rgName] = networkOf(
      c.params,
      'virtualNetworks',
      'vnet',
      'Microsoft.Network/virtualNetworks',
    );
    return {
      status: 200,
      body: served(
        vnet,
        resourceId(c.params, rgName, 'Microsoft.Network', 'virtualNetworks', name),
        name,
        'Microsoft.Network/virtualNetworks',
      ),
    };
  }

  /** PUT of a VNet: only `properties.dhcpOptions` (its DNS servers) is applied. */
  function putVnet(c: Ctx): Reply {
    const [, vnet] = networkOf(c.params, 'virtualNetworks', 'vnet', 'Microsoft.Network/virtualNetworks');
    const dhcp = ((c.body ?? {}) as { properties?: { dhcpOptions?: { dnsServers?: unknown } } }).properties
      ?.dhcpOptions;
    const servers = dhcp?.dnsServers;
    if (servers !== undefined && (!Array.isArray(servers) || servers.some((x) => typeof x !== 'string')))
      throw new HttpError(400, 'InvalidRequestFormat', 'dhcpOptions.dnsServers must be a list of addresses.');
    if (servers === undefined || servers.length === 0) delete vnet.properties.dhcpOptions;
    else vnet.properties.dhcpOptions = { dnsServers: servers as string[] };
    return getVnet(c);
  }

  function listSubnets(c: Ctx): Reply {
    const [, vnet] = networkOf(c.params, 'virtualNetworks', 'vnet', 'Microsoft.Network/virtualNetworks');
    return { status: 200, body: { value: vnet.properties.subnets } };
  }

  function getSubnet(c: Ctx): Reply {
    const [vnetName, vnet, rgName] = networkOf(
      c.params,
      'virtualNetworks',
      'vnet',
      'Microsoft.Network/virtualNetworks',
    );
    const subnet = vnet.properties.subnets.find(
      (s) => s.name.toLowerCase() === c.params.subnet!.toLowerCase(),
    );
    if (!subnet)
      throw notFound('Microsoft.Network/virtualNetworks/subnets', `${vnetName}/${c.params.subnet}`, rgName);
    return {
      status: 200,
      body: served(
        subnet,
        resourceId(
          c.params,
          rgName,
          'Microsoft.Network',
          'virtualNetworks',
          vnetName,
          'subnets',
          subnet.name,
        ),
        subnet.name,
        'Microsoft.Network/virtualNetworks/subnets',
      ),
    };
  }

  const nsgBody = (
    p: Record<string, string>,
    rgName: string,
    name: string,
    nsg: WireNetworkSecurityGroup,
  ): unknown =>
    served(
      nsg,
      resourceId(p, rgName, 'Microsoft.Network', 'networkSecurityGroups', name),
      name,
      'Microsoft.Network/networkSecurityGroups',
    );

  function listNsgs(c: Ctx): Reply {
    const [rgName, rg] = rgOf(c.params.sub!, c.params.rg!);
    const value = Object.entries(rg.networkSecurityGroups ?? {}).map(([name, nsg]) =>
      nsgBody(c.params, rgName, name, nsg),
    );
    return { status: 200, body: { value } };
  }

  function getNsg(c: Ctx): Reply {
    const [name, nsg, rgName] = networkOf(
      c.params,
      'networkSecurityGroups',
      'nsg',
      'Microsoft.Network/networkSecurityGroups',
    );
    return { status: 200, body: nsgBody(c.params, rgName, name, nsg) };
  }

  const ruleBody = (
    p: Record<string, string>,
    rgName: string,
    nsgName: string,
    rule: WireSecurityRule,
  ): unknown =>
    served(
      rule,
      resourceId(
        p,
        rgName,
        'Microsoft.Network',
        'networkSecurityGroups',
        nsgName,
        'securityRules',
        rule.name,
      ),
      rule.name,
      'Microsoft.Network/networkSecurityGroups/securityRules',
    );

  function listRules(c: Ctx): Reply {
    const [name, nsg, rgName] = networkOf(
      c.params,
      'networkSecurityGroups',
      'nsg',
      'Microsoft.Network/networkSecurityGroups',
    );
    return {
      status: 200,
      body: { value: nsg.properties.securityRules.map((r) => ruleBody(c.params, rgName, name, r)) },
    };
  }

  function getRule(c: Ctx): Reply {
    const [name, nsg, rgName] = networkOf(
      c.params,
      'networkSecurityGroups',
      'nsg',
      'Microsoft.Network/networkSecurityGroups',
    );
    const rule = nsg.properties.securityRules.find(
      (r) => r.name.toLowerCase() === c.params.rule!.toLowerCase(),
    );
    if (!rule)
      throw notFound(
        'Microsoft.Network/networkSecurityGroups/securityRules',
        `${name}/${c.params.rule}`,
        rgName,
      );
    return { status: 200, body: ruleBody(c.params, rgName, name, rule) };
  }

  /** Create or update one rule, with ARM's priority validation. */
  function putRule(c: Ctx): Reply {
    const [name, nsg, rgName] = networkOf(
      c.params,
      'networkSecurityGroups',
      'nsg',
      'Microsoft.Network/networkSecurityGroups',
    );
    const ruleName = c.params.rule!;
    const props = ((c.body ?? {}) as { properties?: WireSecurityRule['properties'] }).properties;
    if (!props)
      throw new HttpError(400, 'InvalidRequestFormat', 'Cannot parse the request: properties are missing.');
    const ruleId = resourceId(
      c.params,
      rgName,
      'Microsoft.Network',
      'networkSecurityGroups',
      name,
      'securityRules',
      ruleName,
    );
    if (typeof props.priority !== 'number' || props.priority < 100 || props.priority > 4096) {
      throw new HttpError(
        400,
        'SecurityRuleInvalidPriority',
        `Security rule has invalid Priority. Value provided: ${props.priority} Allowed range 100-4096.`,
      );
    }
    const clash = nsg.properties.securityRules.find(
      (r) =>
        r.name.toLowerCase() !== ruleName.toLowerCase() &&
        r.properties.priority === props.priority &&
        r.properties.direction === props.direction,
    );
    if (clash) {
      throw new HttpError(
        400,
        'SecurityRuleConflict',
        `Security rule ${ruleName} conflicts with rule ${clash.name}. Rules cannot have the same Priority and Direction. To learn more, see aka.ms/nsgrules.`,
      );
    }
    const rule: WireSecurityRule = {
      id: ruleId,
      name: ruleName,
      type: 'Microsoft.Network/networkSecurityGroups/securityRules',
      properties: { ...props, provisioningState: 'Succeeded' },
    };
    const idx = nsg.properties.securityRules.findIndex(
      (r) => r.name.toLowerCase() === ruleName.toLowerCase(),
    );
    if (idx >= 0) nsg.properties.securityRules[idx] = rule;
    else nsg.properties.securityRules.push(rule);
    return { status: idx >= 0 ? 200 : 201, body: rule };
  }

  function getSimple(
    kind: 'routeTables' | 'loadBalancers' | 'publicIPAddresses' | 'natGateways' | 'networkWatchers',
    param: string,
    type: string,
  ): Handler {
    return (c) => {
      const [name, obj, rgName] = networkOf(c.params, kind, param, type);
      return {
        status: 200,
        body: served(
          obj as object,
          resourceId(c.params, rgName, 'Microsoft.Network', kind, name),
          name,
          type,
        ),
      };
    };
  }

  function listOutboundRules(c: Ctx): Reply {
    const [, lb] = networkOf(c.params, 'loadBalancers', 'lb', 'Microsoft.Network/loadBalancers');
    return { status: 200, body: { value: lb.properties.outboundRules ?? [] } };
  }

  // ---- Azure Firewall (classic rules) -------------------------------------------------------

  const FIREWALL_TYPE = 'Microsoft.Network/azureFirewalls';

  /** The firewall as ARM serves it: ids on the firewall and on each collection and IP configuration. */
  function firewallBody(
    p: Record<string, string>,
    rgName: string,
    name: string,
    fw: WireAzureFirewall,
  ): unknown {
    const id = resourceId(p, rgName, 'Microsoft.Network', 'azureFirewalls', name);
    const props = fw.properties;
    const withId = <T extends { id?: string; name: string }>(kind: string, xs: T[] | undefined): T[] =>
      (xs ?? []).map((x) => ({ ...x, id: x.id ?? `${id}/${kind}/${x.name}` }));
    return served(
      {
        ...fw,
        properties: {
          ...props,
          provisioningState: props.provisioningState ?? 'Succeeded',
          ipConfigurations: withId('azureFirewallIpConfigurations', props.ipConfigurations),
          networkRuleCollections: withId('networkRuleCollections', props.networkRuleCollections),
          applicationRuleCollections: withId('applicationRuleCollections', props.applicationRuleCollections),
          natRuleCollections: props.natRuleCollections ?? [],
        },
      },
      id,
      name,
      FIREWALL_TYPE,
    );
  }

  function getFirewall(c: Ctx): Reply {
    const [name, fw, rgName] = networkOf(c.params, 'azureFirewalls', 'fw', FIREWALL_TYPE);
    return { status: 200, body: firewallBody(c.params, rgName, name, fw) };
  }

  function listFirewalls(c: Ctx): Reply {
    const [rgName, rg] = rgOf(c.params.sub!, c.params.rg!);
    const value = Object.entries(rg.azureFirewalls ?? {}).map(([name, fw]) =>
      firewallBody(c.params, rgName, name, fw),
    );
    return { status: 200, body: { value } };
  }

  function listAllFirewalls(c: Ctx): Reply {
    const sub = findKey(state.subscriptions, c.params.sub!);
    if (!sub)
      throw new HttpError(
        404,
        'SubscriptionNotFound',
        `The subscription '${c.params.sub}' could not be found.`,
      );
    const value = Object.entries(sub[1].resourceGroups).flatMap(([rgName, rg]) =>
      Object.entries(rg.azureFirewalls ?? {}).map(([name, fw]) => firewallBody(c.params, rgName, name, fw)),
    );
    return { status: 200, body: { value } };
  }

  const badFirewall = (message: string): HttpError => new HttpError(400, 'InvalidRequestFormat', message);
  const strings = (x: unknown): x is string[] =>
    Array.isArray(x) && x.every((v) => typeof v === 'string' && v.length > 0);
  const filled = (x: unknown): boolean => strings(x) && x.length > 0;

  /** The checks Azure makes on a collection before it accepts the firewall (names, priority, action). */
  function checkCollections<R extends { name: string }>(
    kind: string,
    list: unknown,
    checkRule: (rule: R, where: string) => void,
  ): WireAzureFirewallRuleCollection<R>[] {
    if (list === undefined) return [];
    if (!Array.isArray(list)) throw badFirewall(`${kind} must be a list.`);
    const names = new Set<string>();
    return list.map((raw: unknown) => {
      const col = raw as Partial<WireAzureFirewallRuleCollection<R>>;
      if (!col.name) throw badFirewall(`Every item of ${kind} needs a name.`);
      if (names.has(col.name.toLowerCase()))
        throw badFirewall(`${kind} has two collections named ${col.name}.`);
      names.add(col.name.toLowerCase());
      const props = col.properties;
      const priority = props?.priority;
      if (typeof priority !== 'number' || priority < 100 || priority > 65000)
        throw new HttpError(
          400,
          'AzureFirewallRuleCollectionInvalidPriority',
          `Rule collection ${col.name} has invalid priority ${String(priority)}: allowed range is 100-65000.`,
        );
      if (props?.action?.type !== 'Allow' && props?.action?.type !== 'Deny')
        throw badFirewall(`Rule collection ${col.name} needs action.type Allow or Deny.`);
      const rules = (props.rules ?? []) as R[];
      if (rules.length === 0) throw badFirewall(`Rule collection ${col.name} has no rules.`);
      for (const r of rules) {
        if (!r.name) throw badFirewall(`A rule in collection ${col.name} has no name.`);
        checkRule(r, `${col.name}/${r.name}`);
      }
      return {
        name: col.name,
        etag: randomUUID(),
        properties: { priority, action: { type: props.action.type }, rules, provisioningState: 'Succeeded' },
      };
    });
  }

  function checkNetworkRule(r: WireAzureFirewallNetworkRule, where: string): void {
    const protocols = ['TCP', 'UDP', 'ICMP', 'Any'];
    if (
      !Array.isArray(r.protocols) ||
      r.protocols.length === 0 ||
      !r.protocols.every((x) => protocols.includes(x))
    )
      throw badFirewall(`Network rule ${where} needs protocols from ${protocols.join(', ')}.`);
    if (!filled(r.sourceAddresses) && !filled(r.sourceIpGroups))
      throw badFirewall(`Network rule ${where} needs sourceAddresses or sourceIpGroups.`);
    if (!filled(r.destinationAddresses) && !filled(r.destinationFqdns) && !filled(r.destinationIpGroups))
      throw badFirewall(
        `Network rule ${where} needs destinationAddresses, destinationFqdns or destinationIpGroups.`,
      );
    if (!filled(r.destinationPorts)) throw badFirewall(`Network rule ${where} needs destinationPorts.`);
  }

  function checkApplicationRule(r: WireAzureFirewallApplicationRule, where: string): void {
    if (!filled(r.sourceAddresses) && !filled(r.sourceIpGroups))
      throw badFirewall(`Application rule ${where} needs sourceAddresses or sourceIpGroups.`);
    const fqdns = filled(r.targetFqdns);
    const tags = filled(r.fqdnTags);
    if (fqdns === tags)
      throw badFirewall(`Application rule ${where} needs either targetFqdns or fqdnTags (not both).`);
    const types = ['Http', 'Https', 'Mssql'];
    if (
      !Array.isArray(r.protocols) ||
      r.protocols.length === 0 ||
      !r.protocols.every(
        (x) => types.includes(x.protocolType) && (x.port === undefined || (x.port > 0 && x.port <= 64000)),
      )
    )
      throw badFirewall(`Application rule ${where} needs protocols (Http, Https or Mssql, port 1-64000).`);
  }

  /**
   * Create or update an Azure Firewall: a long-running PUT of the whole resource (Network's pattern: 201 or
   * 200 with the body 'Updating' and an Azure-AsyncOperation URL). The new rules are in the state at once,
   * marked 'Updating', and the firewall is 'Succeeded' when the operation is. Private IPs are Azure's to
   * give: an IP configuration keeps the address it had (the SDK does not send read-only fields back).
   */
  function putFirewall(c: Ctx): Reply {
    const p = c.params;
    const [rgName, rg] = rgOf(p.sub!, p.rg!);
    const body = (c.body ?? {}) as Partial<WireAzureFirewall>;
    if (!body.location)
      throw new HttpError(400, 'LocationRequired', 'The location property is required for this definition.');
    const props = body.properties ?? {};
    if (props.firewallPolicy)
      throw badFirewall('The emulator models classic rules only: a firewall policy is not supported.');
    const networkRuleCollections = checkCollections<WireAzureFirewallNetworkRule>(
      'networkRuleCollections',
      props.networkRuleCollections,
      checkNetworkRule,
    );
    const applicationRuleCollections = checkCollections<WireAzureFirewallApplicationRule>(
      'applicationRuleCollections',
      props.applicationRuleCollections,
      checkApplicationRule,
    );
    const existing = findKey(rg.azureFirewalls, p.fw!);
    const name = existing?.[0] ?? p.fw!;
    const before = existing?.[1].properties.ipConfigurations ?? [];
    const ipConfigurations: WireAzureFirewallIpConfiguration[] = (props.ipConfigurations ?? []).map((ip) => {
      const had = before.find((b) => b.name.toLowerCase() === (ip.name ?? '').toLowerCase());
      const address = had?.properties.privateIPAddress ?? ip.properties?.privateIPAddress;
      return {
        name: ip.name,
        properties: {
          ...(ip.properties?.subnet ? { subnet: { id: ip.properties.subnet.id } } : {}),
          ...(ip.properties?.publicIPAddress
            ? { publicIPAddress: { id: ip.properties.publicIPAddress.id } }
            : {}),
          ...(address ? { privateIPAddress: address } : {}),
          provisioningState: 'Succeeded',
        },
      };
    });
    const fw: WireAzureFirewall = {
      location: body.location,
      etag: randomUUID(),
      ...(body.tags ? { tags: body.tags } : {}),
      ...(body.zones ? { zones: body.zones } : {}),
      properties: {
        sku: props.sku ?? { name: 'AZFW_VNet', tier: 'Standard' },
        threatIntelMode: props.threatIntelMode ?? 'Alert',
        ipConfigurations,
        networkRuleCollections,
        applicationRuleCollections,
        natRuleCollections: props.natRuleCollections ?? [],
        provisioningState: 'Updating',
      },
    };
    rg.azureFirewalls = { ...rg.azureFirewalls, [name]: fw };
    const id = randomUUID();
    startWrite(
      {
        id,
        subscription: p.sub!,
        status: 'InProgress',
        startTime: new Date().toISOString(),
        kind: 'network',
      },
      async () => {
        await sleep(Math.max(1, options.runCommandLatencyMs ?? 0));
        fw.properties.provisioningState = 'Succeeded';
      },
    );
    const location = body.location.toLowerCase().replace(/\s/g, '');
    return {
      status: existing ? 200 : 201,
      operationId: id,
      headers: {
        'azure-asyncoperation': `${endpoint}/subscriptions/${p.sub}/providers/Microsoft.Network/locations/${location}/operations/${id}?api-version=${apiVersionOf(c.query)}`,
      },
      body: firewallBody(p, rgName, name, fw),
    };
  }

  /** Network's operation status: InProgress, then Succeeded (or Failed with the error). */
  function networkOperation(c: Ctx): Reply {
    const w = writes.get(c.params.op!);
    if (!w || w.kind !== 'network' || w.subscription.toLowerCase() !== c.params.sub!.toLowerCase())
      throw new HttpError(404, 'NotFound', `The operation '${c.params.op}' was not found.`);
    return { status: 200, body: { status: w.status, ...(w.error ? { error: w.error } : {}) } };
  }

  // ---- Network Watcher and AKS detectors (network-watcher.ts, detectors.ts) ---------------------

  /** An ApiError from the helper modules is answered like the emulator's own errors. */
  function answering<T>(fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      if (err instanceof ApiError) throw new HttpError(err.status, err.code, err.message);
      throw err;
    }
  }

  function listAllWatchers(c: Ctx): Reply {
    const sub = findKey(state.subscriptions, c.params.sub!);
    if (!sub)
      throw new HttpError(
        404,
        'SubscriptionNotFound',
        `The subscription '${c.params.sub}' could not be found.`,
      );
    const value = Object.entries(sub[1].resourceGroups).flatMap(([rgName, rg]) =>
      Object.entries(rg.networkWatchers ?? {}).map(([name, w]) =>
        served(
          w,
          resourceId(c.params, rgName, 'Microsoft.Network', 'networkWatchers', name),
          name,
          'Microsoft.Network/networkWatchers',
        ),
      ),
    );
    return { status: 200, body: { value } };
  }

  /**
   * NSG diagnostics: a long-running POST (202, Azure-AsyncOperation to poll, Location for the result, as the SDK's
   * `final-state-via: location` expects), answered from the state as it is when the request arrives.
   */
  function networkDiagnostic(c: Ctx): Reply {
    const [, watcher] = networkOf(c.params, 'networkWatchers', 'nw', 'Microsoft.Network/networkWatchers');
    const result = answering(() => diagnose(state, c.body));
    const id = randomUUID();
    startWrite(
      {
        id,
        subscription: c.params.sub!,
        status: 'InProgress',
        startTime: new Date().toISOString(),
        kind: 'network',
        result: () => result,
      },
      () => sleep(Math.max(1, options.runCommandLatencyMs ?? 0)),
    );
    const ops = `${endpoint}/subscriptions/${c.params.sub}/providers/Microsoft.Network/locations/${watcher.location}`;
    const v = apiVersionOf(c.query);
    return {
      status: 202,
      operationId: id,
      headers: {
        'azure-asyncoperation': `${ops}/operations/${id}?api-version=${v}`,
        location: `${ops}/operationResults/${id}?api-version=${v}`,
      },
    };
  }

  /** Network's operation result (the Location URL): 202 while running, then the operation's body. */
  function networkOperationResult(c: Ctx): Reply {
    const w = writes.get(c.params.op!);
    if (!w || w.kind !== 'network' || w.subscription.toLowerCase() !== c.params.sub!.toLowerCase())
      throw new HttpError(404, 'NotFound', `The operation '${c.params.op}' was not found.`);
    if (w.status === 'InProgress') return { status: 202 };
    if (w.status === 'Failed') return { status: 500, body: { error: w.error } };
    return { status: 200, body: w.result?.() ?? {} };
  }

  function getDetector(c: Ctx): Reply {
    const [name, mc] = clusterOf(c.params);
    const [rgName] = rgOf(c.params.sub!, c.params.rg!);
    const clusterId = resourceId(c.params, rgName, 'Microsoft.ContainerService', 'managedClusters', name);
    let body: unknown;
    try {
      body = detectorResponse(mc, clusterId, c.params.detector!);
    } catch (err) {
      throw new HttpError(500, 'InternalServerError', (err as Error).message);
    }
    if (body === null)
      throw new HttpError(404, 'DetectorNotFound', `Detector '${c.params.detector}' was not found.`);
    return { status: 200, body };
  }

  // ---- routing ------------------------------------------------------------------------------

  const RG = 'subscriptions/{sub}/resourcegroups/{rg}/providers';
  const MC = `${RG}/microsoft.containerservice/managedclusters`;
  const VMSS = `${RG}/microsoft.compute/virtualmachinescalesets/{vmss}`;
  const NET = `${RG}/microsoft.network`;
  const routes: Route[] = (
    [
      ['GET', 'subscriptions/{sub}/providers/microsoft.containerservice/managedclusters', listClusters],
      ['GET', MC, listClusters],
      ['GET', `${MC}/{name}`, getCluster],
      ['PUT', `${MC}/{name}`, putCluster],
      ['POST', `${MC}/{name}/listclusterusercredential`, (c: Ctx) => userCredential(c)],
      ['POST', `${MC}/{name}/listclusteradmincredential`, adminCredential],
      ['POST', `${MC}/{name}/runcommand`, commandInvoke],
      ['GET', `${MC}/{name}/commandresults/{id}`, commandResult],
      ['GET', `${MC}/{name}/detectors/{detector}`, getDetector],
      ['GET', `${RG}/microsoft.compute/virtualmachinescalesets`, listVmss],
      ['GET', VMSS, getVmss],
      ['GET', `${VMSS}/virtualmachines`, listVms],
      ['GET', `${VMSS}/virtualmachines/{i}`, getVm],
      ['POST', `${VMSS}/virtualmachines/{i}/runcommand`, vmRunCommand],
      ['GET', `${VMSS}/virtualmachines/{i}/instanceview`, getVmInstanceView],
      ['POST', `${VMSS}/virtualmachines/{i}/reimage`, vmReimage],
      ['POST', `${VMSS}/reimage`, vmssReimage],
      ['GET', `${VMSS}/networkinterfaces`, listVmssNics],
      ['GET', `${VMSS}/virtualmachines/{i}/networkinterfaces`, listVmNics],
      ['GET', `${VMSS}/virtualmachines/{i}/networkinterfaces/{nic}`, getVmNic],
      [
        'GET',
        'subscriptions/{sub}/providers/microsoft.compute/locations/{loc}/operations/{op}',
        computeOperation,
      ],
      ['GET', `${NET}/virtualnetworks/{vnet}`, getVnet],
      ['PUT', `${NET}/virtualnetworks/{vnet}`, putVnet],
      ['GET', `${NET}/virtualnetworks/{vnet}/subnets`, listSubnets],
      ['GET', `${NET}/virtualnetworks/{vnet}/subnets/{subnet}`, getSubnet],
      ['GET', `${NET}/networksecuritygroups`, listNsgs],
      ['GET', `${NET}/networksecuritygroups/{nsg}`, getNsg],
      ['GET', `${NET}/networksecuritygroups/{nsg}/securityrules`, listRules],
      ['GET', `${NET}/networksecuritygroups/{nsg}/securityrules/{rule}`, getRule],
      ['PUT', `${NET}/networksecuritygroups/{nsg}/securityrules/{rule}`, putRule],
      ['GET', `${NET}/routetables/{rt}`, getSimple('routeTables', 'rt', 'Microsoft.Network/routeTables')],
      [
        'GET',
        `${NET}/loadbalancers/{lb}`,
        getSimple('loadBalancers', 'lb', 'Microsoft.Network/loadBalancers'),
      ],
      ['GET', `${NET}/loadbalancers/{lb}/outboundrules`, listOutboundRules],
      ['GET', 'subscriptions/{sub}/providers/microsoft.network/azurefirewalls', listAllFirewalls],
      ['GET', `${NET}/azurefirewalls`, listFirewalls],
      ['GET', `${NET}/azurefirewalls/{fw}`, getFirewall],
      ['PUT', `${NET}/azurefirewalls/{fw}`, putFirewall],
      [
        'GET',
        'subscriptions/{sub}/providers/microsoft.network/locations/{loc}/operations/{op}',
        networkOperation,
      ],
      ['GET', 'subscriptions/{sub}/providers/microsoft.network/networkwatchers', listAllWatchers],
      [
        'GET',
        `${NET}/networkwatchers/{nw}`,
        getSimple('networkWatchers', 'nw', 'Microsoft.Network/networkWatchers'),
      ],
      ['POST', `${NET}/networkwatchers/{nw}/networkconfigurationdiagnostic`, networkDiagnostic],
      [
        'GET',
        'subscriptions/{sub}/providers/microsoft.network/locations/{loc}/operationresults/{op}',
        networkOperationResult,
      ],
      ['GET', `${NET}/privatednszones/{zone}`, getZone],
      ['GET', `${NET}/privatednszones/{zone}/virtualnetworklinks`, listLinks],
      ['GET', `${NET}/privatednszones/{zone}/virtualnetworklinks/{link}`, getLink],
      ['PUT', `${NET}/privatednszones/{zone}/virtualnetworklinks/{link}`, putLink],
      ['GET', `${NET}/privatednsoperationstatuses/{op}`, dnsOperationStatus],
      ['GET', `${NET}/privatednsoperationresults/{op}`, dnsOperationResult],
      ['GET', `${NET}/natgateways/{ng}`, getSimple('natGateways', 'ng', 'Microsoft.Network/natGateways')],
      [
        'GET',
        `${NET}/publicipaddresses/{pip}`,
        getSimple('publicIPAddresses', 'pip', 'Microsoft.Network/publicIPAddresses'),
      ],
    ] as const
  ).map(([method, pattern, handler]) => ({ method, segments: pattern.split('/'), handler }));

  function route(
    method: string,
    segments: string[],
  ): { handler: Handler; params: Record<string, string> } | undefined {
    for (const r of routes) {
      if (r.method !== method || r.segments.length !== segments.length) continue;
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < segments.length && ok; i++) {
        const pat = r.segments[i]!;
        const seg = segments[i]!;
        if (pat.startsWith('{')) params[pat.slice(1, -1)] = seg;
        else ok = pat === seg.toLowerCase();
      }
      if (ok) return { handler: r.handler, params };
    }
    return undefined;
  }

  const isRunCommandPost = (method: string, segments: string[]): boolean =>
    method === 'POST' && segments.at(-1)?.toLowerCase() === 'runcommand';

  // ---- HTTP ---------------------------------------------------------------------------------

  async function readBody(req: IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }

  async function handle(
    req: IncomingMessage,
  ): Promise<{ reply: Reply; path: string; query: string; body?: unknown }> {
    const url = new URL(req.url ?? '/', 'https://emulator.invalid');
    const method = (req.method ?? 'GET').toUpperCase();
    const path = url.pathname;
    const query = url.search.replace(/^\?/, '');
    const raw = await readBody(req);
    let body: unknown;
    const base = { path, query };
    try {
      if (raw.length > 0) {
        try {
          body = JSON.parse(raw);
        } catch {
          throw new HttpError(
            400,
            'InvalidRequestContent',
            'The request content was invalid and could not be deserialized.',
          );
        }
      }
      if ((options.requireBearer ?? true) && !/^Bearer \S+/.test(req.headers.authorization ?? '')) {
        throw new HttpError(
          401,
          'AuthenticationFailed',
          "Authentication failed. The 'Authorization' header is missing.",
        );
      }
      const segments = path
        .split('/')
        .filter((s) => s.length > 0)
        .map((s) => decodeURIComponent(s));
      const f = forced[0];
      if (f && (!f.match || f.match({ method, path }))) {
        if (--f.remaining <= 0) forced.shift();
        return { ...base, body, reply: tooManyRequests(f.retryAfterSeconds) };
      }
      const failure = failures.find((f) => f.remaining > 0 && (!f.match || f.match({ method, path })));
      if (failure) {
        failure.remaining--;
        throw new HttpError(
          failure.status,
          failure.status === 503 ? 'ServiceUnavailable' : 'InternalServerError',
          `injected ${failure.status}: the service is temporarily unavailable`,
        );
      }
      const denial = denials.find((d) => d.match({ method, path }));
      if (denial) {
        throw new HttpError(
          403,
          'AuthorizationFailed',
          `The client 'aksdiag' with object id '00000000-0000-0000-0000-0000000000aa' does not have authorization to perform action '${denial.action}' over scope '${path}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
        );
      }
      const hit = route(method, segments);
      if (!hit) {
        throw new HttpError(404, 'InvalidResourceType', `The emulator has no route for ${method} ${path}.`);
      }
      const admitted = throttle.admit(hit.params.sub ?? '', method, isRunCommandPost(method, segments));
      if (!admitted.ok)
        return { ...base, body, reply: tooManyRequests(admitted.retryAfterSeconds, admitted.headers) };
      const reply = await hit.handler({ method, params: hit.params, query: url.searchParams, body });
      return { ...base, body, reply: { ...reply, headers: { ...reply.headers, ...admitted.headers } } };
    } catch (err) {
      if (err instanceof HttpError) {
        return {
          ...base,
          body,
          reply: { status: err.status, body: { error: { code: err.code, message: err.message } } },
        };
      }
      return {
        ...base,
        body,
        reply: { status: 500, body: { error: { code: 'InternalServerError', message: String(err) } } },
      };
    }
  }

  function respond(res: ServerResponse, reply: Reply): void {
    const headers: Record<string, string> = {
      'x-ms-request-id': randomUUID(),
      'x-ms-correlation-request-id': randomUUID(),
      ...reply.headers,
    };
    if (reply.body === undefined) {
      res.writeHead(reply.status, { ...headers, 'content-length': '0' });
      res.end();
      return;
    }
    const text = JSON.stringify(reply.body);
    res.writeHead(reply.status, {
      ...headers,
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(text)),
    });
    res.end(text);
  }

  const server: Server = createServer({ key: tls.keyPem, cert: tls.certPem }, (req, res) => {
    void handle(req).then(({ reply, path, query, body }) => {
      const rec: RecordedRequest = {
        seq: requests.length,
        method: (req.method ?? 'GET').toUpperCase(),
        path,
        query,
        status: reply.status,
        ...(body === undefined ? {} : { body }),
        ...(reply.operationId ? { operationId: reply.operationId } : {}),
        ...(reply.pollStatus ? { pollStatus: reply.pollStatus } : {}),
        at: performance.timeOrigin + performance.now(),
      };
      requests.push(rec);
      respond(res, reply);
      events.emit('request', rec);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  endpoint = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const emu: ArmEmulator = {
    get endpoint() {
      return endpoint;
    },
    caPem: tls.caPem,
    state,
    options,
    requests,
    get operations(): OperationRecord[] {
      return [...operations.values()];
    },
    throttleNext(count, opts = {}) {
      if (count <= 0) return;
      forced.push({
        remaining: count,
        retryAfterSeconds: opts.retryAfterSeconds ?? options.throttle?.retryAfterSeconds ?? 1,
        ...(opts.match ? { match: opts.match } : {}),
      });
    },
    failNext(count, status, match) {
      failures.push({ remaining: count, status, ...(match ? { match } : {}) });
    },
    onWrite(listener) {
      const on = (r: RecordedRequest) => {
        if (
          (r.method === 'PUT' || r.method === 'PATCH' || r.method === 'DELETE') &&
          r.status >= 200 &&
          r.status < 300
        )
          listener(r);
      };
      events.on('request', on);
      events.on('write', listener);
      return () => {
        events.off('request', on);
        events.off('write', listener);
      };
    },
    deny(action, match) {
      denials.push({ action, match });
    },
    setNeverAnswer(vmss, instanceId, on = true) {
      const key = `${vmss}/${instanceId}`.toLowerCase();
      if (on) neverAnswer.add(key);
      else neverAnswer.delete(key);
    },
    waitForRequest(pred) {
      const past = requests.find(pred);
      if (past) return Promise.resolve(past);
      return new Promise((resolve) => {
        const on = (r: RecordedRequest): void => {
          if (!pred(r)) return;
          events.off('request', on);
          resolve(r);
        };
        events.on('request', on);
      });
    },
    waitForOperation(phase, pred = () => true) {
      const done = (op: OperationRecord): boolean => phase === 'started' || op.status !== 'InProgress';
      const past = [...operations.values()].find((op) => done(op) && pred(op));
      if (past) return Promise.resolve(past);
      return new Promise((resolve) => {
        const on = (p: string, op: OperationRecord): void => {
          if (p !== phase || !pred(op)) return;
          events.off('operation', on);
          resolve(op);
        };
        events.on('operation', on);
      });
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      events.removeAllListeners();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await tls.cleanup();
    },
  };
  return emu;
}
