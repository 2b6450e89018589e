/**
 * node-nslookup-external: does an upstream DNS server the node forwards to (from node-resolv-conf) resolve a
 * public name? Asked of that server directly, past the node's stub resolver and its cache.
 */
import { interpret, type Judged } from '../../interpreters/index.js';
import { hostName, ipLiteral, nodeParams } from '../params.js';
import type { NodeCheck } from './node-check.js';

const template: readonly string[] = ['nslookup {{name}} {{server}} 2>&1'];

export const nodeNslookupExternal: NodeCheck<{ name: string; server: string }, Judged<'nslookup'>> = {
  id: 'node-nslookup-external',
  params: nodeParams({ name: hostName, server: ipLiteral }),
  template,
  interpret: (output) => interpret('nslookup', output),
};
