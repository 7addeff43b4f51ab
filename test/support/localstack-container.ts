/**
 * LocalStack KMS in a container, through @testcontainers/localstack: the awskms tests' second path,
 * chosen with TSVAULT_LOCALSTACK=container (`host`, a process from test/services/localstack.sh, stays
 * the default and the fallback). The image is tsvault/localstack:4.14.0, built locally without any
 * registry by test/services/localstack-image.sh, or the one TSVAULT_LOCALSTACK_IMAGE names (the
 * official localstack/localstack:4.14.0 on a laptop with Docker Hub).
 *
 * Loopback only. The default network is the host's (TSVAULT_LOCALSTACK_NETWORK=host): LocalStack
 * listens on 127.0.0.1:<free port> exactly as the host path does, with the same offline switches,
 * and no port is published at all. `bridge` (Docker Desktop, where the host network is not the
 * laptop's) publishes the gateway port on 127.0.0.1 only. A Docker `--internal` network would cut
 * outbound routes but cannot publish ports, so it cannot serve the tests.
 *
 * No reaper (its image cannot be pulled here): each container carries its owner's PID as a label,
 * stop() removes it, so does the owner's exit, and a later start removes those whose owner is gone.
 */
import { execFile, execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, ROOT } from './harness.js';

const execFileP = promisify(execFile);

export const IMAGE_SCRIPT = join(ROOT, 'test/services/localstack-image.sh');
export const LOCAL_IMAGE = 'tsvault/localstack:4.14.0';
export const OWNER_LABEL = 'tsvault.localstack.owner-pid';
/** The gateway port inside the container on a bridge network. */
const CONTAINER_PORT = 4566;

export type LocalStackMode = 'host' | 'container';
export type ContainerNetwork = 'host' | 'bridge';
type Env = Record<string, string | undefined>;

export function inCi(env: Env): boolean {
  const ci = env.CI;
  return ci !== undefined && ci !== '' && ci.toLowerCase() !== 'false' && ci !== '0';
}

function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined || value === '') return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new Error(`${name}=${value}: expected one of ${allowed.join(', ')}`);
}

export function requestedMode(env: Env): LocalStackMode {
  return oneOf('TSVAULT_LOCALSTACK', env.TSVAULT_LOCALSTACK, ['host', 'container'], 'host');
}

export function requestedNetwork(env: Env): ContainerNetwork {
  return oneOf('TSVAULT_LOCALSTACK_NETWORK', env.TSVAULT_LOCALSTACK_NETWORK, ['host', 'bridge'], 'host');
}

export function requestedImage(env: Env): string {
  return env.TSVAULT_LOCALSTACK_IMAGE || LOCAL_IMAGE;
}

/**
 * The switches of /work/shared/reference/localstack-host.md: no analytics, no certificate download,
 * no DNS server, no catalog lookup, no Docker-bridge pings, proxies on a closed loopback port.
 * Passed explicitly, so that an image without them baked in (the official one) is offline too.
 */
export function offlineEnv(): Record<string, string> {
  return {
    OVERRIDE_IN_DOCKER: '0',
    FILESYSTEM_ROOT: '/tmp/ls-fs',
    CONFIG_DIR: '/tmp/ls-conf',
    SERVICES: 'kms',
    EAGER_SERVICE_LOADING: '1',
    // hypercorn binds exactly GATEWAY_LISTEN; the twisted gateway binds 0.0.0.0 whatever it says.
    GATEWAY_SERVER: 'hypercorn',
    DNS_ADDRESS: '0',
    DISABLE_EVENTS: '1',
    SKIP_SSL_CERT_DOWNLOAD: '1',
    API_ENDPOINT: 'http://127.0.0.1:9',
    ANALYTICS_API: 'http://127.0.0.1:9',
    OUTBOUND_HTTP_PROXY: 'http://127.0.0.1:9',
    OUTBOUND_HTTPS_PROXY: 'http://127.0.0.1:9',
    HTTP_PROXY: 'http://127.0.0.1:9',
    HTTPS_PROXY: 'http://127.0.0.1:9',
    NO_PROXY: '127.0.0.1,localhost',
  };
}

export interface ContainerPlan {
  image: string;
  network: ContainerNetwork;
  env: Record<string, string>;
  /** Docker port bindings: none on the host network; 127.0.0.1 only on a bridge. */
  portBindings: Record<string, { HostIp: string; HostPort: string }[]>;
  /** The host port LocalStack listens on (host network), or undefined until Docker maps one. */
  hostPort?: number;
}

export function containerPlan(image: string, network: ContainerNetwork, hostPort: number): ContainerPlan {
  if (network === 'host') {
    return {
      image,
      network,
      env: { ...offlineEnv(), GATEWAY_LISTEN: `127.0.0.1:${hostPort}`, LOCALSTACK_HOST: `127.0.0.1:${hostPort}` },
      portBindings: {},
      hostPort,
    };
  }
  return {
    image,
    network,
    // 0.0.0.0 inside the container's own namespace; reachable from the host only through the binding.
    env: { ...offlineEnv(), GATEWAY_LISTEN: `0.0.0.0:${CONTAINER_PORT}`, LOCALSTACK_HOST: '127.0.0.1' },
    portBindings: { [`${CONTAINER_PORT}/tcp`]: [{ HostIp: '127.0.0.1', HostPort: '0' }] },
  };
}

/** Runs localstack-image.sh; resolves with its exit code and the tail of its stderr. */
async function imageScript(arg: 'build' | 'engine'): Promise<{ code: number; stderr: string }> {
  try {
    const r = await execFileP('bash', [IMAGE_SCRIPT, arg], { cwd: ROOT, timeout: 20 * 60_000, maxBuffer: 16 << 20 });
    return { code: 0, stderr: r.stderr };
  } catch (err) {
    const e = err as { code?: number | string; stderr?: string; message: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stderr: e.stderr || e.message };
  }
}

/**
 * A Docker engine and the image, ready. The local image is built (or found) by the script; another
 * image is left to testcontainers to pull. Returns a reason when it cannot be had.
 */
export async function prepareContainerPath(image: string): Promise<{ ok: true; ms: number } | { ok: false; why: string }> {
  const t0 = performance.now();
  const r = await imageScript(image === LOCAL_IMAGE ? 'build' : 'engine');
  if (r.code !== 0) return { ok: false, why: `localstack-image.sh exited ${r.code}:\n${r.stderr.slice(-3000)}` };
  process.stderr.write(r.stderr);
  return { ok: true, ms: performance.now() - t0 };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes LocalStack containers whose owning test process is gone (a crash skipped their stop). */
async function sweepOrphans(): Promise<void> {
  const { stdout } = await execFileP('docker', ['ps', '-a', '--filter', `label=${OWNER_LABEL}`, '--format', `{{.ID}} {{.Label "${OWNER_LABEL}"}}`]);
  for (const line of stdout.split('\n').filter(Boolean)) {
    const [id, pid] = line.split(' ');
    if (id && !alive(Number(pid))) await execFileP('docker', ['rm', '-f', id]).catch(() => undefined);
  }
}

export interface RunningContainer {
  id: string;
  endpoint: string;
  plan: ContainerPlan;
  stop(): Promise<void>;
}

export async function startContainer(image: string, network: ContainerNetwork): Promise<RunningContainer> {
  // Before testcontainers loads: no reaper image to pull, and never the bridge gateway's address.
  process.env.TESTCONTAINERS_RYUK_DISABLED = 'true';
  process.env.TESTCONTAINERS_HOST_OVERRIDE = '127.0.0.1';
  const { LocalstackContainer } = await import('@testcontainers/localstack');
  await sweepOrphans();
  const plan = containerPlan(image, network, network === 'host' ? await freePort() : 0);

  class TsvaultLocalstack extends LocalstackContainer {
    constructor() {
      super(plan.image);
      // LocalstackContainer publishes 4566 on every interface; replace with the plan's bindings.
      this.hostConfig.PortBindings = plan.portBindings;
      if (plan.network === 'host') {
        this.exposedPorts = [];
        this.createOpts.ExposedPorts = {};
        this.withNetworkMode('host');
      }
    }
  }
  let log = '';
  const container = new TsvaultLocalstack()
    .withEnvironment(plan.env)
    .withLabels({ [OWNER_LABEL]: String(process.pid) })
    .withLogConsumer((stream) => stream.on('data', (d: Buffer | string) => (log = (log + d.toString()).slice(-4000))));
  let started;
  try {
    started = await container.start();
  } catch (err) {
    throw new Error(`LocalStack container (${image}, ${network} network) did not start: ${(err as Error).message}\n${log}`);
  }
  const id = started.getId();
  const onExit = (): void => {
    try {
      execFileSync('docker', ['rm', '-f', id], { stdio: 'ignore', timeout: 10_000 });
    } catch {
      // already gone
    }
  };
  process.once('exit', onExit);
  const port = plan.hostPort ?? started.getMappedPort(CONTAINER_PORT);
  let stopped = false;
  return {
    id,
    endpoint: `http://127.0.0.1:${port}`,
    plan,
    async stop() {
      if (stopped) return;
      stopped = true;
      process.off('exit', onExit);
      await started.stop({ remove: true, timeout: 20_000 });
    },
  };
}
