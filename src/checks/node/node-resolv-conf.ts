/** node-resolv-conf: which DNS servers the node forwards to (and so CoreDNS, which forwards to the node's). */
import { interpret, type Judged } from '../../interpreters/index.js';
import { nodeParams } from '../params.js';
import type { NodeCheck } from './node-check.js';

const template: readonly string[] = [
  // With systemd-resolved, /etc/resolv.conf names only its stub 127.0.0.53; the servers it really forwards to
  // are in /run/systemd/resolve/resolv.conf (also what kubelet hands CoreDNS on Ubuntu nodes).
  'f=/etc/resolv.conf',
  'if [ -f /run/systemd/resolve/resolv.conf ]; then f=/run/systemd/resolve/resolv.conf; fi',
  // A comment line: the interpreter skips it, a reader sees which file it was.
  'echo "# aksdiag-file: $f"',
  // Comments and blank lines dropped: the file's long header would only take run-command's 4,096 bytes.
  "sed -e '/^[[:space:]]*[#;]/d' -e '/^[[:space:]]*$/d' \"$f\"",
];

export const nodeResolvConf: NodeCheck<Record<string, never>, Judged<'resolv-conf'>> = {
  id: 'node-resolv-conf',
  params: nodeParams({}),
  template,
  interpret: (output) => interpret('resolv-conf', output),
};
