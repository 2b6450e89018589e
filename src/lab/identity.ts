/**
 * A managed identity endpoint for the lab, on loopback: the App Service shape (`IDENTITY_ENDPOINT` +
 * `IDENTITY_HEADER`), which `DefaultAzureCredential` uses without any switch in aksdiag. So
 * `eval "$(aksdiag lab up)"; aksdiag check aks-lab ...` authenticates the ordinary way, and the token it gets
 * is one the lab's emulators accept. Requests without the secret header are refused, as Azure's are.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const LAB_TOKEN = 'aksdiag-lab-token';

export interface IdentityEndpoint {
  /** Environment for DefaultAzureCredential's managed identity (App Service) source. */
  env: { IDENTITY_ENDPOINT: string; IDENTITY_HEADER: string };
  stop(): Promise<void>;
}

export async function startIdentityEndpoint(): Promise<IdentityEndpoint> {
  const secret = randomBytes(16).toString('hex');
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.headers['x-identity-header'] !== secret || url.pathname !== '/msi/token') {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ error: 'invalid_request', error_description: 'missing or wrong X-IDENTITY-HEADER' }),
      );
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        access_token: LAB_TOKEN,
        expires_on: String(Math.floor(Date.now() / 1000) + 3600),
        resource: url.searchParams.get('resource') ?? '',
        token_type: 'Bearer',
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    env: { IDENTITY_ENDPOINT: `http://127.0.0.1:${port}/msi/token`, IDENTITY_HEADER: secret },
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
