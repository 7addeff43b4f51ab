/**
 * systemd's readiness protocol (sd_notify): `READY=1` once the listeners are up, `RELOADING=1`
 * (with `MONOTONIC_USEC=`) then `READY=1` around a reload, `STOPPING=1` on stop; nothing at all
 * when NOTIFY_SOCKET is unset.
 *
 * NOTIFY_SOCKET is an AF_UNIX SOCK_DGRAM socket, and Node cannot open one: `dgram` is UDP only,
 * `net` is SOCK_STREAM only (nodejs/node#30059, #61933), and an inherited or passed descriptor of
 * that type is refused by libuv. Rather than a native addon (which would make the noarch RPM
 * architecture-bound), each message is handed to a short-lived helper that can send datagrams:
 * - `systemd-notify` (part of systemd, so present wherever NOTIFY_SOCKET is set by systemd): it
 *   claims this process's PID as the sender when privileged, and waits until systemd has
 *   processed the message (its barrier), so a helper that exits at once is still attributed;
 * - else `python3` (or RHEL 8's `/usr/libexec/platform-python`) running a few lines that do the
 *   same: credentials of this PID when allowed, then a BARRIER=1 with a pipe, waited on for 5 s.
 * Either way the datagram normally comes from the helper's PID, so the unit needs
 * `NotifyAccess=all` (systemd ignores a child's messages under the default `main`).
 * Messages go out one at a time, in order; a failure is logged, never thrown.
 */
import { execFile } from 'node:child_process';
import { DEFAULT_PATH, findPython, onPath } from '../host/executables.js';
import type { Logger } from '../log/types.js';

export interface Notifier {
  /** False when NOTIFY_SOCKET is unset (or no helper exists): every call is then a no-op. */
  readonly enabled: boolean;
  ready(): Promise<void>;
  reloading(): Promise<void>;
  stopping(): Promise<void>;
}

export interface NotifyHelper {
  name: 'systemd-notify' | 'python3';
  command: string;
  args(lines: readonly string[]): string[];
}

/** systemd's default PATH for services, used when the environment has none. */
const HELPER_TIMEOUT_MS = 10_000;

/** sd_notify in Python's standard library: argv[1] is the message. */
const PYTHON_NOTIFY = String.raw`import array, os, select, socket, struct, sys
addr = os.environ["NOTIFY_SOCKET"]
if addr.startswith("@"):
    addr = "\0" + addr[1:]
sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
sock.connect(addr)
msg = sys.argv[1].encode()
try:
    creds = struct.pack("3i", os.getppid(), os.getuid(), os.getgid())
    sock.sendmsg([msg], [(socket.SOL_SOCKET, socket.SCM_CREDENTIALS, creds)])
except OSError:
    sock.send(msg)
r, w = os.pipe()
sock.sendmsg([b"BARRIER=1"], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", [w]).tobytes())])
os.close(w)
select.select([r], [], [], 5)
`;

/** The helper that will send datagrams: systemd-notify first, then Python. */
export function findNotifyHelper(env: NodeJS.ProcessEnv): NotifyHelper | undefined {
  const path = env.PATH || DEFAULT_PATH;
  const systemdNotify = onPath('systemd-notify', path);
  if (systemdNotify) return { name: 'systemd-notify', command: systemdNotify, args: (lines) => [...lines] };
  const python = findPython(path);
  if (python) return { name: 'python3', command: python, args: (lines) => ['-c', PYTHON_NOTIFY, lines.join('\n')] };
  return undefined;
}

/** CLOCK_MONOTONIC in microseconds (process.hrtime is CLOCK_MONOTONIC on Linux). */
export function monotonicUsec(): bigint {
  return process.hrtime.bigint() / 1000n;
}

const disabled: Notifier = {
  enabled: false,
  ready: async () => undefined,
  reloading: async () => undefined,
  stopping: async () => undefined,
};

export function createNotifier(env: NodeJS.ProcessEnv, logger: Logger): Notifier {
  const socket = env.NOTIFY_SOCKET;
  if (!socket) return disabled;
  const helper = findNotifyHelper(env);
  if (!helper) {
    logger.warn('NOTIFY_SOCKET is set but neither systemd-notify nor python3 was found; systemd will not be notified', {
      notify_socket: socket,
    });
    return disabled;
  }
  logger.debug('notifying systemd', { notify_socket: socket, helper: helper.command });
  // The helper sees only what it needs: never the server's secrets from its environment.
  const childEnv = { NOTIFY_SOCKET: socket, PATH: env.PATH || DEFAULT_PATH };
  let chain: Promise<void> = Promise.resolve();

  function send(lines: readonly string[]): Promise<void> {
    const run = (): Promise<void> =>
      new Promise((resolve) => {
        execFile(helper!.command, helper!.args(lines), { env: childEnv, timeout: HELPER_TIMEOUT_MS }, (error, _out, stderr) => {
          if (error) {
            logger.warn('could not notify systemd', {
              message: lines.join(' '),
              helper: helper!.name,
              error: (String(stderr).trim() || error.message).split('\n')[0],
            });
          } else {
            logger.trace('notified systemd', { message: lines.join(' ') });
          }
          resolve();
        });
      });
    chain = chain.then(run);
    return chain;
  }

  return {
    enabled: true,
    ready: () => send(['READY=1']),
    reloading: () => send(['RELOADING=1', `MONOTONIC_USEC=${monotonicUsec()}`]),
    stopping: () => send(['STOPPING=1']),
  };
}
