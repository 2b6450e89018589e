/**
 * Network namespaces the lab owns, and leaving nothing behind.
 *
 * Ownership is marked before a namespace exists: `/run/aksdiag-lab-netns/<ns>` is written first, then
 * `ip netns add` (not inside /etc/netns/<ns>: `ip netns exec` binds every entry there over /etc). So a run that crashed at any point is found again by the marker (and the fixed
 * `akslab-*` names), and `cleanupLab` kills the processes inside those namespaces (only the lab starts
 * any), deletes them and their `/etc/netns` entries. Links are created straight inside their namespaces
 * (`ip link add ... netns A type veth peer ... netns B`), so no interface ever appears in the host's own
 * namespace and nothing routes between the lab and the host.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './sh.js';
import { FIXED_NAMESPACES } from './topology.js';

export const ETC_NETNS = '/etc/netns';
/** One empty file per namespace the lab owns; outlives the lab's own directory until cleanup ends. */
const MARKERS = '/run/aksdiag-lab-netns';
/** Written when the lab created /etc/netns itself, so cleanup knows it may remove it. */
export const CREATED_ETC_NETNS = join(ETC_NETNS, '.created-by-aksdiag-lab');

export function etcDir(ns: string): string {
  return join(ETC_NETNS, ns);
}

/** Creates a namespace (marked as the lab's first) with loopback up and IPv4 forwarding as asked. */
export async function addNamespace(ns: string, opts: { forward?: boolean } = {}): Promise<void> {
  if (!existsSync(ETC_NETNS)) {
    mkdirSync(ETC_NETNS, { recursive: true });
    writeFileSync(CREATED_ETC_NETNS, '');
  }
  mkdirSync(MARKERS, { recursive: true });
  writeFileSync(join(MARKERS, ns), 'aksdiag fault lab\n');
  mkdirSync(etcDir(ns), { recursive: true });
  await run(['ip', 'netns', 'add', ns]);
  await run(['ip', '-n', ns, 'link', 'set', 'lo', 'up']);
  await run(['ip', 'netns', 'exec', ns, 'sysctl', '-qw', `net.ipv4.ip_forward=${opts.forward ? 1 : 0}`]);
}

/** A veth pair with one end in each namespace, both up. */
export async function link(nsA: string, ifA: string, nsB: string, ifB: string): Promise<void> {
  await run(['ip', 'link', 'add', ifA, 'netns', nsA, 'type', 'veth', 'peer', 'name', ifB, 'netns', nsB]);
  await run(['ip', '-n', nsA, 'link', 'set', ifA, 'up']);
  await run(['ip', '-n', nsB, 'link', 'set', ifB, 'up']);
}

async function listNamespaces(): Promise<string[]> {
  const r = await run(['ip', 'netns', 'list'], { allowFailure: true });
  return r.stdout
    .split('\n')
    .map((l) => l.trim().split(/\s+/)[0] ?? '')
    .filter(Boolean);
}

const isMarked = (ns: string) => existsSync(join(MARKERS, ns));

/** The lab's namespaces that exist now (marked, or one of the fixed names). */
export async function labNamespaces(): Promise<string[]> {
  return (await listNamespaces()).filter((ns) => isMarked(ns) || FIXED_NAMESPACES.includes(ns));
}

async function pidsIn(ns: string): Promise<number[]> {
  const r = await run(['ip', 'netns', 'pids', ns], { allowFailure: true });
  return r.stdout
    .split('\n')
    .map((l) => Number(l.trim()))
    .filter((n) => Number.isInteger(n) && n > 1);
}

function kill(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

/**
 * Removes every trace of the lab: processes inside its namespaces, the namespaces, their /etc/netns
 * entries (also orphaned ones), and /etc/netns itself when the lab created it and it is empty.
 */
export async function cleanupNamespaces(): Promise<void> {
  const namespaces = await labNamespaces();
  const pids = (await Promise.all(namespaces.map(pidsIn))).flat();
  for (const pid of pids) kill(pid, 'SIGTERM');
  if (pids.length > 0) {
    await new Promise((r) => setTimeout(r, 300));
    for (const ns of namespaces) for (const pid of await pidsIn(ns)) kill(pid, 'SIGKILL');
  }
  for (const ns of namespaces) await run(['ip', 'netns', 'del', ns], { allowFailure: true });
  if (existsSync(ETC_NETNS)) {
    for (const entry of readdirSync(ETC_NETNS)) {
      if (isMarked(entry) || FIXED_NAMESPACES.includes(entry))
        rmSync(etcDir(entry), { recursive: true, force: true });
    }
    if (existsSync(CREATED_ETC_NETNS) && readdirSync(ETC_NETNS).length === 1) {
      rmSync(CREATED_ETC_NETNS);
      rmdirSync(ETC_NETNS);
    }
  }
  rmSync(MARKERS, { recursive: true, force: true });
}
