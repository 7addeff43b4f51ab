import type { ServerConfig } from '../config/types.js';

export interface BannerFacts {
  config: ServerConfig;
  listeners: readonly { address: string; tls: boolean }[];
  sealType: string;
  /** HA on the storage itself ("(HA available)") or on a separate ha_storage block. */
  ha?: { type: string; separate: boolean };
  version: string;
  buildDate: string;
  dev: boolean;
}

/** `==> Vault server configuration:` with right-aligned `Key: value` lines, as Vault prints it. */
export function renderBanner(f: BannerFacts): string {
  const first = f.listeners[0];
  const scheme = first?.tls ? 'https' : 'http';
  const rows: Array<[string, string]> = [
    ['Api Address', f.config.apiAddr ?? (first ? `${scheme}://${first.address}` : '')],
    ['Cgo', 'disabled'],
    ['Cluster Address', f.config.clusterAddr ?? (first ? `https://${first.address.replace(/:(\d+)$/, (_, p) => `:${Number(p) + 1}`)}` : '')],
    ['Environment Variables', 'n/a'],
  ];
  if (f.ha?.separate) rows.push(['HA Storage', f.ha.type]);
  f.listeners.forEach((l, i) => {
    rows.push([`Listener ${i + 1}`, `tcp (addr: "${l.address}", max_request_size: "33554432", tls: "${l.tls ? 'enabled' : 'disabled'}")`]);
  });
  rows.push(
    ['Log Level', f.config.logLevel],
    ['Mlock', 'supported: false, enabled: false'],
    ['Recovery Mode', 'false'],
    ['Seal Type', f.sealType],
    ['Storage', f.ha && !f.ha.separate ? `${f.config.storage.type} (HA available)` : f.config.storage.type],
    ['Version', `Vault v${f.version} (tsvault), built ${f.buildDate}`],
  );
  const width = Math.max(...rows.map(([k]) => k.length));
  const body = rows.map(([k, v]) => `${' '.repeat(width - k.length + 2)}${k}: ${v}`).join('\n');
  return `==> Vault server configuration:\n\n${body}\n\n==> Vault server started! Log data will stream in below:\n\n`;
}

/** What Vault prints after starting in -dev mode. */
export function renderDevNotice(address: string, unsealKey: string, rootToken: string): string {
  return [
    'WARNING! dev mode is enabled! In this mode, Vault runs entirely in-memory',
    'and starts unsealed with a single unseal key. The root token is already',
    'authenticated to the CLI, so you can immediately begin using Vault.',
    '',
    'You may need to set the following environment variables:',
    '',
    `    $ export VAULT_ADDR='http://${address}'`,
    '',
    'The unseal key and root token are displayed below in case you want to',
    'seal/unseal the Vault or re-authenticate.',
    '',
    `Unseal Key: ${unsealKey}`,
    `Root Token: ${rootToken}`,
    '',
    'Development mode should NOT be used in production installations!',
    '',
    '',
  ].join('\n');
}
