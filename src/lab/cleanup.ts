/**
 * Leaving nothing behind, whether the lab stopped cleanly or crashed: the daemon (when it still runs),
 * the namespaces with every process inside them, their /etc/netns entries, and the lab's directory.
 * Imports nothing from the emulators, so an installed `aksdiag` can still clean up.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { cleanupNamespaces } from './netns.js';
import { LAB_DIR } from './node-shell.js';

/** Where the daemon says who it is: `{ pid, socket, env }`. */
export const DAEMON_FILE = join(LAB_DIR, 'daemon.json');
export const CONTROL_SOCKET = join(LAB_DIR, 'control.sock');
/** Part of the daemon's command line, to make sure a pid is still the lab's before signalling it. */
export const DAEMON_MARK = 'lab/daemon.js';

export interface DaemonInfo {
  pid: number;
  socket: string;
  env: Record<string, string>;
}

export function readDaemonInfo(): DaemonInfo | null {
  try {
    return JSON.parse(readFileSync(DAEMON_FILE, 'utf8')) as DaemonInfo;
  } catch {
    return null;
  }
}

/** Whether `pid` is a running lab daemon (not a recycled pid of something else). */
export function isDaemon(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(DAEMON_MARK);
  } catch {
    return false;
  }
}

export async function cleanupLab(): Promise<void> {
  const info = readDaemonInfo();
  if (info && info.pid !== process.pid && isDaemon(info.pid)) {
    try {
      process.kill(info.pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
  await cleanupNamespaces();
  if (existsSync(LAB_DIR)) rmSync(LAB_DIR, { recursive: true, force: true });
}
