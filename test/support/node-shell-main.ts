/**
 * Runs one command and one run-command script on a lab node and prints what they printed, as JSON.
 * Started by test/integration/lab-node-shell.test.ts inside a mount namespace whose /root/.bashrc and
 * /etc/bash.bashrc are hostile, so the test sees exactly what a node command gets on such a host.
 */
import { onNode, runScriptOnNode } from '../../src/lab/node-shell.js';

const node = process.argv[2]!;
try {
  const command = await onNode(node, ['sh', '-c', 'printf "%s\\n" "$PATH"'], { timeoutMs: 20_000 });
  const script = await runScriptOnNode(node, 'printf "%s\\n" "$PATH"\necho script-ran', 20_000);
  process.stdout.write(JSON.stringify({ command, script }));
} catch (err) {
  process.stdout.write(JSON.stringify({ error: (err as Error).message }));
}
