/**
 * The two LocalStack paths (TSVAULT_LOCALSTACK=host | container): how the path is chosen, that a
 * container can only be reached on loopback and runs with every offline switch, and that the shared
 * LocalStack of the run (global-setup) is on the path that was asked for. `.ci/run` runs this file
 * with the awskms suite through the container path; `npm test` runs it on the host path.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../support/harness.js';
import { startLocalStack } from '../../support/localstack.js';
import {
  containerPlan,
  inCi,
  LOCAL_IMAGE,
  offlineEnv,
  OWNER_LABEL,
  requestedImage,
  requestedMode,
  requestedNetwork,
} from '../../support/localstack-container.js';

const DOCKERFILE = join(ROOT, 'test/services/localstack-image/Dockerfile');

interface Inspect {
  State: { Running: boolean };
  Config: { Image: string; Env: string[]; Labels: Record<string, string> };
  HostConfig: { NetworkMode: string; PortBindings: Record<string, { HostIp: string; HostPort: string }[]> | null };
  NetworkSettings: { Ports: Record<string, { HostIp: string; HostPort: string }[] | null> };
}

function inspect(id: string): Inspect | undefined {
  try {
    return (JSON.parse(execFileSync('docker', ['inspect', id], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })) as Inspect[])[0];
  } catch {
    return undefined;
  }
}

/** The IPv4 and IPv6 addresses that have a TCP socket listening on `port` (from /proc/net/tcp*). */
function listeners(port: number): string[] {
  const out: string[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (state !== '0A' || !local) continue; // 0A: LISTEN
      const [addr, hexPort] = local.split(':');
      if (parseInt(hexPort!, 16) !== port) continue;
      if (addr!.length === 8) out.push(Buffer.from(addr!, 'hex').reverse().join('.'));
      else out.push(addr === '00000000000000000000000000000000' ? '::' : `ipv6:${addr}`);
    }
  }
  return out;
}

async function answers(endpoint: string): Promise<boolean> {
  try {
    await fetch(`${endpoint}/_localstack/health`, { signal: AbortSignal.timeout(2_000) });
    return true;
  } catch {
    return false;
  }
}

describe('TSVAULT_LOCALSTACK: choosing the path', () => {
  it('host is the default; container, the network and the image are chosen by name; others are refused', () => {
    expect(requestedMode({})).toBe('host');
    expect(requestedMode({ TSVAULT_LOCALSTACK: '' })).toBe('host');
    expect(requestedMode({ TSVAULT_LOCALSTACK: 'container' })).toBe('container');
    expect(() => requestedMode({ TSVAULT_LOCALSTACK: 'docker' })).toThrow(/TSVAULT_LOCALSTACK=docker: expected one of host, container/);
    expect(requestedNetwork({})).toBe('host');
    expect(requestedNetwork({ TSVAULT_LOCALSTACK_NETWORK: 'bridge' })).toBe('bridge');
    expect(() => requestedNetwork({ TSVAULT_LOCALSTACK_NETWORK: 'none' })).toThrow(/TSVAULT_LOCALSTACK_NETWORK=none/);
    expect(requestedImage({})).toBe(LOCAL_IMAGE);
    expect(requestedImage({ TSVAULT_LOCALSTACK_IMAGE: 'localstack/localstack:4.14.0' })).toBe('localstack/localstack:4.14.0');
  });

  it('CI is on unless unset, empty, "false" or "0" (there, a missing Docker engine fails the run)', () => {
    expect(inCi({ CI: 'true' })).toBe(true);
    expect(inCi({ CI: '1' })).toBe(true);
    for (const CI of [undefined, '', 'false', 'FALSE', '0']) expect(inCi({ CI })).toBe(false);
  });
});

describe('container plan: loopback only, offline', () => {
  it('on the host network LocalStack listens on 127.0.0.1:<port> and nothing is published', () => {
    const plan = containerPlan(LOCAL_IMAGE, 'host', 45_123);
    expect(plan.env.GATEWAY_LISTEN).toBe('127.0.0.1:45123');
    expect(plan.env.LOCALSTACK_HOST).toBe('127.0.0.1:45123');
    expect(plan.portBindings).toEqual({});
    expect(plan.hostPort).toBe(45_123);
  });

  it('on a bridge the gateway port is published on 127.0.0.1 only', () => {
    const plan = containerPlan(LOCAL_IMAGE, 'bridge', 0);
    expect(plan.portBindings).toEqual({ '4566/tcp': [{ HostIp: '127.0.0.1', HostPort: '0' }] });
    expect(plan.env.GATEWAY_LISTEN).toBe('0.0.0.0:4566');
    expect(plan.hostPort).toBeUndefined();
  });

  it('every offline switch is passed, every URL points at loopback, and the image bakes in the same', () => {
    for (const network of ['host', 'bridge'] as const) {
      const env = containerPlan(LOCAL_IMAGE, network, 40_000).env;
      expect(env).toMatchObject({
        OVERRIDE_IN_DOCKER: '0',
        SERVICES: 'kms',
        GATEWAY_SERVER: 'hypercorn',
        DNS_ADDRESS: '0',
        DISABLE_EVENTS: '1',
        SKIP_SSL_CERT_DOWNLOAD: '1',
      });
      for (const [k, v] of Object.entries(env)) {
        if (/^https?:/.test(v)) expect(new URL(v).hostname, k).toBe('127.0.0.1');
      }
    }
    // The Dockerfile's ENV instruction (continued lines) holds the same switches with the same values.
    const envBlock = /^ENV ((?:.*\\\n)*.*)$/m.exec(readFileSync(DOCKERFILE, 'utf8'))![1]!;
    const baked = Object.fromEntries(envBlock.split(/[\s\\]+/).filter(Boolean).map((kv) => kv.split(/=(.*)/s).slice(0, 2)));
    expect(baked).toMatchObject(offlineEnv());
  });
});

describe('the LocalStack of this run is on the path asked for', () => {
  const mode = requestedMode(process.env);
  const endpoint = process.env.LOCALSTACK_ENDPOINT ?? '';

  it(`the shared LocalStack (${mode}) is served on loopback, by a container exactly when asked`, async () => {
    expect(new URL(endpoint).hostname).toBe('127.0.0.1');
    const id = process.env.TSVAULT_LOCALSTACK_CONTAINER;
    if (mode === 'host') {
      expect(id).toBeUndefined();
      return;
    }
    expect(id, 'TSVAULT_LOCALSTACK=container, but the shared LocalStack is not a container').toMatch(/^[0-9a-f]{64}$/);
    const c = inspect(id!)!;
    expect(c.State.Running).toBe(true);
    expect(c.Config.Image).toBe(requestedImage(process.env));
    expect(c.Config.Labels[OWNER_LABEL]).toMatch(/^\d+$/);
    const port = new URL(endpoint).port;
    if (requestedNetwork(process.env) === 'host') {
      expect(c.HostConfig.NetworkMode).toBe('host');
      expect(c.HostConfig.PortBindings ?? {}).toEqual({});
      expect(c.Config.Env).toContain(`GATEWAY_LISTEN=127.0.0.1:${port}`);
      // The container shares the host's sockets: its listener is on 127.0.0.1 and on no other address.
      expect(listeners(Number(port))).toEqual(['127.0.0.1']);
    } else {
      const bound = Object.values(c.NetworkSettings.Ports).flatMap((b) => b ?? []);
      expect(bound).toEqual([{ HostIp: '127.0.0.1', HostPort: port }]);
    }
  });

  it(`a dedicated LocalStack (${mode}) serves KMS and is gone after stop()`, async () => {
    const ls = await startLocalStack({ dedicated: true });
    let stopped = false;
    try {
      expect(ls.endpoint).not.toBe(endpoint);
      const key = await ls.createKey();
      const before = await ls.keyMaterialId(key);
      await ls.rotateKey(key);
      expect(await ls.keyMaterialId(key)).not.toBe(before);
      expect(ls.container === undefined).toBe(mode === 'host');
      await ls.stop();
      stopped = true;
      expect(await answers(ls.endpoint)).toBe(false);
      if (ls.container) expect(inspect(ls.container), 'the container is removed').toBeUndefined();
    } finally {
      if (!stopped) await ls.stop();
    }
  });
});
