import { describe, expect, it } from 'vitest';
import { goLocalTime, InFlightRequests } from '../../../src/http/in-flight.js';

describe('InFlightRequests', () => {
  it('holds a request until its done-function runs, in Vault\'s field names', () => {
    const table = new InFlightRequests();
    const done = table.add('GET', '/v1/sys/in-flight-req', '127.0.0.3', 49816);
    const six = table.add('PUT', '/v1/secret/data/a', '::1', 5000);
    const snap = Object.values(table.snapshot());
    expect(snap).toEqual([
      { start_time: expect.any(String), client_remote_address: '127.0.0.3:49816', request_path: '/v1/sys/in-flight-req', request_method: 'GET', client_id: '' },
      expect.objectContaining({ client_remote_address: '[::1]:5000', request_method: 'PUT' }),
    ]);
    expect(Object.keys(table.snapshot())[0]).toMatch(/^[0-9a-f-]{36}$/);
    done();
    six();
    expect(table.size).toBe(0);
  });

  it('shows the path without its query, under one id for as long as the request is held', () => {
    const table = new InFlightRequests();
    const done = table.add('GET', '/v1/secret/metadata/app?list=true', '127.0.0.1', 4000);
    const first = table.snapshot();
    const second = table.snapshot();
    expect(Object.values(first).map((r) => r.request_path)).toEqual(['/v1/secret/metadata/app']);
    expect(Object.keys(second)).toEqual(Object.keys(first));
    done();
    expect(table.snapshot()).toEqual({});
  });

  it('prints times as Go does, with the local offset', () => {
    expect(goLocalTime(new Date('2021-11-19T17:13:01.341Z'))).toMatch(/^2021-11-(19|20)T\d\d:\d\d:01\.341(Z|[+-]\d\d:\d\d)$/);
  });
});
