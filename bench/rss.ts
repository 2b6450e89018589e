/**
 * Resident memory of another process, read from outside (Linux `/proc/<pid>/status`), so that what
 * is measured is the process as it runs and nothing the measuring adds. `VmRSS` is the resident set
 * now; the peak over a stretch of work is the largest of samples taken every `everyMs`, and of
 * `VmHWM` when the kernel let us reset it at the start (`clear_refs` 5), which catches a peak
 * between two samples too.
 */
import { readFileSync, writeFileSync } from 'node:fs';

const MB = 2 ** 20;

function statusField(pid: number, field: 'VmRSS' | 'VmHWM'): number | null {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null; // not Linux, or the process is gone
  }
}

/** The resident set of `pid` now, in bytes; null where /proc cannot tell. */
export const rssNow = (pid: number): number | null => statusField(pid, 'VmRSS');

/** `12 MB`, or `n/a`. */
export const mb = (bytes: number | null): string =>
  bytes === null ? 'n/a' : `${(bytes / MB).toFixed(0)} MB`;

/** Samples a process's resident set from now until `stop()`, which returns the peak. */
export function watchPeak(pid: number, everyMs = 20): { stop(): number | null } {
  let hwmReset = false;
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    hwmReset = true;
  } catch {
    // not allowed or not Linux: the samples alone
  }
  let peak = rssNow(pid);
  const timer = setInterval(() => {
    const now = rssNow(pid);
    if (now !== null) peak = Math.max(peak ?? 0, now);
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      const hwm = hwmReset ? statusField(pid, 'VmHWM') : null;
      const last = rssNow(pid);
      const all = [peak, hwm, last].filter((x): x is number => x !== null);
      return all.length > 0 ? Math.max(...all) : null;
    },
  };
}

/** CPU time (user + system) `pid` has used so far, in ms; null where /proc cannot tell. */
export function cpuMs(pid: number): number | null {
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** The kernel's clock ticks per second (USER_HZ): 100 on every Linux aksdiag runs on. */
const TICKS_PER_SECOND = 100;
