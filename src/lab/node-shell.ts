/**
 * Running something "on a node": inside the node's network namespace, with the node's own view of the
 * files the checks read, so nothing of the host's shows through and nothing the node does reaches the host.
 *
 * `ip netns exec` already gives the command a private mount namespace (a slave of the host's, so mounts
 * made in it never propagate back) and binds every entry of /etc/netns/<node>/ over /etc: the node's
 * resolv.conf, ufw configuration (/etc/ufw) and /etc/default (ufw reads /etc/default/ufw). On top of that
 * the wrapper below gives it
 * - its own hostname (a UTS namespace): the node name;
 * - its own /var/lib: a read-only overlay of the node's directory over the host's, which is where kubenet's
 *   IPAM store lives (/var/lib/cni/networks), without creating /var/lib/cni on the host;
 * - its own /usr/local/sbin (the node's stand-ins for tools a node has and this machine does not: crictl);
 * - its own /run (ufw's lock and the node's runtime files, the ready pod sandboxes crictl lists);
 * - its own /opt (the node image's scripts: the stand-in for /opt/azure/containers/aks-check-network.sh).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { run, type RunOptions, type RunResult } from './sh.js';

/** Where the lab keeps its state; everything under it is removed by `lab down`. */
export const LAB_DIR = '/run/aksdiag-lab';

/** The node's private directories (see the file comment). */
export function nodeDir(node: string): string {
  return join(LAB_DIR, 'nodes', node);
}

export const NODE_PATHS = {
  varLib: 'varlib',
  sbin: 'sbin',
  run: 'run',
  opt: 'opt',
} as const;

export function makeNodeDirs(node: string): void {
  for (const p of Object.values(NODE_PATHS)) mkdirSync(join(nodeDir(node), p), { recursive: true });
}

/**
 * The environment a run-command script gets on an AKS node (root, the standard PATH), and nothing
 * else: every bash the lab starts on a node runs as CLEAN_BASH, so the host's start-up files
 * cannot add to it.
 */
const NODE_ENV = {
  PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  HOME: '/root',
  LANG: 'C.UTF-8',
};

/**
 * bash reads /etc/bash.bashrc and ~/.bashrc even with `-c` when its stdin is a socket (which is what
 * Node's child pipes are) and SHLVL is unset: it takes itself for a shell started by rshd. A host's
 * .bashrc (pyenv's rehash waiting on a lock, a PATH of its own) must never reach a lab node.
 */
const CLEAN_BASH = ['bash', '--norc', '--noprofile'] as const;

/** $1 node directory, $2 node name, then the command. Fixed text: values arrive as arguments only. */
const WRAPPER = [
  'set -e',
  'dir=$1; name=$2; shift 2',
  'hostname "$name"',
  `mount -t overlay aksdiag-lab-varlib -o "lowerdir=$dir/${NODE_PATHS.varLib}:/var/lib" /var/lib`,
  `if [ -d /usr/local/sbin ]; then mount --bind "$dir/${NODE_PATHS.sbin}" /usr/local/sbin; fi`,
  `if [ -d /opt ]; then mount --bind "$dir/${NODE_PATHS.opt}" /opt; fi`,
  // Last: $dir itself lives under /run.
  `mount --bind "$dir/${NODE_PATHS.run}" /run`,
  'cd /',
  'exec "$@"',
].join('\n');

/** Runs `argv` on the node (see the file comment). */
export function onNode(node: string, argv: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  return run(
    [
      'ip',
      'netns',
      'exec',
      node,
      'unshare',
      '--uts',
      '--',
      ...CLEAN_BASH,
      '-c',
      WRAPPER,
      'aksdiag-node',
      nodeDir(node),
      node,
      ...argv,
    ],
    { env: NODE_ENV, ...opts },
  );
}

/** A run-command script, run the way the Linux RunShellScript extension runs it: as root, by bash. */
export function runScriptOnNode(node: string, script: string, timeoutMs: number): Promise<RunResult> {
  return onNode(node, [...CLEAN_BASH, '-s'], { input: script, timeoutMs, allowFailure: true });
}
