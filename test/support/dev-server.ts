/**
 * A `vault server -dev` for client conformance and e2e tests, with the leak check kept: -dev prints
 * its unseal key and root token by design, so the output is recorded for the global leak check
 * without those two banner rows, and the root token (random per server) is recorded as a secret.
 * Everything else the server prints must then be free of every recorded secret.
 */
import { randomBytes } from 'node:crypto';
import { freePort, ServerProcess, tempDir } from './harness.js';
import { recordSecret, recordServerOutput } from './leak-check.js';

export interface DevServer {
  server: ServerProcess;
  rootToken: string;
  url: string;
  /** Stop the server and hand its output (less the banner's two secret rows) to the leak check. */
  stop(): Promise<void>;
}

const BANNER_SECRET_ROW = /^\s*(?:Unseal Key|Root Token): /;

export async function startDevServer(prefix = 'tsvault-dev-'): Promise<DevServer> {
  const dir = tempDir(prefix);
  const address = `127.0.0.1:${await freePort()}`;
  const rootToken = `devroot-${randomBytes(12).toString('hex')}`;
  recordSecret(rootToken);
  const server = new ServerProcess({ dir, configPath: '', address, printsSecrets: true });
  await server.start(['-dev', `-dev-root-token-id=${rootToken}`, `-dev-listen-address=${address}`]);
  await server.waitForOutput(/^Root Token: /m);
  let stopped = false;
  return {
    server,
    rootToken,
    url: `http://${address}`,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
      const kept = server.output
        .split('\n')
        .filter((line) => !BANNER_SECRET_ROW.test(line))
        .join('\n');
      recordServerOutput(`dev-${address.replace(/[^0-9]/g, '')}`, kept);
    },
  };
}
