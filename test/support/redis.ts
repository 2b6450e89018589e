/**
 * A real `redis-server` for tests: its own loopback port and temp dir, optionally with the
 * append-only file on (`appendfsync always`, so a restart loses nothing that was acknowledged).
 * No mocks: queue behaviour is only worth testing against the real thing. When redis-server is
 * missing the test fails and says how to install it (`.ci/run` does that on a fresh machine).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestRedis {
  readonly port: number;
  /** `redis://127.0.0.1:<port>`. */
  readonly url: string;
  /** The working dir (AOF and any dump live here). */
  readonly dir: string;
  /** Shuts the server down (SIGTERM: it flushes the AOF first); the port and dir are kept. */
  stop(): Promise<void>;
  /** Kills the server without letting it flush anything (a crash). */
  crash(): Promise<void>;
  /** Starts it again on the same port and dir, reloading the AOF when on. */
  start(): Promise<void>;
  /** Stops the server and removes its dir. */
  cleanup(): Promise<void>;
}

export interface TestRedisOptions {
  /** Append-only file on, fsync on every write. Default false (nothing persisted). */
  aof?: boolean;
}

function redisServerPath(): string {
  const which = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  const path = which.stdout.trim();
  if (which.status !== 0 || path === '') {
    throw new Error(
      'redis-server is not installed, and the queue tests need a real one: apt-get install -y redis-server (bash .ci/run does this).',
    );
  }
  return path;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/** True once the server answers PING on the port. */
function pings(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = new Socket();
    let buf = '';
    const done = (ok: boolean): void => {
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(500, () => done(false));
    sock.once('error', () => done(false));
    sock.on('data', (d) => {
      buf += d.toString();
      if (buf.includes('\r\n')) done(buf.startsWith('+PONG'));
    });
    sock.connect(port, '127.0.0.1', () => sock.write('PING\r\n'));
  });
}

export async function startTestRedis(options: TestRedisOptions = {}): Promise<TestRedis> {
  const bin = redisServerPath();
  const dir = await mkdtemp(join(tmpdir(), 'aksdiag-redis-'));
  let port = await freePort();
  let child: ChildProcess | null = null;
  let log = '';

  const args = (): string[] => [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--save',
    '',
    '--appendonly',
    options.aof ? 'yes' : 'no',
    '--appendfsync',
    'always',
    '--daemonize',
    'no',
    '--loglevel',
    'warning',
  ];

  const launch = async (): Promise<void> => {
    log = '';
    const proc = spawn(bin, args(), { stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    proc.stdout?.on('data', (d: Buffer) => (log += d.toString()));
    proc.stderr?.on('data', (d: Buffer) => (log += d.toString()));
    const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
    for (let i = 0; i < 200; i++) {
      const state = await Promise.race([exited.then(() => 'exited' as const), pings(port)]);
      if (state === 'exited') throw new Error(`redis-server exited at start-up on port ${port}: ${log}`);
      if (state) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    proc.kill('SIGKILL');
    throw new Error(`redis-server did not answer PING on port ${port}: ${log}`);
  };

  const halt = async (signal: NodeJS.Signals): Promise<void> => {
    const proc = child;
    child = null;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.kill(signal);
    await exited;
  };

  // A port found free can be taken before redis binds it: try a few.
  for (let attempt = 0; ; attempt++) {
    try {
      await launch();
      break;
    } catch (err) {
      if (attempt >= 3) {
        await rm(dir, { recursive: true, force: true });
        throw err;
      }
      port = await freePort();
    }
  }

  return {
    get port() {
      return port;
    },
    get url() {
      return `redis://127.0.0.1:${port}`;
    },
    dir,
    stop: () => halt('SIGTERM'),
    crash: () => halt('SIGKILL'),
    start: async () => {
      if (child) return;
      await launch();
    },
    cleanup: async () => {
      await halt('SIGTERM');
      await rm(dir, { recursive: true, force: true });
    },
  };
}
