/**
 * The periodic seal health check on a fake clock: Vault's default intervals exactly
 * (seal.HealthTestIntervalNominal = 10 minutes while healthy, seal.HealthTestIntervalUnhealthy =
 * 1 minute while not), the switch between them in both directions, and what is logged and reported.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SealHealth } from '../../../src/seal/seal-health.js';
import type { SealWrapper } from '../../../src/seal/plugin-api.js';
import { recordingLogger } from '../../support/recording-logger.js';

const MINUTE = 60_000;


/** A seal whose health round trip succeeds or fails as `state.ok` says, counting the checks. */
function fakeSeal(withHealth = true) {
  const state = { ok: true, checks: 0 };
  const probe = async (): Promise<void> => {
    state.checks++;
    if (!state.ok) throw new Error('kms unreachable');
  };
  const seal: SealWrapper = {
    type: 'awskms',
    keyId: () => 'k',
    encrypt: async () => {
      await probe();
      return { ciphertext: '' };
    },
    decrypt: async () => new Uint8Array(0),
    ...(withHealth ? { health: probe } : {}),
  };
  return { seal, state };
}

let health: SealHealth | undefined;

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2024-05-01T12:00:00Z') });
});
afterEach(() => {
  health?.stop();
  health = undefined;
  vi.useRealTimers();
});

/** Advance the fake clock by `ms`, then return how many checks have run so far. */
async function after(ms: number, state: { checks: number }): Promise<number> {
  await vi.advanceTimersByTimeAsync(ms);
  return state.checks;
}

describe('seal health check: default intervals', () => {
  it('checks a healthy seal every 10 minutes exactly, the first time 10 minutes after start', async () => {
    const { seal, state } = fakeSeal();
    health = new SealHealth(seal, { logger: recordingLogger(), active: () => true });
    health.start();
    expect(await after(10 * MINUTE - 1, state)).toBe(0);
    expect(await after(1, state)).toBe(1);
    expect(await after(10 * MINUTE - 1, state)).toBe(1);
    expect(await after(1, state)).toBe(2);
    expect(await after(10 * MINUTE, state)).toBe(3);
    expect(health.status().healthy).toBe(true);
  });

  it('switches to every minute once a check fails, and back to every 10 minutes once one passes', async () => {
    const { seal, state } = fakeSeal();
    const logger = recordingLogger();
    health = new SealHealth(seal, { logger, active: () => true });
    health.start();
    state.ok = false;
    expect(await after(10 * MINUTE, state)).toBe(1); // this one fails
    expect(health.status()).toMatchObject({ healthy: false, unhealthy_since: '2024-05-01T12:10:00Z' });
    expect(await after(MINUTE - 1, state)).toBe(1);
    expect(await after(1, state)).toBe(2);
    expect(await after(MINUTE - 1, state)).toBe(2);
    expect(await after(1, state)).toBe(3);
    // Still failing: the loss was logged once, and the first failure's time is kept.
    expect(logger.lines.filter((l) => l.level === 'warn')).toHaveLength(1);
    expect(health.status().unhealthy_since).toBe('2024-05-01T12:10:00Z');

    state.ok = true;
    expect(await after(MINUTE, state)).toBe(4); // this one passes
    expect(health.status()).toEqual({ healthy: true, backends: [{ name: 'awskms', healthy: true }] });
    expect(logger.lines.filter((l) => l.msg === 'seal backend is healthy again')).toHaveLength(1);
    expect(await after(MINUTE, state)).toBe(4); // no longer every minute
    expect(await after(10 * MINUTE - MINUTE - 1, state)).toBe(4);
    expect(await after(1, state)).toBe(5);
  });

  it('without a health() hook, round-trips an encryption at the same intervals', async () => {
    const { seal, state } = fakeSeal(false);
    health = new SealHealth(seal, { logger: recordingLogger(), active: () => true });
    health.start();
    state.ok = false;
    expect(await after(10 * MINUTE, state)).toBe(1);
    expect(health.status().healthy).toBe(false);
    expect(await after(MINUTE, state)).toBe(2);
  });

  it('skips the check while sealed but keeps the schedule, and stop() ends it', async () => {
    const { seal, state } = fakeSeal();
    let unsealed = false;
    health = new SealHealth(seal, { logger: recordingLogger(), active: () => unsealed });
    health.start();
    expect(await after(30 * MINUTE, state)).toBe(0);
    unsealed = true;
    expect(await after(10 * MINUTE, state)).toBe(1);
    health.stop();
    expect(await after(60 * MINUTE, state)).toBe(1);
  });

  it('configured intervals replace the defaults', async () => {
    const { seal, state } = fakeSeal();
    health = new SealHealth(seal, { logger: recordingLogger(), active: () => true, healthyIntervalMs: 300, unhealthyIntervalMs: 100 });
    health.start();
    expect(await after(300, state)).toBe(1);
    state.ok = false;
    expect(await after(300, state)).toBe(2);
    expect(await after(100, state)).toBe(3);
  });
});

describe('seal health check: timeout', () => {
  it('a round trip that hangs fails after 1 minute (Vault\'s HealthTestTimeout) and the checks go on', async () => {
    const { seal, state } = fakeSeal();
    const logger = recordingLogger();
    let hang = true;
    seal.health = () => {
      state.checks++;
      return hang ? new Promise<void>(() => undefined) : Promise.resolve();
    };
    health = new SealHealth(seal, { logger, active: () => true });
    health.start();
    await after(10 * MINUTE, state);
    expect(health.status().healthy).toBe(true); // still waiting on the first round trip
    await vi.advanceTimersByTimeAsync(MINUTE - 1);
    expect(health.status().healthy).toBe(true);
    await vi.advanceTimersByTimeAsync(1);
    expect(health.status().healthy).toBe(false);
    expect(logger.lines.find((l) => l.level === 'warn')?.fields).toMatchObject({ error: 'seal health check timed out after 60s' });
    hang = false;
    expect(await after(MINUTE, state)).toBe(2); // rescheduled at the unhealthy interval
    expect(health.status().healthy).toBe(true);
  });
});
