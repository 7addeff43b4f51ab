import type { Handler, Route } from '../context.js';

/** No HA storage yet: Vault answers sys/leader for a non-HA node like this, sealed or not. */
const leader: Handler = async () => ({
  status: 200,
  body: {
    ha_enabled: false,
    is_self: false,
    active_time: '0001-01-01T00:00:00Z',
    leader_address: '',
    leader_cluster_address: '',
    performance_standby: false,
    performance_standby_last_remote_wal: 0,
  },
});

export const leaderRoute: Route = { methods: { GET: leader }, unauthenticated: true, whileSealed: true };
