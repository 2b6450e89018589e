/**
 * Reads the text of /etc/resolv.conf or /run/systemd/resolve/resolv.conf (resolv.conf(5)): which DNS servers the
 * node's resolver uses and which search domains it appends.
 *
 * On an AKS node (Ubuntu) /etc/resolv.conf usually points at the systemd-resolved stub 127.0.0.53, and the servers
 * that stub forwards to are listed in /run/systemd/resolve/resolv.conf: with the VNet's default DNS that is only
 * 168.63.129.16 and a `search <id>.<region>.internal.cloudapp.net` line; with custom DNS servers set on the VNet,
 * those servers instead.
 */
import type { InterpretOptions, ResolvConfVerdict } from '../domain/verdicts.js';

/**
 * Azure-provided DNS. 168.63.129.16 is the Azure platform's virtual public IP address, the same in every region and
 * reachable from every VM; it serves the VNet's default name resolution ("Azure-provided DNS"). Microsoft Learn,
 * "What is IP address 168.63.129.16?" (https://learn.microsoft.com/azure/virtual-network/what-is-ip-address-168-63-129-16)
 * and "Name resolution for resources in Azure virtual networks".
 */
export const AZURE_DNS = '168.63.129.16';
/** The systemd-resolved stub listener (systemd-resolved.service(8)). */
export const RESOLVED_STUB = '127.0.0.53';
/** glibc reads at most this many nameserver lines (MAXNS in resolv.h). */
const MAXNS = 3;

const NAMESERVER = /^nameserver\s+(\S+)(?:\s.*)?$/;
const SEARCH = /^search\s+(\S.*)$/;
const DOMAIN = /^domain\s+(\S+)(?:\s.*)?$/;
const OPTIONS = /^(?:options|sortlist)\s/;
const IPV4 = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;
const IPV6 = /^[0-9A-Fa-f:.]{2,45}(?:%[\w.-]{1,32})?$/;
const DOMAIN_NAME = /^[A-Za-z0-9_.-]{1,253}$/;

function isAddress(s: string): boolean {
  return IPV4.test(s) || (s.includes(':') && IPV6.test(s));
}

export function interpretResolvConf(output: string, _options: InterpretOptions = {}): ResolvConfVerdict {
  const notes: string[] = [];
  const nameservers: string[] = [];
  const nameserverLines = new Map<string, string>();
  let searchDomains: string[] = [];
  let searchLine: string | null = null;
  let directives = 0;

  for (const raw of output.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    let m = NAMESERVER.exec(line);
    if (m && m[1] && isAddress(m[1])) {
      directives++;
      if (!nameservers.includes(m[1])) {
        nameservers.push(m[1]);
        nameserverLines.set(m[1], line);
      }
      continue;
    }
    m = SEARCH.exec(line);
    if (m && m[1]) {
      const domains = m[1].split(/\s+/).filter((d) => d !== '');
      if (domains.every((d) => DOMAIN_NAME.test(d))) {
        directives++;
        // `search` and `domain` exclude each other: the last one wins (resolv.conf(5)).
        searchDomains = domains.filter((d) => d !== '.');
        searchLine = line;
      }
      continue;
    }
    m = DOMAIN.exec(line);
    if (m && m[1] && DOMAIN_NAME.test(m[1])) {
      directives++;
      searchDomains = [m[1]];
      searchLine = line;
      continue;
    }
    if (OPTIONS.test(line)) directives++;
  }

  const base = { kind: 'resolv-conf' as const, nameservers, searchDomains };

  if (nameservers.length === 0) {
    if (directives === 0) {
      notes.push('No resolv.conf lines (nameserver, search, domain, options) found.');
      return { ...base, verdict: 'unknown', evidence: null, notes };
    }
    notes.push(
      'No nameserver line: the resolver falls back to 127.0.0.1, where nothing answers on an AKS node, so names do not resolve.',
    );
    return { ...base, verdict: 'no-nameserver', evidence: searchLine, notes };
  }

  if (nameservers.length > MAXNS) {
    notes.push(
      `Only the first ${MAXNS} nameservers are used; ${nameservers.slice(MAXNS).join(', ')} are ignored.`,
    );
  }

  if (nameservers.every((ns) => ns === AZURE_DNS)) {
    notes.push('Azure-provided DNS (168.63.129.16), the VNet default.');
    return { ...base, verdict: 'azure-dns', evidence: nameserverLines.get(AZURE_DNS) ?? null, notes };
  }

  if (nameservers.every((ns) => ns === RESOLVED_STUB)) {
    notes.push(
      'This is the systemd-resolved stub (127.0.0.53): the real upstream servers are in /run/systemd/resolve/resolv.conf; read that file to know which DNS servers the node uses.',
    );
    return { ...base, verdict: 'stub-resolver', evidence: nameserverLines.get(RESOLVED_STUB) ?? null, notes };
  }

  const custom = nameservers.filter((ns) => ns !== AZURE_DNS && ns !== RESOLVED_STUB);
  const firstCustom = custom[0] as string;
  notes.push(
    `Custom DNS server${custom.length > 1 ? 's' : ''} ${custom.join(', ')}: ${custom.length > 1 ? 'they' : 'it'} must resolve Azure and cluster names (forward to 168.63.129.16) for AKS to work.`,
  );
  if (nameservers.includes(AZURE_DNS)) {
    notes.push(
      'Mixed with Azure DNS: the resolver asks the first server listed and moves on only when it does not answer; an NXDOMAIN from one server is final.',
    );
  }
  return { ...base, verdict: 'custom-dns', evidence: nameserverLines.get(firstCustom) ?? null, notes };
}
