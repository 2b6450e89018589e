/** What the lab needs from the machine: root, and the tools it drives for real. Says what is missing. */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { AksdiagError } from '../errors.js';

/** Tool -> the Debian/Ubuntu package that has it. */
const TOOLS: Record<string, string> = {
  ip: 'iproute2',
  iptables: 'iptables',
  'iptables-restore': 'iptables',
  'iptables-save': 'iptables',
  ufw: 'ufw',
  nc: 'netcat-openbsd',
  nslookup: 'dnsutils',
  dnsmasq: 'dnsmasq-base',
  curl: 'curl',
  openssl: 'openssl',
  unshare: 'util-linux',
  mount: 'mount',
  bash: 'bash',
  sysctl: 'procps',
  hostname: 'hostname',
};

const SEARCH = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

function onPath(tool: string, path: string): boolean {
  return [...path.split(delimiter), ...SEARCH].some((dir) => {
    try {
      accessSync(join(dir, tool), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Throws an AksdiagError naming what is missing (not root, tools and their packages). */
export function preflight(path = ''): void {
  if (process.getuid?.() !== 0) {
    throw new AksdiagError(
      'config-invalid',
      'The fault lab needs root: it creates network namespaces and firewall rules inside them.',
      'Run it as root (sudo), on a machine or VM you can spare.',
    );
  }
  const missing = Object.keys(TOOLS).filter((t) => !onPath(t, path));
  if (missing.length > 0) {
    const packages = [...new Set(missing.map((t) => TOOLS[t]))].join(' ');
    throw new AksdiagError(
      'config-invalid',
      `The fault lab is missing: ${missing.join(', ')}.`,
      `Install them: apt-get install -y ${packages}`,
    );
  }
}
