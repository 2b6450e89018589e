/**
 * Interpreter fixtures taken from the fault lab: for each capture below, the lab injects the named faults,
 * runs one node check's script on one node exactly as `aksdiag check` gets it run (rendered from the check's
 * own template with parameters its schema accepted, then run the way the lab's run-command runs scripts), and
 * keeps what the tool printed, its exit status and its version. `captureLabFixtures` writes them to
 * test/fixtures/<kind>/lab-<name>.txt with a .meta.json sidecar (scripts/fixtures/capture-lab.sh);
 * test/integration/lab-fixtures.test.ts recaptures them to prove the stored files still say what the lab says.
 *
 * Captures that need the same faults share one inject/clear and run side by side: each check only reads.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InterpreterKind } from '../domain/verdicts.js';
import { MAIN_FUNCTION } from '../checks/node-script.js';
import { nodeCheck, renderNodeCheck, type NodeCheckId, type NodeCheckVerdict } from '../checks/node/index.js';
import type { NodeScriptParams } from '../checks/params.js';
import { BEGIN_MARKER, unwrapRunCommand } from '../interpreters/run-command.js';
import { startLab, type ActiveFault, type Lab } from './lab.js';
import { onNode, runScriptOnNode } from './node-shell.js';
import { ADDR } from './topology.js';

/** The node the lab's tunnel (konnectivity-agent) runs on, and the node node-level faults go to by default. */
export const TUNNEL_NODE = 'aks-nodepool1-12345678-vmss000000';
export const OTHER_NODE = 'aks-nodepool1-12345678-vmss000001';

/** What a capture's parameters may be taken from: values the lab only knows once it runs (and faults are in). */
export interface CaptureContext {
  nodeIp(name: string): string;
  /** The API server's public FQDN. */
  apiserverFqdn: string;
  /** The private cluster's privatelink FQDN, while a private fault is injected. */
  privateFqdn: string | undefined;
  /** kube-dns's ClusterIP. */
  clusterDnsIp: string;
  /** The first DNS server the VNet hands the nodes (the planner asks that one for external names). */
  vnetDns: string;
}

export type FixtureKind = Exclude<InterpreterKind, 'run-command'>;

export interface LabCapture {
  /** The folder under test/fixtures, and the interpreter the check's verdict comes from. */
  kind: FixtureKind;
  /** The file name without extension; always starts with `lab-`. */
  name: string;
  /** Faults injected before the check runs (none: a healthy lab); `node` for node-level faults. */
  faults: readonly { id: string; node?: string }[];
  /** The node the check runs on. */
  node: string;
  check: NodeCheckId;
  params: (ctx: CaptureContext) => NodeScriptParams;
}

const kubelet = (ctx: CaptureContext) => ({ host: ctx.nodeIp(OTHER_NODE) });
/** The name the planner asks DNS servers about (what every node pulls images from). */
const external = (ctx: CaptureContext) => ({ name: 'mcr.microsoft.com', server: ctx.vnetDns });
const externalApi443 = () => ({ scheme: 'telnet', host: ADDR.externalApi, port: 443 });

export const LAB_CAPTURES: readonly LabCapture[] = [
  // nc: from the tunnel's node to another node's kubelet, and to the API server on the tunnel's port.
  {
    kind: 'nc',
    name: 'lab-kubelet-open',
    faults: [],
    node: TUNNEL_NODE,
    check: 'node-nc-kubelet',
    params: kubelet,
  },
  {
    kind: 'nc',
    name: 'lab-nsg-blocks-10250',
    faults: [{ id: 'nsg-blocks-10250' }],
    node: TUNNEL_NODE,
    check: 'node-nc-kubelet',
    params: kubelet,
  },
  {
    kind: 'nc',
    name: 'lab-ufw-blocks-10250',
    faults: [{ id: 'ufw-blocks-10250', node: OTHER_NODE }],
    node: TUNNEL_NODE,
    check: 'node-nc-kubelet',
    params: kubelet,
  },
  {
    kind: 'nc',
    name: 'lab-iptables-drops-10250',
    faults: [{ id: 'iptables-drops-10250', node: OTHER_NODE }],
    node: TUNNEL_NODE,
    check: 'node-nc-kubelet',
    params: kubelet,
  },
  {
    kind: 'nc',
    name: 'lab-egress-port-blocked',
    faults: [{ id: 'egress-port-blocked' }],
    node: TUNNEL_NODE,
    check: 'node-nc-tunnel-egress',
    params: (ctx) => ({ host: ctx.apiserverFqdn, port: 443 }),
  },
  // nslookup: the node's resolver, Azure DNS or the VNet's custom server, and CoreDNS behind kube-dns.
  {
    kind: 'nslookup',
    name: 'lab-apiserver-resolved',
    faults: [],
    node: TUNNEL_NODE,
    check: 'node-nslookup-apiserver',
    params: (ctx) => ({ name: ctx.apiserverFqdn }),
  },
  {
    kind: 'nslookup',
    name: 'lab-external-resolved',
    faults: [],
    node: TUNNEL_NODE,
    check: 'node-nslookup-external',
    params: external,
  },
  {
    kind: 'nslookup',
    name: 'lab-cluster-resolved',
    faults: [],
    node: TUNNEL_NODE,
    check: 'node-nslookup-cluster',
    params: (ctx) => ({ server: ctx.clusterDnsIp }),
  },
  {
    kind: 'nslookup',
    name: 'lab-custom-dns-misconfigured',
    faults: [{ id: 'custom-dns-misconfigured' }],
    node: TUNNEL_NODE,
    check: 'node-nslookup-external',
    params: external,
  },
  {
    kind: 'nslookup',
    name: 'lab-upstream-dns-failure',
    faults: [{ id: 'upstream-dns-failure' }],
    node: TUNNEL_NODE,
    check: 'node-nslookup-external',
    params: external,
  },
  {
    kind: 'nslookup',
    name: 'lab-cluster-dns-failure',
    faults: [{ id: 'cluster-dns-failure' }],
    node: TUNNEL_NODE,
    check: 'node-nslookup-cluster',
    params: (ctx) => ({ server: ctx.clusterDnsIp }),
  },
  {
    kind: 'nslookup',
    name: 'lab-private-dns',
    faults: [{ id: 'private-dns' }],
    node: TUNNEL_NODE,
    check: 'node-nslookup-apiserver',
    params: (ctx) => {
      if (!ctx.privateFqdn) throw new Error('private-dns is injected but the cluster has no private FQDN');
      return { name: ctx.privateFqdn };
    },
  },
  // curl: the planner's telnet:// probe of the external endpoint a pod failed to reach.
  {
    kind: 'curl',
    name: 'lab-external-api-open',
    faults: [],
    node: TUNNEL_NODE,
    check: 'node-curl-endpoint',
    params: externalApi443,
  },
  {
    kind: 'curl',
    name: 'lab-egress-firewall-blocks',
    faults: [{ id: 'egress-firewall-blocks' }],
    node: TUNNEL_NODE,
    check: 'node-curl-endpoint',
    params: externalApi443,
  },
  {
    kind: 'curl',
    name: 'lab-endpoint-down',
    faults: [{ id: 'endpoint-down' }],
    node: TUNNEL_NODE,
    check: 'node-curl-endpoint',
    params: externalApi443,
  },
  // ufw and iptables: on the node the fault is on.
  {
    kind: 'ufw-status',
    name: 'lab-inactive',
    faults: [],
    node: OTHER_NODE,
    check: 'node-ufw-status',
    params: () => ({}),
  },
  {
    kind: 'ufw-status',
    name: 'lab-ufw-blocks-10250',
    faults: [{ id: 'ufw-blocks-10250', node: OTHER_NODE }],
    node: OTHER_NODE,
    check: 'node-ufw-status',
    params: () => ({}),
  },
  {
    kind: 'iptables-list',
    // The lab's kube-proxy programs OUTPUT and FORWARD only, so a healthy node's INPUT is empty here.
    name: 'lab-healthy-node',
    faults: [],
    node: OTHER_NODE,
    check: 'node-iptables-input',
    params: () => ({}),
  },
  {
    kind: 'iptables-list',
    name: 'lab-iptables-drops-10250',
    faults: [{ id: 'iptables-drops-10250', node: OTHER_NODE }],
    node: OTHER_NODE,
    check: 'node-iptables-input',
    params: () => ({}),
  },
  // resolv.conf: what DHCP gave the node.
  {
    kind: 'resolv-conf',
    name: 'lab-azure-dns',
    faults: [],
    node: TUNNEL_NODE,
    check: 'node-resolv-conf',
    params: () => ({}),
  },
  {
    kind: 'resolv-conf',
    name: 'lab-custom-dns-misconfigured',
    faults: [{ id: 'custom-dns-misconfigured' }],
    node: TUNNEL_NODE,
    check: 'node-resolv-conf',
    params: () => ({}),
  },
];

/** How each tool names its version (the first line printed); resolv-conf's "tool" is the sed that prints the file. */
const VERSION_ARGV: Record<FixtureKind, readonly string[]> = {
  nc: ['nc', '-h'],
  curl: ['curl', '--version'],
  nslookup: ['nslookup', '-version'],
  'ufw-status': ['ufw', '--version'],
  'iptables-list': ['iptables', '--version'],
  'nft-ruleset': ['nft', '--version'],
  'resolv-conf': ['sed', '--version'],
};

export interface Captured {
  capture: LabCapture;
  /** The script's output with the run-command markers removed: what the interpreter reads. */
  text: string;
  /** The check's script body with its parameters filled in: the commands that printed `text`. */
  command: string;
  exitCode: number;
  setup: string;
  tool: string;
  params: NodeScriptParams;
}

/** The rendered template without the marker wrapper that renderScript puts around every node script. */
export function scriptBody(script: string): string {
  const lines = script.split('\n');
  const start = lines.indexOf(`${MAIN_FUNCTION}() {`);
  const call = lines.lastIndexOf(`${MAIN_FUNCTION} 2>&1`);
  if (start < 0 || call < start + 2 || lines[call - 1] !== '}') {
    throw new Error('node script without the aksdiag marker wrapper');
  }
  return lines.slice(start + 1, call - 1).join('\n');
}

function contextOf(lab: Lab): CaptureContext {
  const p = lab.world.arm.managedCluster.cluster.properties;
  const dnsServiceIp = p.networkProfile?.dnsServiceIP;
  if (!p.fqdn || !dnsServiceIp) throw new Error('the lab cluster has no FQDN or DNS service IP');
  return {
    nodeIp: (name) => nodeOf(lab, name).ip,
    apiserverFqdn: p.fqdn,
    privateFqdn: p.privateFQDN,
    clusterDnsIp: dnsServiceIp,
    vnetDns: lab.world.arm.vnet.properties.dhcpOptions?.dnsServers?.[0] ?? ADDR.azureDns,
  };
}

function nodeOf(lab: Lab, name: string) {
  const node = lab.world.nodes.find((n) => n.name === name);
  if (!node) throw new Error(`the lab has no node ${name}`);
  return node;
}

/** `aksdiag fault lab` and which faults were on where: the meta's `setup`. */
function setupOf(lab: Lab, c: LabCapture, active: readonly ActiveFault[]): string {
  const node = nodeOf(lab, c.node);
  const faults =
    active.length === 0
      ? 'no fault injected (a healthy lab)'
      : `faults injected: ${active.map((f) => `${f.id} ${f.node ? `on ${f.node}` : 'cluster-wide'} (${f.how})`).join('; ')}`;
  return `aksdiag fault lab (src/lab, ${lab.world.nodes.length} nodes): ${c.check} run on node ${node.name} (${node.ip}) as the lab's run-command runs it; ${faults}`;
}

async function toolVersion(node: string, kind: FixtureKind): Promise<string> {
  const r = await onNode(node, VERSION_ARGV[kind], { allowFailure: true, timeoutMs: 10_000 });
  const line = `${r.stdout}\n${r.stderr}`.split('\n').find((l) => l.trim() !== '');
  if (!line) throw new Error(`${VERSION_ARGV[kind].join(' ')} printed nothing on ${node}`);
  return line.trim();
}

/** Runs one capture's check now, in whatever state the lab is in (`active`: the faults on, for `setup`). */
export async function runCapture(lab: Lab, c: LabCapture, active: readonly ActiveFault[]): Promise<Captured> {
  const check = nodeCheck(c.check);
  const params = check.params.parse(c.params(contextOf(lab)));
  const script = renderNodeCheck(check, params);
  const r = await runScriptOnNode(nodeOf(lab, c.node).name, script, 60_000);
  // The script sends its stderr to stdout (`aksdiag_main 2>&1`); r.stderr only ever holds the runner's own words.
  const out = unwrapRunCommand(r.stdout);
  if (out.exitCode === undefined || !r.stdout.startsWith(`${BEGIN_MARKER}\n`)) {
    throw new Error(
      `${c.kind}/${c.name}: the script did not finish (exit ${r.code}): ${r.stdout}${r.stderr}`,
    );
  }
  return {
    capture: c,
    text: out.stdout,
    command: scriptBody(script),
    exitCode: out.exitCode,
    setup: setupOf(lab, c, active),
    tool: await toolVersion(c.node, c.kind),
    params,
  };
}

/** The check's verdict on a capture's text, with the parameters it ran with. */
export function judgeCapture(c: LabCapture, text: string, params: NodeScriptParams): NodeCheckVerdict {
  return nodeCheck(c.check).interpret(text, params);
}

const faultKey = (c: LabCapture) =>
  c.faults
    .map((f) => `${f.id}@${f.node ?? ''}`)
    .sort()
    .join(',');

/**
 * Faults whose clearing leaves a trace a later listing shows: `ufw --force reset` turns ufw off but keeps its
 * (empty) ufw-* chains jumped to from INPUT. Their captures run last.
 */
const LEAVES_TRACES: ReadonlySet<string> = new Set(['ufw-blocks-10250']);

/** Healthy first, then faults in list order, then faults that leave traces (a stable sort keeps list order). */
const rank = (c: LabCapture) =>
  c.faults.length === 0 ? 0 : c.faults.some((f) => LEAVES_TRACES.has(f.id)) ? 2 : 1;

/**
 * Every capture, grouped by the faults it needs: inject them, run the group's checks side by side, clear.
 * Ordered by `rank`. `onEach` sees each result as it comes.
 */
export async function captureAll(
  lab: Lab,
  captures: readonly LabCapture[] = LAB_CAPTURES,
  onEach: (c: Captured) => void = () => {},
): Promise<Captured[]> {
  const groups = new Map<string, LabCapture[]>();
  for (const c of [...captures].sort((a, b) => rank(a) - rank(b))) {
    groups.set(faultKey(c), [...(groups.get(faultKey(c)) ?? []), c]);
  }
  const results: Captured[] = [];
  for (const group of groups.values()) {
    const active: ActiveFault[] = [];
    try {
      for (const f of group[0]!.faults) active.push(await lab.inject(f.id, f.node ? { node: f.node } : {}));
      const done = await Promise.all(group.map((c) => runCapture(lab, c, active)));
      for (const d of done) onEach(d);
      results.push(...done);
    } finally {
      await lab.clearAll();
    }
  }
  return results;
}

/** Writes `<dir>/<kind>/<name>.txt` and `.meta.json`, as test/support/fixtures.ts reads them. */
export function writeCaptured(dir: string, c: Captured): void {
  const folder = join(dir, c.capture.kind);
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, `${c.capture.name}.txt`), c.text);
  const meta = { command: c.command, exitCode: c.exitCode, setup: c.setup, tool: c.tool };
  writeFileSync(join(folder, `${c.capture.name}.meta.json`), `${JSON.stringify(meta, null, 2)}\n`);
}

/** Starts a lab, captures everything into `dir` (test/fixtures), and stops the lab whatever happens. */
export async function captureLabFixtures(
  dir: string,
  opts: { path?: string; log?: (line: string) => void } = {},
): Promise<Captured[]> {
  const log = opts.log ?? (() => {});
  const lab = await startLab({ nodes: 3, ...(opts.path !== undefined ? { path: opts.path } : {}) });
  try {
    return await captureAll(lab, LAB_CAPTURES, (c) => {
      writeCaptured(dir, c);
      const v = judgeCapture(c.capture, c.text, c.params);
      log(
        `${c.capture.kind}/${c.capture.name}: exit ${c.exitCode}, ${v.verdict} <- ${v.evidence ?? '(no evidence)'}`,
      );
    });
  } finally {
    await lab.stop();
  }
}
