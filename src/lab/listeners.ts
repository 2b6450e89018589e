/**
 * TCP listeners inside the lab's namespaces: the kubelet stand-in on 10250, the pods' container ports, the
 * API server's and the internet hosts' 443/9000/1194/80. One small Node process per namespace (its code is
 * the constant below, run with `node -e`, so it needs no file on disk): it accepts, answers an HTTP request
 * with 200, and closes a connection that stays silent for 2 s (a TLS server waits longer for a ClientHello;
 * closing early keeps `curl telnet://`, which waits for its -m limit on an open connection, quick). A connection to a port nobody listens on is refused by the kernel, as on a real machine.
 */
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { LAB_DIR } from './node-shell.js';
import { startProcess } from './sh.js';

export interface Listen {
  host: string;
  port: number;
}

/** Runs as `node -e LISTENER_CODE <title> <json [{host, port}]>`; plain JavaScript, no imports from the repo. */
export const LISTENER_CODE = `
const net = require('node:net');
const [title, json] = process.argv.slice(1);
process.title = title;
for (const { host, port } of JSON.parse(json)) {
  const server = net.createServer((socket) => {
    socket.setTimeout(2000, () => socket.destroy());
    socket.on('error', () => {});
    socket.once('data', (d) => {
      if (/^(GET|HEAD|POST|PUT) /.test(d.toString('latin1'))) {
        socket.end('HTTP/1.1 200 OK\\r\\nContent-Type: text/plain\\r\\nContent-Length: 3\\r\\nConnection: close\\r\\n\\r\\nok\\n');
      }
    });
  });
  server.on('error', (e) => { console.error(title + ': ' + host + ':' + port + ': ' + e.message); process.exit(1); });
  server.listen({ host, port, backlog: 128 });
}
process.on('SIGTERM', () => process.exit(0));
`;

/**
 * Starts one listener process in `ns` for all of `listen` (process title `title`: a node's kubelet
 * stand-in shows up as `kubelet` in ps and pgrep). Returns its pid (the `ip netns exec` process execs node).
 */
export function startListeners(ns: string, title: string, listen: readonly Listen[]): number {
  const fd = openSync(join(LAB_DIR, `${ns}.${title}.log`), 'a');
  try {
    return startProcess(
      ['ip', 'netns', 'exec', ns, process.execPath, '-e', LISTENER_CODE, title, JSON.stringify(listen)],
      fd,
    );
  } finally {
    closeSync(fd);
  }
}
