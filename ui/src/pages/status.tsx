/**
 * Status: what seal-status, sys/leader and sys/seal-backend-status say (seal type, recovery seal,
 * HA mode and the active node, version, storage, cluster, seal health), and the Seal button for a
 * root token, behind a confirmation.
 */
import { useEffect, useState } from 'preact/hooks';
import { errorMessages } from '../api/client.js';
import { sys, type LeaderResponse, type SealBackendStatus } from '../api/sys.js';
import { ErrorList } from '../components/error-list.js';
import { Facts } from '../components/facts.js';
import { useAction } from '../components/use-action.js';
import type { PageProps } from './types.js';

function haMode(leader: LeaderResponse | undefined): string | undefined {
  if (!leader) return undefined;
  if (!leader.ha_enabled) return 'disabled';
  return leader.is_self ? 'active' : 'standby';
}

function SealButton({ api, refresh }: PageProps) {
  const [confirming, setConfirming] = useState(false);
  const seal = useAction(async () => {
    await sys.seal(api);
    await refresh();
  });
  if (!confirming) {
    return (
      <button type="button" class="danger" onClick={() => setConfirming(true)}>
        Seal
      </button>
    );
  }
  return (
    <div class="confirm" role="group" aria-labelledby="seal-confirm">
      <p id="seal-confirm">
        Seal this Vault? Every request will fail until it is unsealed again{' '}
        (with key shares, or by its auto seal after a restart).
      </p>
      <ErrorList errors={seal.errors} />
      <div class="buttons">
        <button type="button" class="danger" disabled={seal.busy} onClick={() => void seal.run()}>
          Yes, seal it
        </button>
        <button type="button" onClick={() => setConfirming(false)} autoFocus>
          Cancel
        </button>
      </div>
    </div>
  );
}

export function StatusPage(props: PageProps) {
  const { api, status, self } = props;
  const [leader, setLeader] = useState<LeaderResponse | undefined>();
  const [health, setHealth] = useState<SealBackendStatus | undefined>();
  const [errors, setErrors] = useState<string[]>([]);
  useEffect(() => {
    const problems: string[] = [];
    Promise.all([
      sys.leader(api).then(setLeader, (e: unknown) => problems.push(...errorMessages(e).map((m) => `sys/leader: ${m}`))),
      sys.sealBackendStatus(api).then(setHealth, (e: unknown) => problems.push(...errorMessages(e).map((m) => `sys/seal-backend-status: ${m}`))),
    ]).then(() => setErrors(problems));
  }, [api, status]);
  const isRoot = self?.policies?.includes('root') ?? false;
  return (
    <section aria-labelledby="status-title">
      <h1 id="status-title">Status</h1>
      <div class="card">
        <Facts
          label="Seal"
          rows={[
            ['Seal type', <span data-testid="seal-type">{status.type}</span>],
            ['Recovery seal', status.recovery_seal ? `yes${status.recovery_seal_type ? ` (${status.recovery_seal_type})` : ''}` : 'no'],
            ['Sealed', status.sealed ? 'yes' : 'no'],
            ['Key shares', status.recovery_seal ? undefined : `${status.t} of ${status.n}`],
            ['Seal health', health ? (health.healthy ? 'healthy' : `unhealthy${health.unhealthy_since ? ` since ${health.unhealthy_since}` : ''}`) : undefined],
            ['Migration pending', status.migration ? 'yes' : 'no'],
          ]}
        />
        <Facts
          label="Server"
          rows={[
            ['Version', status.version],
            ['Build date', status.build_date],
            ['Storage', status.storage_type],
            ['Cluster name', status.cluster_name],
            ['Cluster ID', status.cluster_id],
            ['HA mode', haMode(leader)],
            ['Active node', leader?.ha_enabled ? leader.leader_address : undefined],
          ]}
        />
        <ErrorList errors={errors} title="Some status could not be read" />
      </div>
      {isRoot ? (
        <div class="card">
          <h2>Seal</h2>
          <SealButton {...props} />
        </div>
      ) : null}
    </section>
  );
}
