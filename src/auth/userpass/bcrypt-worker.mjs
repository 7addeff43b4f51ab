// The worker thread of bcrypt-pool.ts: one bcrypt hash per message, synchronously (the thread has
// nothing else to do), answered with the job's id. Plain JavaScript on purpose, not TypeScript: Node
// runs it as it is both from the sources (vitest) and from dist/ (the build script copies it there),
// with no compile step or loader in between.
//
// In:  { id: number, password: string, salt: string | number }   (salt: a bcrypt salt or a cost)
// Out: { id, ok: true, hash: string } | { id, ok: false }         (ok false: bcryptjs refused the salt)
//
// The password arrives by postMessage only; nothing here logs, and a refusal carries no text at all.
import { parentPort } from 'node:worker_threads';
import bcrypt from 'bcryptjs';

if (parentPort === null) throw new Error('bcrypt-worker.mjs runs only as a worker thread');
const port = parentPort;

port.on('message', (job) => {
  const id = job?.id;
  let hash = null;
  try {
    const { password, salt } = job;
    if (typeof password === 'string' && (typeof salt === 'string' || typeof salt === 'number')) {
      hash = bcrypt.hashSync(password, salt);
    }
  } catch {
    hash = null; // a malformed salt or cost: bcryptjs's message is not passed on
  }
  port.postMessage(typeof hash === 'string' ? { id, ok: true, hash } : { id, ok: false });
});
