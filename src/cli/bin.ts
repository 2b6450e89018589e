#!/usr/bin/env node
/**
 * The `aksdiag` executable. Whatever node starts it (often the machine's Node 20) parses this file,
 * so it imports only Node built-ins and loads the program once it knows it runs on Node 24: the
 * Azure, Slack and HTTP libraries fail on import on older Node with a stack trace that says nothing
 * useful. On an older Node it hands over to the Node 24 that `npm ci` installed for the project
 * (the `node` package pinned in devDependencies), or says in one line what to do.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const NEEDED_MAJOR = 24;
const major = (version: string): number => Number(version.replace(/^v/, '').split('.')[0]);

/** The project's Node from the `node` package, when it is installed and new enough. */
function projectNode(): string | undefined {
  try {
    const manifest = createRequire(import.meta.url).resolve('node/package.json');
    const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
    const bin = join(dirname(manifest), 'bin', process.platform === 'win32' ? 'node.exe' : 'node');
    return major(version) >= NEEDED_MAJOR && existsSync(bin) ? bin : undefined;
  } catch {
    return undefined; // not installed (a global install, or npm ci --ignore-scripts)
  }
}

/** Runs this same command on `node`, passing signals on and ending the way it ends. */
function relaunch(node: string): void {
  const child = spawn(node, [...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit' });
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  const pass = (signal: NodeJS.Signals) => child.kill(signal);
  for (const s of signals) process.on(s, pass);
  child.on('error', (error) => {
    process.stderr.write(`aksdiag: could not start ${node}: ${error.message}\n`);
    process.exitCode = 1;
  });
  child.on('exit', (code, signal) => {
    for (const s of signals) process.off(s, pass);
    // Die of the same signal, so that whoever started us sees what happened to the program.
    if (signal) process.kill(process.pid, signal);
    else process.exitCode = code ?? 1;
  });
}

if (major(process.versions.node) >= NEEDED_MAJOR) {
  const { main } = await import('./main.js');
  process.exitCode = await main(process.argv.slice(2), {
    stdin: process.stdin,
    stdinIsTTY: Boolean(process.stdin.isTTY),
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    env: process.env,
  });
} else {
  const node = projectNode();
  if (node) relaunch(node);
  else {
    process.stderr.write(
      `aksdiag: needs Node.js ${NEEDED_MAJOR} or later, and this is Node.js ${process.versions.node}: ` +
        `install Node.js ${NEEDED_MAJOR} (https://nodejs.org), or run npm ci in the aksdiag repository, ` +
        `which installs it there.\n`,
    );
    process.exitCode = 1;
  }
}
