/**
 * Node scripts answered with captured real output of the tool each runs (test/fixtures), for tests that
 * use the ARM emulator without the fault lab: every port open, no iptables rules, ufw inactive except on
 * instance `ufwBlocksOn`, where it blocks 10250 (default deny, only SSH allowed).
 */
import type { RunCommandExecutor } from '../emulators/arm/index.js';
import { loadFixture } from './fixtures.js';

export function tunnelNodes(options: { ufwBlocksOn?: string; seen?: string[] } = {}): RunCommandExecutor {
  return async (ctx) => {
    const script = ctx.script.join('\n');
    options.seen?.push(script);
    if (script.includes('ufw status')) {
      const fixture = ctx.instanceId === options.ufwBlocksOn ? 'ssh-only-verbose' : 'inactive';
      return { stdout: loadFixture('ufw-status', fixture).text, stderr: '' };
    }
    if (script.includes('iptables'))
      return { stdout: loadFixture('iptables-list', 'empty-policy-accept').text, stderr: '' };
    if (script.includes('nc -v')) return { stdout: loadFixture('nc', 'open-10250').text, stderr: '' };
    return { stdout: '', stderr: '' };
  };
}
