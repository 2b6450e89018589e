/**
 * The lab's DNS servers, both dnsmasq answering only from their own configuration (no upstream, no host
 * files): nothing is ever asked of a resolver outside the lab.
 *
 * - Azure DNS (168.63.129.16, akslab-azuredns): what every VNet gets by default. Its records are the public
 *   names the checks ask for and the private DNS zones linked to the VNet (a private cluster's privatelink
 *   FQDN); `syncDns` rewrites them from the ARM state. Any other name is NXDOMAIN.
 * - A customer DNS server (10.224.0.200, akslab-customdns): knows its own zone only and forwards nothing,
 *   the classic misconfiguration: Azure and public names are NXDOMAIN.
 */
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LAB_DIR } from './node-shell.js';
import { startProcess } from './sh.js';

export interface DnsServer {
  ns: string;
  address: string;
  /** The `addn-hosts` file dnsmasq re-reads on SIGHUP. */
  hostsFile: string;
  pidFile: string;
}

export function dnsServer(ns: string, address: string): DnsServer {
  return {
    ns,
    address,
    hostsFile: join(LAB_DIR, `${ns}.hosts`),
    pidFile: join(LAB_DIR, `${ns}.dnsmasq.pid`),
  };
}

/** `address name` lines, as a hosts file. */
export function hostsText(records: Record<string, string>): string {
  return Object.entries(records)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, ip]) => `${ip} ${name}\n`)
    .join('');
}

export interface DnsOptions {
  /** Addresses to answer on (default the server's own). */
  listen?: readonly string[];
  /**
   * Domains answered from the records only. Default every domain (`#`): nothing is forwarded. With a list,
   * other names are forwarded to the servers in the namespace's /etc/resolv.conf (CoreDNS's `forward .`).
   */
  localDomains?: readonly string[];
}

/** Starts dnsmasq in the server's namespace (UDP and TCP 53). Returns the pid. */
export function startDns(server: DnsServer, records: Record<string, string>, opts: DnsOptions = {}): number {
  writeFileSync(server.hostsFile, hostsText(records));
  const log = openSync(join(LAB_DIR, `${server.ns}.dnsmasq.log`), 'a');
  const local = opts.localDomains ?? ['#'];
  try {
    return startProcess(
      [
        'ip',
        'netns',
        'exec',
        server.ns,
        'dnsmasq',
        '--conf-file=/dev/null',
        '--keep-in-foreground',
        '--no-hosts',
        '--bind-interfaces',
        ...(opts.listen ?? [server.address]).map((a) => `--listen-address=${a}`),
        `--addn-hosts=${server.hostsFile}`,
        // Names in these domains that are not in the records are NXDOMAIN at once; `#` is every domain,
        // and then no upstream is read or asked at all.
        ...local.map((d) => `--local=/${d}/`),
        ...(local.includes('#') ? ['--no-resolv'] : []),
        `--pid-file=${server.pidFile}`,
        '--user=root',
        '--log-facility=-',
      ],
      log,
    );
  } finally {
    closeSync(log);
  }
}

/** Rewrites the records and has dnsmasq re-read them (SIGHUP) when they changed. */
export async function setRecords(server: DnsServer, records: Record<string, string>): Promise<void> {
  const text = hostsText(records);
  let old = '';
  try {
    old = readFileSync(server.hostsFile, 'utf8');
  } catch {
    // first write
  }
  if (old === text) return;
  writeFileSync(server.hostsFile, text);
  const pid = Number(readFileSync(server.pidFile, 'utf8').trim());
  process.kill(pid, 'SIGHUP');
  // dnsmasq handles the signal in its event loop, within milliseconds.
  await new Promise((r) => setTimeout(r, 100));
}
