/**
 * A syslog daemon stand-in: an AF_UNIX SOCK_DGRAM socket (what /dev/log is) bound by python3 at a
 * path, each datagram collected as text. Node cannot bind datagram unix sockets itself.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { rmSync } from 'node:fs';

const RECEIVER = String.raw`import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
print("bound", flush=True)
while True:
    print(s.recv(1 << 20).hex(), flush=True)
`;

export interface SyslogReceiver {
  path: string;
  messages: string[];
  child: ChildProcessWithoutNullStreams;
  /** Stops the receiver and removes its socket file. */
  stop(): void;
}

/** Binds a datagram socket at `path` and resolves once it is bound. */
export async function startSyslogReceiver(path: string): Promise<SyslogReceiver> {
  const child = spawn('python3', ['-c', RECEIVER, path]);
  const messages: string[] = [];
  let buf = '';
  await new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`syslog receiver exited with ${code}`)));
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buf += chunk;
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (line === 'bound') resolve();
        else messages.push(Buffer.from(line, 'hex').toString('utf8'));
      }
    });
  });
  return {
    path,
    messages,
    child,
    stop() {
      child.kill();
      rmSync(path, { force: true });
    },
  };
}
