/**
 * A real AWS KMS for tests: LocalStack 4.14.0 on loopback only, with every phone-home switched off.
 * `LOCALSTACK_ENDPOINT` reuses one already running. Otherwise TSVAULT_LOCALSTACK picks the path:
 * `host` (the default) installs it on demand into .venv-localstack/ and starts it as a host process
 * on a free port (test/services/localstack.sh); `container` starts it through testcontainers
 * (./localstack-container.ts), falling back to `host` when no Docker engine can be had, except in CI.
 * When it cannot start, startLocalStack() throws: a missing KMS fails the run, it is never skipped.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateKeyCommand,
  DescribeKeyCommand,
  KMSClient,
  RotateKeyOnDemandCommand,
  type KMSClientConfig,
} from '@aws-sdk/client-kms';
import { freePort, ROOT } from './harness.js';
import {
  inCi,
  prepareContainerPath,
  requestedImage,
  requestedMode,
  requestedNetwork,
  startContainer,
} from './localstack-container.js';

// Every process that uses the AWS SDK gets this, the test process included.
process.env.AWS_EC2_METADATA_DISABLED = 'true';

export const SCRIPT = join(ROOT, 'test/services/localstack.sh');
export const DEFAULT_REGION = 'us-east-1';
/** LocalStack accepts any credentials; these are the conventional ones. */
export const TEST_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' } as const;

export interface LocalStack {
  /** http://127.0.0.1:<port> */
  readonly endpoint: string;
  readonly region: string;
  /** A client for test set-up (us-east-1); keys for another region: createKey(region). */
  readonly kms: KMSClient;
  /** Milliseconds spent installing or building the image (0 when reused) and starting (until KMS answered). */
  readonly timings: { installMs: number; startMs: number };
  /** The Docker container's id on the container path; undefined for a host process. */
  readonly container?: string;
  /** A new symmetric key; returns its ARN (usable from any region setting, as LocalStack parses it). */
  createKey(region?: string): Promise<string>;
  /** RotateKeyOnDemand: new key material, same key id and ARN. */
  rotateKey(keyId: string): Promise<void>;
  /**
   * DescribeKey's CurrentKeyMaterialId: changes with each rotation. Throws when the KMS reports none
   * (a mock without rotation), so that a rotation test cannot pass without a rotation.
   */
  keyMaterialId(keyId: string): Promise<string>;
  /** Stops the process this helper started (a reused LocalStack is left running). */
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Start a private instance even when LOCALSTACK_ENDPOINT is set (tests that stop it). */
  dedicated?: boolean;
}

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

function run(args: string[], timeoutMs: number): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [SCRIPT, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : -1), stdout, stderr });
    });
  });
}

export function kmsClient(endpoint: string, region = DEFAULT_REGION): KMSClient {
  const config: KMSClientConfig = {
    region,
    endpoint,
    credentials: TEST_CREDENTIALS,
    maxAttempts: 2,
    requestHandler: { connectionTimeout: 2_000, requestTimeout: 10_000 },
  };
  return new KMSClient(config);
}

/** The region in a key or alias ARN, else undefined. */
function regionOf(keyId: string): string | undefined {
  return keyId.startsWith('arn:') ? keyId.split(':')[3] : undefined;
}

async function healthy(endpoint: string): Promise<boolean> {
  try {
    const res = await fetch(`${endpoint}/_localstack/health`, { signal: AbortSignal.timeout(3_000) });
    const body = (await res.json()) as { services?: Record<string, string> };
    return res.ok && body.services?.kms === 'running';
  } catch {
    return false;
  }
}

function build(
  endpoint: string,
  timings: LocalStack['timings'],
  stopProcess: () => Promise<void>,
  container?: string,
): LocalStack {
  const clients = new Map<string, KMSClient>([[DEFAULT_REGION, kmsClient(endpoint)]]);
  const client = (region: string): KMSClient => {
    let c = clients.get(region);
    if (!c) clients.set(region, (c = kmsClient(endpoint, region)));
    return c;
  };
  return {
    endpoint,
    region: DEFAULT_REGION,
    kms: client(DEFAULT_REGION),
    timings,
    container,
    async createKey(region = DEFAULT_REGION) {
      const out = await client(region).send(new CreateKeyCommand({ Description: 'tsvault test seal key' }));
      const arn = out.KeyMetadata?.Arn;
      if (!arn) throw new Error('LocalStack CreateKey returned no ARN');
      return arn;
    },
    async rotateKey(keyId) {
      await client(regionOf(keyId) ?? DEFAULT_REGION).send(new RotateKeyOnDemandCommand({ KeyId: keyId }));
    },
    async keyMaterialId(keyId) {
      const out = await client(regionOf(keyId) ?? DEFAULT_REGION).send(new DescribeKeyCommand({ KeyId: keyId }));
      const id = out.KeyMetadata?.CurrentKeyMaterialId;
      if (!id) throw new Error(`DescribeKey ${keyId} reports no CurrentKeyMaterialId: this KMS does not track key material`);
      return id;
    },
    async stop() {
      for (const c of clients.values()) c.destroy();
      await stopProcess();
    },
  };
}

export async function startLocalStack(opts: StartOptions = {}): Promise<LocalStack> {
  const external = process.env.LOCALSTACK_ENDPOINT;
  if (external && !opts.dedicated) {
    const endpoint = external.replace(/\/+$/, '');
    if (!(await healthy(endpoint))) {
      throw new Error(`LOCALSTACK_ENDPOINT=${endpoint} does not answer with kms "running" on /_localstack/health`);
    }
    return build(endpoint, { installMs: 0, startMs: 0 }, async () => {});
  }
  if (requestedMode(process.env) === 'container') {
    const image = requestedImage(process.env);
    const ready = await prepareContainerPath(image);
    if (ready.ok) return startInContainer(image, ready.ms);
    if (inCi(process.env)) throw new Error(`TSVAULT_LOCALSTACK=container in CI, and no Docker engine or image: ${ready.why}`);
    process.stderr.write(`localstack: the container path is unavailable, falling back to a host process:\n${ready.why}\n`);
  }
  return startOnHost();
}

async function startInContainer(image: string, installMs: number): Promise<LocalStack> {
  const network = requestedNetwork(process.env);
  const t0 = performance.now();
  const c = await startContainer(image, network);
  // testcontainers waited for "Ready."; KMS itself is loaded eagerly, so it answers within seconds.
  const deadline = Date.now() + 60_000;
  while (!(await healthy(c.endpoint))) {
    if (Date.now() > deadline) {
      await c.stop();
      throw new Error(`LocalStack container ${c.id.slice(0, 12)} never reported kms "running" at ${c.endpoint}`);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  const startMs = performance.now() - t0;
  process.stderr.write(
    `localstack: container ${c.id.slice(0, 12)} (${image}, ${network} network), image ready ${(installMs / 1000).toFixed(1)} s, ` +
      `start ${(startMs / 1000).toFixed(1)} s, ${c.endpoint}\n`,
  );
  return build(c.endpoint, { installMs, startMs }, () => c.stop(), c.id);
}

async function startOnHost(): Promise<LocalStack> {
  const t0 = performance.now();
  const install = await run(['install'], 15 * 60_000);
  const installMs = performance.now() - t0;
  if (install.code !== 0) {
    throw new Error(`LocalStack install failed (exit ${install.code}):\n${install.stderr.slice(-4000)}`);
  }

  const port = await freePort();
  const state = mkdtempSync(join(tmpdir(), 'tsvault-localstack-'));
  const t1 = performance.now();
  const started = await run(['start', String(port), state], 3 * 60_000);
  const startMs = performance.now() - t1;
  const pid = Number(started.stdout.trim().split('\n').pop());
  if (started.code !== 0 || !Number.isInteger(pid) || pid <= 0) {
    throw new Error(`LocalStack did not start (exit ${started.code}):\n${started.stderr.slice(-4000)}`);
  }
  // If the test process dies without stop(), the LocalStack it started goes with it.
  const onExit = (): void => {
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  process.once('exit', onExit);
  process.stderr.write(
    `localstack: ${install.stderr.includes('already installed') ? 'install check' : 'install'} ` +
      `${(installMs / 1000).toFixed(1)} s, start ${(startMs / 1000).toFixed(1)} s, pid ${pid}, 127.0.0.1:${port}\n`,
  );

  let stopped = false;
  return build(`http://127.0.0.1:${port}`, { installMs, startMs }, async () => {
    if (stopped) return;
    stopped = true;
    process.off('exit', onExit);
    const res = await run(['stop', state], 60_000);
    if (res.code !== 0) throw new Error(`LocalStack stop failed (exit ${res.code}):\n${res.stderr.slice(-2000)}`);
    rmSync(state, { recursive: true, force: true });
  });
}
