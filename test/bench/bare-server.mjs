// The baseline: a bare node:http server answering one fixed seal-status document.
import { createServer } from 'node:http';

const body = JSON.stringify({
  type: 'shamir', initialized: true, sealed: true, t: 3, n: 5, progress: 0, nonce: '', version: '0.0.0',
  build_date: '2023-04-25T13:02:50Z', migration: false, recovery_seal: false, storage_type: 'file',
});
const server = createServer((req, res) => {
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
});
server.listen(Number(process.argv[2]), '127.0.0.1', () => process.stdout.write('listening\n'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
