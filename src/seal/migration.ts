import { randomBytes } from 'node:crypto';
import type { Logger } from '../log/types.js';
import type { Backend } from '../storage/types.js';
import type { Seal } from './seal.js';
import { RECOVERY_KEY_PATH } from './recovery.js';
import { BARRIER_SEAL_CONFIG_PATH, RECOVERY_SEAL_CONFIG_PATH, type SealConfig } from './seal-config.js';
import { STORED_KEYS_PATH } from './stored-keys.js';

/**
 * Seal migration with a journal, so a crash at any moment leaves a server that unseals with the
 * keys the operator holds. Every entry of the new state is first written under a staging prefix;
 * then the journal records "commit"; then the staged bytes are copied over the live entries; then
 * the journal and the staging area are removed. At start: a committed journal is rolled forward
 * (the copy is idempotent), anything else is rolled back (staging removed, old state untouched).
 * The operator's shares are the same on both sides, in every direction, so either outcome opens
 * with the keys they hold.
 */
export const JOURNAL_PATH = 'core/migration/journal';
const STAGING = 'core/migration/staged/';
const DELETED = 'deleted';

interface Journal {
  phase: 'prepare' | 'commit';
  from: string;
  to: string;
  /** Live paths, in write order; a path whose staged entry is missing is deleted instead. */
  paths: string[];
}

/** A test-only failpoint: TSVAULT_FAILPOINT=migration:<step> kills the process at that step. */
export type Failpoint = (step: string) => void;

export function envFailpoint(env: NodeJS.ProcessEnv): Failpoint {
  const wanted = env.TSVAULT_FAILPOINT;
  return (step) => {
    if (wanted === `migration:${step}`) process.kill(process.pid, 'SIGKILL');
  };
}

async function putJson(storage: Backend, path: string, value: unknown): Promise<void> {
  await storage.put(path, Buffer.from(JSON.stringify(value)));
}

/** Finish or undo an interrupted migration; returns what happened. */
export async function recoverMigration(storage: Backend, logger: Logger): Promise<'none' | 'rolled-forward' | 'rolled-back'> {
  const raw = await storage.get(JOURNAL_PATH);
  if (!raw) {
    await clearStaging(storage);
    return 'none';
  }
  const journal = JSON.parse(Buffer.from(raw).toString('utf8')) as Journal;
  if (journal.phase === 'commit') {
    await applyStaged(storage, journal, () => undefined);
    logger.warn('seal migration was interrupted after commit; finished it', { from: journal.from, to: journal.to });
    return 'rolled-forward';
  }
  await storage.delete(JOURNAL_PATH);
  await clearStaging(storage);
  logger.warn('seal migration was interrupted before commit; rolled back', { from: journal.from, to: journal.to });
  return 'rolled-back';
}

async function clearStaging(storage: Backend, prefix = STAGING): Promise<void> {
  for (const name of await storage.list(prefix)) {
    if (name.endsWith('/')) await clearStaging(storage, prefix + name);
    else await storage.delete(prefix + name);
  }
}

async function applyStaged(storage: Backend, journal: Journal, fail: Failpoint): Promise<void> {
  for (const [i, path] of journal.paths.entries()) {
    const staged = await storage.get(STAGING + path);
    if (staged === null || Buffer.from(staged).toString() === DELETED) await storage.delete(path);
    else await storage.put(path, staged);
    fail(`live-${i}`);
  }
  await storage.delete(JOURNAL_PATH);
  fail('journal-removed');
  await clearStaging(storage);
}

/** What a migration needs of the barrier (the core's Barrier). */
export interface MigrationBarrier {
  unseal(rootKey: Uint8Array): Promise<void>;
  seal(): void;
  /** The keyring entries as they would be stored under another root key. */
  keyringEntriesFor(rootKey: Uint8Array): Map<string, Uint8Array>;
}

export interface MigrationInput {
  storage: Backend;
  barrier: MigrationBarrier; // unsealed with the current root key
  from: Seal;
  to: Seal;
  configs: { barrier: SealConfig; recovery: SealConfig | null };
  /** The key the operator's shares combine to: the Shamir KEK or the recovery key. */
  operatorKey: Uint8Array;
  rootKey: Uint8Array;
  logger: Logger;
  fail: Failpoint;
}

/**
 * Vault's migrateSeal, staged. Shamir → auto: the KEK becomes the recovery key, a new root key is
 * made and the keyring re-encrypted under it. Auto → Shamir: the recovery key becomes the KEK, the
 * recovery config becomes the barrier config. Auto → auto: keys re-wrapped by the new seal.
 * Returns the root key now in force.
 */
export async function migrate(m: MigrationInput): Promise<Uint8Array> {
  const { storage } = m;
  const fromShamir = m.from.type === 'shamir';
  const toShamir = m.to.type === 'shamir';
  const staged = new Map<string, Uint8Array | typeof DELETED>();
  const json = (v: unknown): Uint8Array => Buffer.from(JSON.stringify(v));
  let rootKey = Uint8Array.from(m.rootKey);
  // What wraps under the new seal: its plugin's wrapper, or for Shamir the recovery key as the KEK.
  const wrapper = m.to.rootKeyWrapper(m.operatorKey);

  if (fromShamir) {
    m.logger.info('migrating from shamir to auto-unseal', { to: m.to.type });
    rootKey = randomBytes(32);
    for (const [path, bytes] of m.barrier.keyringEntriesFor(rootKey)) staged.set(path, bytes);
    staged.set(RECOVERY_SEAL_CONFIG_PATH, json({ ...m.configs.barrier, type: 'shamir', stored_shares: 0 }));
    staged.set(RECOVERY_KEY_PATH, json(await wrapper.encrypt(m.operatorKey, Buffer.from(RECOVERY_KEY_PATH))));
    staged.set(BARRIER_SEAL_CONFIG_PATH, json({ ...m.configs.barrier, type: m.to.type, secret_shares: 1, secret_threshold: 1, stored_shares: 1 }));
  } else if (toShamir) {
    m.logger.info('migrating from one auto-unseal to shamir', { from: m.from.type });
    const recovery = m.configs.recovery!;
    staged.set(BARRIER_SEAL_CONFIG_PATH, json({ ...recovery, type: 'shamir', stored_shares: 1 }));
    staged.set(RECOVERY_SEAL_CONFIG_PATH, DELETED);
    staged.set(RECOVERY_KEY_PATH, DELETED);
  } else {
    m.logger.info('migrating from one auto-unseal to another', { from: m.from.type, to: m.to.type });
    staged.set(RECOVERY_KEY_PATH, json(await wrapper.encrypt(m.operatorKey, Buffer.from(RECOVERY_KEY_PATH))));
    staged.set(BARRIER_SEAL_CONFIG_PATH, json({ ...m.configs.barrier, type: m.to.type }));
  }
  const plain = Buffer.from(JSON.stringify([Buffer.from(rootKey).toString('base64')]));
  staged.set(STORED_KEYS_PATH, json(await wrapper.encrypt(plain, Buffer.from(STORED_KEYS_PATH))));
  plain.fill(0);

  // The seal config goes last, as in Vault: it is what says which seal the data is under.
  const paths = [...staged.keys()].sort((a, b) => Number(a === BARRIER_SEAL_CONFIG_PATH) - Number(b === BARRIER_SEAL_CONFIG_PATH));
  const journal: Journal = { phase: 'prepare', from: m.from.type, to: m.to.type, paths };
  await putJson(storage, JOURNAL_PATH, journal);
  m.fail('journal-prepared');
  for (const [i, path] of paths.entries()) {
    const v = staged.get(path)!;
    await storage.put(STAGING + path, v === DELETED ? Buffer.from(DELETED) : v);
    m.fail(`staged-${i}`);
  }
  await putJson(storage, JOURNAL_PATH, { ...journal, phase: 'commit' });
  m.fail('committed');
  await applyStaged(storage, { ...journal, phase: 'commit' }, m.fail);
  m.logger.info('seal migration complete');
  return rootKey;
}
