/**
 * Fixtures for the aks-check-network interpreter, taken from the fault lab: node-aks-check-network's own script
 * run on a lab node (where the node image's check is the stand-in of node-image-check.ts) with the named faults
 * injected, written to test/fixtures/aks-check-network/<name>.txt with a sidecar that says how, and what the
 * interpreter is expected to find (scripts/fixtures/capture-node-image-check.sh). The lab test
 * (test/integration/lab-azure-evidence.test.ts) runs the same captures again and compares.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { nodeCheck, renderNodeCheck } from '../checks/node/index.js';
import { interpretAksCheckNetwork } from '../interpreters/aks-check-network.js';
import { BEGIN_MARKER, unwrapRunCommand } from '../interpreters/run-command.js';
import { scriptBody, TUNNEL_NODE } from './capture.js';
import type { Lab } from './lab.js';
import { runScriptOnNode } from './node-shell.js';

export interface NodeImageCapture {
  name: string;
  faults: readonly string[];
  /** What the interpreter must find in it: the verdict and the endpoints that failed. */
  expect: { verdict: string; failed: (fqdn: string) => string[] };
}

export const NODE_IMAGE_CAPTURES: readonly NodeImageCapture[] = [
  { name: 'healthy', faults: [], expect: { verdict: 'all-reachable', failed: () => [] } },
  // An NSG rule on the NICs denies TCP 443 to the API server's address: its request gets no answer (000).
  {
    name: 'apiserver-blocked',
    faults: ['egress-port-blocked'],
    expect: { verdict: 'endpoints-failed', failed: (fqdn) => [fqdn] },
  },
  // The VNet's DNS server knows no public name: both names fail to resolve.
  {
    name: 'custom-dns-nxdomain',
    faults: ['custom-dns-misconfigured'],
    expect: { verdict: 'endpoints-failed', failed: (fqdn) => [fqdn, 'mcr.microsoft.com'] },
  },
];

export interface NodeImageCaptured {
  capture: NodeImageCapture;
  text: string;
  meta: {
    command: string;
    exitCode: number;
    setup: string;
    tool: string;
    expect: { verdict: string; failed: string[] };
  };
}

/** Runs one capture now: inject its faults, run the check's script on the tunnel's node, clear. */
export async function captureNodeImageCheck(lab: Lab, c: NodeImageCapture): Promise<NodeImageCaptured> {
  const fqdn = lab.world.arm.managedCluster.cluster.properties.fqdn ?? '';
  const check = nodeCheck('node-aks-check-network');
  const script = renderNodeCheck(check, {});
  try {
    for (const f of c.faults) await lab.inject(f);
    const r = await runScriptOnNode(TUNNEL_NODE, script, 60_000);
    const out = unwrapRunCommand(r.stdout);
    if (out.exitCode === undefined || !r.stdout.startsWith(`${BEGIN_MARKER}\n`))
      throw new Error(`aks-check-network/${c.name}: the script did not finish: ${r.stdout}${r.stderr}`);
    const faults = c.faults.length ? `faults injected: ${c.faults.join(', ')}` : 'no fault injected';
    return {
      capture: c,
      text: out.stdout,
      meta: {
        command: scriptBody(script),
        exitCode: out.exitCode,
        setup: `aksdiag fault lab (src/lab, ${lab.world.nodes.length} nodes): node-aks-check-network on ${TUNNEL_NODE}, whose /opt/azure/containers/aks-check-network.sh is the lab's stand-in (src/lab/node-image-check.ts: the image script's log lines, from real nslookup and curl on the node); ${faults}`,
        tool: 'aks-check-network.sh (aksdiag lab stand-in)',
        expect: { verdict: c.expect.verdict, failed: c.expect.failed(fqdn) },
      },
    };
  } finally {
    await lab.clearAll();
  }
}

/** Writes the capture as test/support/fixtures.ts reads it. */
export function writeNodeImageCapture(dir: string, c: NodeImageCaptured): void {
  const folder = join(dir, 'aks-check-network');
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, `${c.capture.name}.txt`), c.text);
  writeFileSync(join(folder, `${c.capture.name}.meta.json`), `${JSON.stringify(c.meta, null, 2)}\n`);
}

/** What the interpreter reads in a capture: for the capture script's log. */
export function judged(c: NodeImageCaptured): string {
  const v = interpretAksCheckNetwork(c.text);
  return `${c.capture.name}: exit ${c.meta.exitCode}, ${v.verdict} <- ${v.evidence ?? '(none)'}`;
}
