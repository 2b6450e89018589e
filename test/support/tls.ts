/**
 * A throw-away certificate authority and a loopback server certificate, made with the `openssl`
 * CLI in a fresh temp dir. Emulators serve HTTPS with `key`/`cert`; clients trust `caPem`.
 *
 * Why HTTPS at all: the Azure SDK's bearer-token policy refuses to send a token to an http:// URL,
 * so an emulator that the real SDK clients talk to must speak TLS.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TestTls {
  /** The temp dir holding every generated file; `cleanup()` removes it. */
  dir: string;
  /** PEM of the test CA: what a client adds to its trusted CAs. */
  caPem: string;
  /** PEM of the server certificate (SAN: IP 127.0.0.1, ::1, DNS localhost), signed by the CA. */
  certPem: string;
  /** PEM of the server's private key. */
  keyPem: string;
  cleanup(): Promise<void>;
}

async function openssl(cwd: string, args: string[]): Promise<void> {
  try {
    await run('openssl', args, { cwd });
  } catch (err) {
    const e = err as Error & { stderr?: string };
    throw new Error(`openssl ${args[0]} failed: ${e.stderr ?? e.message}`, { cause: err });
  }
}

/** Generates a CA and a server certificate for 127.0.0.1/localhost, valid for two days. */
export async function createTestTls(commonName = 'aksdiag test CA'): Promise<TestTls> {
  const dir = await mkdtemp(join(tmpdir(), 'aksdiag-tls-'));
  try {
    const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
    await openssl(dir, [
      'req',
      '-x509',
      ...ec,
      '-keyout',
      'ca.key',
      '-out',
      'ca.pem',
      '-days',
      '2',
      '-subj',
      `/CN=${commonName}`,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ]);
    await openssl(dir, [
      'req',
      ...ec,
      '-keyout',
      'server.key',
      '-out',
      'server.csr',
      '-subj',
      '/CN=127.0.0.1',
    ]);
    await writeFile(
      join(dir, 'server.ext'),
      [
        'basicConstraints=CA:FALSE',
        'keyUsage=critical,digitalSignature,keyEncipherment',
        'extendedKeyUsage=serverAuth',
        'subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost',
        'authorityKeyIdentifier=keyid,issuer',
        '',
      ].join('\n'),
    );
    await openssl(dir, [
      'x509',
      '-req',
      '-in',
      'server.csr',
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      'server.pem',
      '-days',
      '2',
      '-extfile',
      'server.ext',
    ]);
    const [caPem, certPem, keyPem] = await Promise.all(
      ['ca.pem', 'server.pem', 'server.key'].map((f) => readFile(join(dir, f), 'utf8')),
    );
    return {
      dir,
      caPem: caPem!,
      certPem: certPem!,
      keyPem: keyPem!,
      cleanup: () => rm(dir, { recursive: true, force: true }),
    };
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}
