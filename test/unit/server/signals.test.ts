import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { holdSignals } from '../../../src/server/signals.js';

function source() {
  const e = new EventEmitter();
  return { on: (s: string, l: () => void) => e.on(s, l), off: (s: string, l: () => void) => e.off(s, l), emit: (s: string) => e.emit(s), count: (s: string) => e.listenerCount(s) };
}

describe('holdSignals', () => {
  it('holds a SIGHUP from start-up and runs one reload when opened; later ones go straight through', () => {
    const src = source();
    const gate = holdSignals(src);
    src.emit('SIGHUP');
    src.emit('SIGHUP');
    const calls: string[] = [];
    gate.open({ reload: () => calls.push('reload'), stop: () => calls.push('stop') });
    expect(calls).toEqual(['reload']);
    src.emit('SIGHUP');
    src.emit('SIGTERM');
    expect(calls).toEqual(['reload', 'reload', 'stop']);
    gate.close();
    expect([src.count('SIGHUP'), src.count('SIGINT'), src.count('SIGTERM')]).toEqual([0, 0, 0]);
  });

  it('a stop signal during start-up stops once up; after it, the next one meets the default action', () => {
    const src = source();
    const gate = holdSignals(src);
    src.emit('SIGINT');
    expect([src.count('SIGINT'), src.count('SIGTERM')]).toEqual([0, 0]);
    const calls: string[] = [];
    gate.open({ reload: () => calls.push('reload'), stop: () => calls.push('stop') });
    expect(calls).toEqual(['stop']);
  });
});
