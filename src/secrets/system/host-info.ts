/**
 * sys/host-info: what Vault collects with gopsutil (cpu, cpu_times, disk, host, memory,
 * timestamp), best effort from Node's built-ins and, on Linux, /proc. Field names are gopsutil's
 * JSON names; anything that cannot be collected is left out and named in a warning, as Vault
 * turns its collection errors into warnings.
 */
import { readFile, statfs } from 'node:fs/promises';
import os from 'node:os';

export interface HostInfo {
  data: Record<string, unknown>;
  warnings: string[];
}

const round = (n: number): number => Math.round(n * 100) / 100;
const percent = (part: number, whole: number): number => (whole > 0 ? (part / whole) * 100 : 0);

function cpuInfo(): unknown[] {
  return os.cpus().map((c, i) => ({
    cpu: i,
    vendorId: '',
    family: '',
    model: '',
    stepping: 0,
    physicalId: '',
    coreId: String(i),
    cores: 1,
    modelName: c.model,
    mhz: c.speed,
    cacheSize: 0,
    flags: [],
    microcode: '',
  }));
}

/** Seconds per CPU (Node gives milliseconds). */
function cpuTimes(): unknown[] {
  return os.cpus().map((c, i) => ({
    cpu: `cpu${i}`,
    user: round(c.times.user / 1000),
    system: round(c.times.sys / 1000),
    idle: round(c.times.idle / 1000),
    nice: round(c.times.nice / 1000),
    iowait: 0,
    irq: round(c.times.irq / 1000),
    softirq: 0,
    steal: 0,
    guest: 0,
    guestNice: 0,
  }));
}

/** The file system type of `/` from /proc/mounts (Linux), else "". */
async function rootFsType(): Promise<string> {
  try {
    const mounts = await readFile('/proc/mounts', 'utf8');
    const root = mounts.split('\n').map((l) => l.split(' ')).filter((f) => f[1] === '/');
    return root.at(-1)?.[2] ?? '';
  } catch {
    return '';
  }
}

async function disk(): Promise<unknown[]> {
  const s = await statfs('/');
  const total = s.blocks * s.bsize;
  const free = s.bavail * s.bsize;
  const used = (s.blocks - s.bfree) * s.bsize;
  const inodesUsed = s.files - s.ffree;
  return [
    {
      path: '/',
      fstype: await rootFsType(),
      total,
      free,
      used,
      usedPercent: percent(used, used + free),
      inodesTotal: s.files,
      inodesUsed,
      inodesFree: s.ffree,
      inodesUsedPercent: percent(inodesUsed, s.files),
    },
  ];
}

async function meminfo(): Promise<Record<string, number>> {
  try {
    const text = await readFile('/proc/meminfo', 'utf8');
    const out: Record<string, number> = {};
    for (const line of text.split('\n')) {
      const m = /^(\w+):\s+(\d+)(?: kB)?$/.exec(line);
      if (m) out[m[1]!] = Number(m[2]) * (line.endsWith('kB') ? 1024 : 1);
    }
    return out;
  } catch {
    return {};
  }
}

async function memory(): Promise<Record<string, unknown>> {
  const info = await meminfo();
  const total = info.MemTotal ?? os.totalmem();
  const available = info.MemAvailable ?? os.freemem();
  const free = info.MemFree ?? os.freemem();
  const used = total - available;
  return {
    total,
    available,
    used,
    usedPercent: percent(used, total),
    free,
    buffers: info.Buffers ?? 0,
    cached: info.Cached ?? 0,
    swapTotal: info.SwapTotal ?? 0,
    swapFree: info.SwapFree ?? 0,
  };
}

async function host(): Promise<Record<string, unknown>> {
  const uptime = Math.floor(os.uptime());
  let platform = '';
  let platformVersion = '';
  try {
    const release = await readFile('/etc/os-release', 'utf8');
    platform = /^ID="?([^"\n]*)"?$/m.exec(release)?.[1] ?? '';
    platformVersion = /^VERSION_ID="?([^"\n]*)"?$/m.exec(release)?.[1] ?? '';
  } catch {
    /* not Linux, or no os-release: left empty */
  }
  return {
    hostname: os.hostname(),
    uptime,
    bootTime: Math.floor(Date.now() / 1000) - uptime,
    procs: 0,
    os: os.platform(),
    platform,
    platformFamily: '',
    platformVersion,
    kernelVersion: os.release(),
    kernelArch: os.machine(),
    virtualizationSystem: '',
    virtualizationRole: '',
    hostId: '',
  };
}

export async function collectHostInfo(now: Date = new Date()): Promise<HostInfo> {
  const data: Record<string, unknown> = { timestamp: now.toISOString() };
  const warnings: string[] = [];
  const parts: [string, () => unknown][] = [
    ['cpu', cpuInfo],
    ['cpu_times', cpuTimes],
    ['disk', disk],
    ['host', host],
    ['memory', memory],
  ];
  for (const [name, collect] of parts) {
    try {
      data[name] = await collect();
    } catch (err) {
      warnings.push(`could not collect ${name}: ${(err as Error).message}`);
    }
  }
  return { data, warnings };
}
