import { describe, expect, it } from 'vitest';
import { createAdvertisement, decodeAdvertisement, defaultAddresses, encodeAdvertisement } from '../../../src/ha/advertisement.js';

describe('HA advertisement', () => {
  it('round-trips through the lock value', () => {
    const ad = createAdvertisement({ nodeId: 'n1', apiAddr: 'http://10.0.0.1:8200', clusterAddr: 'https://10.0.0.1:8201', version: '1.2.3' });
    expect(decodeAdvertisement(encodeAdvertisement(ad))).toEqual(ad);
  });

  it("reads a Vault node's bare UUID lock value as a holder without addresses", () => {
    expect(decodeAdvertisement('0b2c6f0e-1111-2222-3333-444455556666')).toMatchObject({ node_id: '0b2c6f0e-1111-2222-3333-444455556666', api_addr: '' });
  });

  it('defaults api_addr from the first listener and cluster_addr to the next port over https', () => {
    expect(defaultAddresses({}, { address: '127.0.0.1:8200', tls: false })).toEqual({ apiAddr: 'http://127.0.0.1:8200', clusterAddr: 'https://127.0.0.1:8201' });
    expect(defaultAddresses({}, { address: '0.0.0.0:8200', tls: true })).toEqual({ apiAddr: 'https://127.0.0.1:8200', clusterAddr: 'https://127.0.0.1:8201' });
    expect(defaultAddresses({ apiAddr: 'https://vault.example:443' }, undefined)).toEqual({ apiAddr: 'https://vault.example:443', clusterAddr: 'https://vault.example:444' });
    expect(defaultAddresses({ apiAddr: 'http://a:1', clusterAddr: 'https://b:2' }, undefined)).toEqual({ apiAddr: 'http://a:1', clusterAddr: 'https://b:2' });
  });
});
