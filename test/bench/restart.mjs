// Restart to unsealed: process start until sys/seal-status says sealed:false, with awskms on
// LocalStack and with transit (a second tsvault), and Shamir start to listening beside them. Also
// the KMS round trip alone, so the report can say how much of a restart it is.
import { CreateKeyCommand, DecryptCommand, EncryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { api, CLI, freePort, initAndUnseal, newServerConfig, NODE, ROOT, startServer, stats, stop, unitEnv } from './server.mjs';

const SCRIPT = join(ROOT, 'test/services/localstack.sh');
const AWS_ENV = { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_EC2_METADATA_DISABLED: 'true', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };

async function untilUnsealed(cfg) {
  for (;;) {
    try {
      const r = await fetch(`${cfg.url}/v1/sys/seal-status`);
      if (r.ok && (await r.json()).sealed === false) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 2));
  }
}

async function restarts(cfg, env, runs) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const { proc } = await startServer(cfg, env);
    await untilUnsealed(cfg);
    times.push(performance.now() - t0);
    await stop(proc);
  }
  return stats(times);
}

/** Where start-up time goes: the daemon's debug line `start-up phases (ms): modules=… config=…`. */
export async function phasesOf(cfg, env, runs) {
  const all = [];
  for (let i = 0; i < runs; i++) {
    const proc = spawn(NODE, [CLI, 'server', `-config=${cfg.config}`], {
      stdio: ['ignore', 'pipe', 'ignore'],
      env: { PATH: process.env.PATH, HOME: cfg.dir, VAULT_LOG_LEVEL: 'debug', ...unitEnv(), ...env },
    });
    let out = '';
    const line = await new Promise((resolve) => {
      proc.stdout.on('data', (d) => {
        out += d;
        const m = /start-up phases \(ms\): (.*)/.exec(out);
        if (m) resolve(m[1]);
      });
      proc.once('exit', () => resolve(''));
    });
    all.push(Object.fromEntries([...line.matchAll(/(\w+)=(\d+)/g)].map((m) => [m[1], Number(m[2])])));
    await stop(proc);
  }
  const keys = Object.keys(all[0] ?? {});
  return Object.fromEntries(keys.map((k) => [k, stats(all.map((p) => p[k] ?? 0)).median]));
}

export async function startLocalStack() {
  const install = spawnSync('bash', [SCRIPT, 'install'], { stdio: 'inherit' });
  if (install.status !== 0) throw new Error('LocalStack install failed');
  const port = await freePort();
  const state = mkdtempSync(join(tmpdir(), 'tsvault-bench-ls-'));
  const start = spawnSync('bash', [SCRIPT, 'start', String(port), state], { encoding: 'utf8' });
  if (start.status !== 0) throw new Error(`LocalStack did not start: ${start.stderr}`);
  return { endpoint: `http://127.0.0.1:${port}`, stop: () => spawnSync('bash', [SCRIPT, 'stop', state]) };
}

/** Median KMS Encrypt+Decrypt of 32 bytes from this process (no tsvault in the path). */
async function kmsRoundTrip(kms, keyId, runs) {
  const enc = [];
  const dec = [];
  for (let i = 0; i < runs; i++) {
    let t = performance.now();
    const out = await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.alloc(32, i) }));
    enc.push(performance.now() - t);
    t = performance.now();
    await kms.send(new DecryptCommand({ CiphertextBlob: out.CiphertextBlob }));
    dec.push(performance.now() - t);
  }
  return { encrypt: stats(enc), decrypt: stats(dec) };
}

export async function benchRestart(runs) {
  const result = {};
  const ls = await startLocalStack();
  try {
    const kms = new KMSClient({ endpoint: ls.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    const keyId = (await kms.send(new CreateKeyCommand({}))).KeyMetadata.Arn;
    const cfg = await newServerConfig(`seal "awskms" {\n  region = "us-east-1"\n  kms_key_id = "${keyId}"\n  endpoint = "${ls.endpoint}"\n}\n`);
    const { proc } = await startServer(cfg, AWS_ENV);
    await api(cfg, 'PUT', 'sys/init', undefined, { recovery_shares: 1, recovery_threshold: 1 });
    await untilUnsealed(cfg);
    await stop(proc);
    result.awskmsRestartToUnsealedMs = await restarts(cfg, AWS_ENV, runs);
    result.startupPhasesMs = { awskms: await phasesOf(cfg, AWS_ENV, Math.min(runs, 5)) };
    result.kmsRoundTripMs = await kmsRoundTrip(kms, keyId, runs);
    // At start the awskms seal makes 3 KMS calls: DescribeKey (configure), Decrypt (stored root
    // key), Encrypt (the key-id check before re-wrapping); recovery-key reads add none at start.
    result.kmsCallsAtStart = 3;
    kms.destroy();
  } finally {
    ls.stop();
  }

  // transit: server A (Shamir, transit key) unseals B.
  const a = await newServerConfig();
  const { proc: aProc } = await startServer(a);
  try {
    const root = await initAndUnseal(a);
    await api(a, 'POST', 'sys/mounts/transit', root, { type: 'transit' });
    await api(a, 'POST', 'transit/keys/autounseal', root, {});
    const b = await newServerConfig(`seal "transit" {\n  address = "${a.url}"\n  token = "${root}"\n  key_name = "autounseal"\n  mount_path = "transit/"\n  disable_renewal = "true"\n}\n`);
    const { proc: bProc } = await startServer(b);
    await api(b, 'PUT', 'sys/init', undefined, { recovery_shares: 1, recovery_threshold: 1 });
    await untilUnsealed(b);
    await stop(bProc);
    result.transitRestartToUnsealedMs = await restarts(b, {}, runs);
    result.startupPhasesMs.shamir = await phasesOf(await newServerConfig(), {}, Math.min(runs, 5));
  } finally {
    await stop(aProc);
  }
  return result;
}
