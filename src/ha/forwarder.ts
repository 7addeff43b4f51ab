/**
 * Request forwarding on an HA standby (Vault's handleRequestForwarding): every request but the few a
 * standby answers itself goes to the active node's api_addr, and its answer comes back unchanged,
 * so clients may talk to any node. When forwarding is off (`disable_clustering`, tsvault's
 * `disable_forwarding`, or the client's X-Vault-No-Request-Forwarding header) or the active node
 * cannot be reached, the standby answers 307 to the active node instead (Vault's respondStandby).
 */
import { request as httpRequest, Agent as HttpAgent, type IncomingMessage, type ServerResponse } from 'node:http';
import { request as httpsRequest, Agent as HttpsAgent } from 'node:https';
import { respondJson } from '../http/errors.js';
import type { Logger } from '../log/types.js';
import type { Advertisement } from './advertisement.js';
import type { LeaderView } from './coordinator.js';

/** Paths a standby serves itself (Vault registers these handlers without forwarding). */
const LOCAL_ON_STANDBY = new Set(['sys/init', 'sys/seal-status', 'sys/seal-backend-status', 'sys/unseal', 'sys/leader', 'sys/health']);

/** Marks a request one node forwarded to another: it is never forwarded again. */
export const FORWARDED_HEADER = 'x-tsvault-forwarded-by';
const NO_FORWARDING_HEADER = 'x-vault-no-request-forwarding';
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer'];
/** How long a standby trusts what it read about the active node. */
const LEADER_CACHE_MS = 1_000;

export interface ForwardingNode {
  readonly standby: boolean;
  readonly self: Advertisement;
  leader(): Promise<LeaderView>;
}

export interface ForwarderOptions {
  node: ForwardingNode;
  /** Redirect (307) instead of forwarding. */
  disabled: boolean;
  logger: Logger;
  /** Extra CA certificates for an https api_addr (VAULT_CACERT). */
  ca?: string | Buffer;
}

/** Returns the listener hook: true when it answered the request (forwarded or redirected). */
export function createForwarder(opts: ForwarderOptions): (req: IncomingMessage, res: ServerResponse, path: string) => boolean {
  const log = opts.logger.named('ha');
  const agents = {
    http: new HttpAgent({ keepAlive: true, maxSockets: 128 }),
    https: new HttpsAgent({ keepAlive: true, maxSockets: 128, ...(opts.ca ? { ca: opts.ca } : {}) }),
  };
  let cached: { at: number; leader: Advertisement | undefined } | undefined;

  async function activeNode(): Promise<Advertisement | undefined> {
    if (cached && performance.now() - cached.at < LEADER_CACHE_MS) return cached.leader;
    const view = await opts.node.leader();
    const leader = view.leader && view.leader.node_id !== opts.node.self.node_id ? view.leader : undefined;
    cached = { at: performance.now(), leader };
    return leader;
  }

  function redirect(req: IncomingMessage, res: ServerResponse, leader: Advertisement | undefined): void {
    req.resume();
    if (!leader?.api_addr) {
      respondJson(res, 503, { errors: ['no active Vault instance found'] });
      return;
    }
    const target = new URL(leader.api_addr.includes('://') ? leader.api_addr : `https://${leader.api_addr}`);
    const url = new URL(req.url ?? '/', 'http://localhost');
    const location = `${target.protocol}//${target.host}${url.pathname}${url.search}`;
    res.writeHead(307, { Location: location, 'Cache-Control': 'no-store' });
    res.end();
  }

  function forward(req: IncomingMessage, res: ServerResponse, leader: Advertisement): void {
    const target = new URL(leader.api_addr);
    const tls = target.protocol === 'https:';
    const headers: Record<string, string | string[] | undefined> = { ...req.headers };
    for (const h of HOP_BY_HOP) delete headers[h];
    headers.host = target.host;
    const remote = req.socket.remoteAddress ?? '';
    headers['x-forwarded-for'] = req.headers['x-forwarded-for'] ? `${String(req.headers['x-forwarded-for'])}, ${remote}` : remote;
    headers[FORWARDED_HEADER] = opts.node.self.node_id;
    const out = (tls ? httpsRequest : httpRequest)(
      {
        protocol: target.protocol,
        hostname: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers,
        agent: tls ? agents.https : agents.http,
      },
      (answer) => {
        const back: Record<string, string | string[] | undefined> = { ...answer.headers };
        for (const h of HOP_BY_HOP) delete back[h];
        res.writeHead(answer.statusCode ?? 502, back);
        answer.pipe(res);
      },
    );
    out.on('error', (err) => {
      cached = undefined;
      log.error('forward request error', { error: err.message });
      if (!res.headersSent) redirect(req, res, leader);
      else res.destroy();
    });
    req.pipe(out);
  }

  return (req, res, path) => {
    if (!opts.node.standby || LOCAL_ON_STANDBY.has(path)) return false;
    if (path === 'sys/seal') {
      // Vault's text: a standby has no token store to check the caller against.
      req.resume();
      respondJson(res, 500, { errors: ['vault cannot seal when in standby mode; please restart instead'] });
      return true;
    }
    const noForward = opts.disabled || req.headers[NO_FORWARDING_HEADER] !== undefined || req.headers[FORWARDED_HEADER] !== undefined;
    activeNode().then(
      (leader) => (noForward || !leader?.api_addr ? redirect(req, res, leader) : forward(req, res, leader)),
      (err: unknown) => {
        log.error('could not find the active node', { error: (err as Error).message });
        req.resume();
        respondJson(res, 500, { errors: [(err as Error).message] });
      },
    );
    return true;
  };
}
