/**
 * Finding the host's helper programs (systemd-notify, python3) the way a shell would: on PATH, or
 * on systemd's default PATH when the server was started without one. The systemd readiness
 * notification and the syslog audit device both need them (Node cannot send unix datagrams).
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** systemd's default PATH for services, used when the environment has none. */
export const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** RHEL 8's Python for system tools, present where `python3` may not be. */
const PLATFORM_PYTHON = '/usr/libexec/platform-python';

export function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first executable `name` in the directories of `path`. */
export function onPath(name: string, path: string): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    if (executable(candidate)) return candidate;
  }
  return undefined;
}

/** python3 on `path` (default: the process's PATH, else systemd's), else RHEL 8's platform-python. */
export function findPython(path: string = process.env.PATH || DEFAULT_PATH): string | undefined {
  return onPath('python3', path) ?? (executable(PLATFORM_PYTHON) ? PLATFORM_PYTHON : undefined);
}
