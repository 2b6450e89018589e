/**
 * node-curl-endpoint: from the node, how far does a request to the failing endpoint get: DNS, TCP connect, TLS,
 * an HTTP status? `telnet` only opens the TCP connection (for a port that speaks no HTTP).
 */
import { z } from 'zod';
import { interpret, type Judged } from '../../interpreters/index.js';
import { hostOrIp, nodeParams, tcpPort } from '../params.js';
import type { NodeCheck } from './node-check.js';

const params = nodeParams({
  scheme: z.enum(['http', 'https', 'telnet']),
  host: hostOrIp,
  port: tcpPort,
});

const template: readonly string[] = [
  'scheme={{scheme}}',
  'host={{host}}',
  'port={{port}}',
  // An IPv6 address goes in brackets in a URL.
  'case $host in *:*) host="[$host]" ;; esac',
  // -v: connect, TLS and status lines (on stderr, hence 2>&1); -sS: no progress meter, errors still shown;
  // -o /dev/null: no body (it would push the verbose lines out of run-command's 4,096 bytes); -g: no URL
  // globbing, so IPv6 brackets are literal; --proto: only the schemes asked for; 5 s to connect, 10 s in all.
  // telnet:// exits 28 AFTER "Connected to" when the port is open: the interpreter reads that as connected.
  'url="$scheme://$host:$port/"',
  // telnet takes no path.
  'if [ "$scheme" = telnet ]; then url="$scheme://$host:$port"; fi',
  // </dev/null: in telnet mode curl would send its stdin down the connection.
  'curl -v -sS -g -o /dev/null --proto =http,https,telnet --connect-timeout 5 -m 10 "$url" </dev/null 2>&1',
];

export const nodeCurlEndpoint: NodeCheck<z.output<typeof params>, Judged<'curl'>> = {
  id: 'node-curl-endpoint',
  params,
  template,
  interpret: (output, p) => interpret('curl', output, { port: p.port }),
};
