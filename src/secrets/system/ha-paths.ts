/**
 * sys/leader, sys/ha-status and sys/step-down ([V] http/sys_leader.go, vault/logical_system.go,
 * http/sys_stepdown.go): who is active, which nodes the cluster has heard from, and the active
 * node handing the lock over. A node without HA storage answers sys/leader with ha_enabled false.
 */
import type { Core } from '../../core/core.js';
import { CoreError } from '../../errors.js';
import type { HACoordinator } from '../../ha/coordinator.js';
import type { HttpPath } from './http-paths.js';
import { raw } from './http-paths.js';
import type { PathSpec } from '../../logical/types.js';

const ZERO_TIME = '0001-01-01T00:00:00Z';

function leaderBody(fields: { ha: boolean; isSelf?: boolean; activeTime?: Date; address?: string; clusterAddress?: string }) {
  return {
    ha_enabled: fields.ha,
    is_self: fields.isSelf ?? false,
    active_time: fields.activeTime ? fields.activeTime.toISOString() : ZERO_TIME,
    leader_address: fields.address ?? '',
    leader_cluster_address: fields.clusterAddress ?? '',
    performance_standby: false,
    performance_standby_last_remote_wal: 0,
  };
}

export function leaderPaths(core: Core, ha: HACoordinator | undefined): HttpPath[] {
  return [
    {
      path: 'leader',
      methods: {
        GET: async () => {
          if (!ha) return raw(200, leaderBody({ ha: false }));
          // Vault: an HA node cannot tell who leads while it is sealed.
          if (core.sealed) throw new CoreError('BARRIER_SEALED');
          const view = await ha.leader();
          return raw(
            200,
            leaderBody({
              ha: true,
              isSelf: view.isSelf,
              ...(view.activeTime ? { activeTime: view.activeTime } : {}),
              address: view.leader?.api_addr ?? '',
              clusterAddress: view.leader?.cluster_addr ?? '',
            }),
          );
        },
      },
    },
    {
      // Vault answers 204 once the node has started handing over (its handler does not wait).
      path: 'step-down',
      methods: {
        PUT: async () => {
          ha?.stepDown();
          return raw(204);
        },
        POST: async () => {
          ha?.stepDown();
          return raw(204);
        },
      },
    },
  ];
}

/** sys/ha-status as the active node sees it (a standby forwards it there). */
export function haStatusPaths(ha: HACoordinator | undefined): PathSpec[] {
  return [
    {
      pattern: /^ha-status$/,
      operations: {
        read: async () => {
          if (!ha) throw new CoreError('CORE_INVALID_REQUEST', 'Vault is not configured for highly-available mode');
          const leader = await ha.leader();
          const activeId = leader.leader?.node_id ?? '';
          const nodes = (await ha.nodes()).map(({ ad, lastSeen }) => {
            const active = ad.node_id === activeId;
            return {
              hostname: ad.hostname,
              api_address: ad.api_addr,
              cluster_address: ad.cluster_addr,
              active_node: active,
              last_echo: active ? null : lastSeen.toISOString(),
              version: ad.version,
            };
          });
          nodes.sort((a, b) => Number(b.active_node) - Number(a.active_node));
          return { data: { nodes }, topLevel: true };
        },
      },
    },
  ];
}
