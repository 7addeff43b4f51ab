// A loopback TCP proxy in its own process (so a test that blocks on spawnSync cannot stall it).
// argv: <target port> [listen port]. stdin commands: "cut", "restore"; each answered "ok <port>".
import { connect, createServer } from 'node:net';
import { createInterface } from 'node:readline';

const target = Number(process.argv[2]);
let port = Number(process.argv[3] ?? 0);
let server;
const sockets = new Set();

function listen() {
  return new Promise((resolve, reject) => {
    server = createServer((client) => {
      const upstream = connect(target, '127.0.0.1');
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      port = server.address().port;
      resolve();
    });
  });
}

async function cut() {
  for (const s of sockets) s.destroy();
  await new Promise((resolve) => server.close(() => resolve()));
}

await listen();
process.stdout.write(`ok ${port}\n`);
for await (const line of createInterface({ input: process.stdin })) {
  if (line === 'cut') await cut();
  else if (line === 'restore') await listen();
  process.stdout.write(`ok ${port}\n`);
}
process.exit(0);
