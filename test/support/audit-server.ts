/** An in-process server (inmem storage, one Shamir key) with the fake audit device type and a counting echo engine. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import shamir from '../../plugins/shamir/index.js';
import { createRequestHandler } from '../../src/http/handler.js';
import { nullLogger } from '../../src/log/logger.js';
import { sealFor } from '../../src/seal/create-seals.js';
import { aead } from '../../src/seal/plugin-api.js';
import { assemble, type Assembled } from '../../src/server/assemble.js';
import { createInmemBackend } from '../../src/storage/inmem.js';
import type { Metrics } from '../../src/telemetry/metrics.js';
import { setupTelemetry } from '../../src/telemetry/setup.js';
import { fakeAuditType } from './fake-audit-device.js';

export interface AuditServer {
  base: string;
  root: string;
  key: Buffer;
  assembled: Assembled;
  /** The server's metrics (Prometheus on): the audit failure counters are read from it. */
  metrics: Metrics;
  fake: ReturnType<typeof fakeAuditType>;
  /** Paths the echo engine was called for. */
  echoCalls: string[];
  call(method: string, path: string, opts?: { body?: unknown; token?: string; headers?: Record<string, string> }): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

export async function startAuditServer(): Promise<AuditServer> {
  const fake = fakeAuditType();
  const echoCalls: string[] = [];
  const seal = sealFor(await shamir.create({}, { logger: nullLogger(), env: {}, aead }));
  const metrics = setupTelemetry({ prometheusRetentionTime: 60, disableHostname: true, enableHostnameLabel: false, usageGaugePeriod: 0, dogstatsdTags: [], pos: { file: 'test' } });
  const assembled = assemble({
    metrics,
    storage: createInmemBackend(),
    storageType: 'inmem',
    seal,
    logger: nullLogger(),
    version: '1.0.0',
    buildDate: 'b',
    auditDevices: { fake: fake.factory },
    engines: {
      echo: async () => ({
        type: 'echo',
        handle: async (req) => {
          echoCalls.push(req.path);
          fake.events.push(`backend ${req.path}`);
          return { data: { path: req.path, secret: req.data.secret ?? null } };
        },
      }),
    },
  });
  const server: Server = createServer(createRequestHandler(assembled.pipeline, nullLogger()));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/`;
  const init = await assembled.core.initialize({ secret_shares: 1, secret_threshold: 1 });
  const key = Buffer.from(init.keys_base64[0]!, 'base64');
  await assembled.core.unseal(key);
  const call: AuditServer['call'] = async (method, path, opts = {}) => {
    const res = await fetch(base + path, {
      method,
      headers: { 'content-type': 'application/json', ...(opts.token ? { 'x-vault-token': opts.token } : {}), ...opts.headers },
      ...(opts.body === undefined ? {} : { body: JSON.stringify(opts.body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  return {
    base,
    root: init.root_token,
    key,
    assembled,
    metrics,
    fake,
    echoCalls,
    call,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
