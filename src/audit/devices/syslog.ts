/**
 * The `syslog` audit device (Vault's SyslogSink over go-syslog): entries go to the local syslog
 * socket at priority `facility`.info (facility default AUTH) with `tag` (default vault), through a
 * long-lived Python helper that acknowledges each entry (why, and its protocol: syslog-helper.ts).
 * At enable time the helper must connect, so a machine without a syslog socket, or without
 * python3, is refused then. A write that is not acknowledged within 2 s, or that the helper could
 * not send even after reconnecting, rejects; a helper that died is restarted once on the next write.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { AuditError } from '../../errors.js';
import { DEFAULT_PATH, findPython } from '../../host/executables.js';
import { createFormatter } from '../formatter.js';
import type { AuditDevice, AuditDeviceConfig } from '../types.js';
import { Serial } from './serial.js';
import { SYSLOG_HELPER } from './syslog-helper.js';

/** Where Go's log/syslog looks for the local syslog daemon, in its order. */
export const SYSLOG_SOCKET_PATHS = ['/dev/log', '/var/run/syslog', '/var/run/log'] as const;
const ACK_TIMEOUT_MS = 2000;
const LOG_INFO = 6;

/** go-syslog's facility names and codes (the code is shifted into the priority). */
const FACILITIES: Record<string, number> = {
  KERN: 0, USER: 1, MAIL: 2, DAEMON: 3, AUTH: 4, SYSLOG: 5, LPR: 6, NEWS: 7, UUCP: 8, CRON: 9, AUTHPRIV: 10, FTP: 11,
  LOCAL0: 16, LOCAL1: 17, LOCAL2: 18, LOCAL3: 19, LOCAL4: 20, LOCAL5: 21, LOCAL6: 22, LOCAL7: 23,
};

/** Test seams: not options a user can set. */
export interface SyslogSeams {
  socketPaths?: readonly string[];
  python?: string;
}

type Child = ChildProcessByStdio<Writable, Readable, Readable>;

/** One running helper; its answers are matched to writes in order. */
class Helper {
  private waiting: Array<(answer: string) => void> = [];
  private buffered = '';
  private exited = false;
  readonly ready: Promise<void>;

  constructor(private readonly child: Child) {
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      this.buffered += chunk;
      let nl: number;
      while ((nl = this.buffered.indexOf('\n')) >= 0) {
        const line = this.buffered.slice(0, nl);
        this.buffered = this.buffered.slice(nl + 1);
        this.waiting.shift()?.(line);
      }
    });
    child.stdin.on('error', () => undefined); // a dead helper is seen through 'exit'
    child.on('exit', () => this.die('the syslog helper exited'));
    child.on('error', (e) => this.die(`the syslog helper failed: ${e.message}`));
    this.ready = this.answer().then((line) => {
      if (line !== 'ready') throw new Error(line.replace(/^err /, ''));
    });
  }

  get alive(): boolean {
    return !this.exited;
  }

  private die(reason: string): void {
    this.exited = true;
    for (const w of this.waiting.splice(0)) w(`err ${reason}`);
  }

  private answer(): Promise<string> {
    if (this.exited) return Promise.resolve('err the syslog helper is not running');
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  async send(data: Buffer): Promise<void> {
    const header = Buffer.alloc(4);
    header.writeUInt32BE(data.length);
    const answered = this.answer();
    this.child.stdin.write(Buffer.concat([header, data]));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<string>((resolve) => {
      timer = setTimeout(() => resolve(`err no answer from the syslog helper within ${ACK_TIMEOUT_MS}ms`), ACK_TIMEOUT_MS);
    });
    const line = await Promise.race([answered, timeout]);
    clearTimeout(timer);
    if (line !== 'ok') {
      if (line.includes('no answer')) this.stop(); // its answers would no longer match the writes
      throw new Error(line.replace(/^err /, ''));
    }
  }

  stop(): Promise<void> {
    if (this.exited) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 2000);
      this.child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      this.child.stdin.end();
    });
  }
}

export async function createSyslogDevice(config: AuditDeviceConfig, seams: SyslogSeams = {}): Promise<AuditDevice> {
  const facilityName = (config.options.facility ?? '').trim().toUpperCase() || 'AUTH';
  const facility = FACILITIES[facilityName];
  if (facility === undefined) {
    throw new AuditError('AUDIT_INVALID_OPTIONS', `error creating syslog sink node: invalid syslog facility: ${facilityName}`);
  }
  const tag = (config.options.tag ?? '').trim() || 'vault';
  const formatter = createFormatter(config.options, config.salt);
  const python = seams.python ?? findPython();
  if (!python) {
    throw new AuditError('AUDIT_DEVICE_OPEN', 'error creating syslog sink node: the syslog device needs python3 to write to the syslog socket, and none was found');
  }
  const args = ['-c', SYSLOG_HELPER, String((facility << 3) | LOG_INFO), tag, String(process.pid), ...(seams.socketPaths ?? SYSLOG_SOCKET_PATHS)];
  const logger = config.logger.named('audit').named(config.path.replace(/\/$/, '') || 'syslog');

  async function start(): Promise<Helper> {
    // The helper sees nothing of the server's environment but PATH.
    const child = spawn(python!, args, { env: { PATH: process.env.PATH || DEFAULT_PATH }, stdio: ['pipe', 'pipe', 'pipe'] });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => logger.warn('syslog helper', { stderr: text.trim().split('\n').pop() }));
    const helper = new Helper(child);
    try {
      await helper.ready;
    } catch (e) {
      await helper.stop();
      throw e;
    }
    return helper;
  }

  let helper: Helper | undefined;
  try {
    helper = await start();
  } catch (e) {
    throw new AuditError('AUDIT_DEVICE_OPEN', `error creating syslog sink node: error creating syslogger: ${(e as Error).message}`, { cause: e });
  }

  /** go-syslog's writeAndRetry: write; if the connection is gone, reconnect (a new helper) and write again. */
  async function write(data: Buffer): Promise<void> {
    let first: unknown;
    if (helper?.alive) {
      try {
        return await helper.send(data);
      } catch (e) {
        first = e;
      }
      if (helper.alive) throw new AuditError('AUDIT_WRITE', `error writing to syslog: ${(first as Error).message}`, { cause: first });
    }
    try {
      helper = await start();
      await helper.send(data);
    } catch (e) {
      throw new AuditError('AUDIT_WRITE', `error writing to syslog: ${(e as Error).message}`, { cause: first ?? e });
    }
  }

  const serial = new Serial();
  return {
    logRequest: (input) => serial.run(() => write(formatter.format('request', input))),
    logResponse: (input) => serial.run(() => write(formatter.format('response', input))),
    hash: formatter.hash,
    reopen: async () => undefined, // as Vault's syslog sink: nothing to reopen
    close: () => serial.run(async () => helper?.stop()),
  };
}
