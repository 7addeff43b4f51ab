/**
 * A stand-in for Vault's GET /v1/sys/monitor on 127.0.0.1 ([V] website api-docs/system/monitor:
 * "streams logs back ... in whatever log format", 200 with plain-text lines): it records each
 * request, answers 200 and leaves the answer open so a test writes lines and ends it when it
 * likes; `refuse` makes it answer an error status with Vault's JSON error body instead.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface MonitorStub {
  address: string;
  requests: { method: string; url: string; headers: IncomingMessage['headers'] }[];
  /** Resolves with the open answer of the next request (or one already open). */
  opened(): Promise<ServerResponse>;
  /** Resolves when the client has closed the connection of the open answer. */
  clientGone(): Promise<void>;
  refuse: { status: number; errors: string[] } | undefined;
  close(): Promise<void>;
}

export async function startMonitorStub(): Promise<MonitorStub> {
  let open: ServerResponse | undefined;
  let waiters: ((res: ServerResponse) => void)[] = [];
  let gone: Promise<void> = new Promise(() => undefined);
  const stub: MonitorStub = {
    address: '',
    requests: [],
    refuse: undefined,
    opened: () => (open ? Promise.resolve(open) : new Promise((resolve) => waiters.push(resolve))),
    clientGone: () => gone,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server = createServer((req, res) => {
    stub.requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    if (stub.refuse) {
      res.writeHead(stub.refuse.status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ errors: stub.refuse.errors }));
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.flushHeaders();
    gone = new Promise((resolve) => res.on('close', () => resolve()));
    open = res;
    const ready = waiters;
    waiters = [];
    for (const w of ready) w(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  stub.address = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return stub;
}
