/**
 * A fetch for TLS listeners whose certificate the system does not trust: Vault's `-ca-cert` /
 * `VAULT_CACERT` and `-tls-skip-verify` / `VAULT_SKIP_VERIFY`. Node's global fetch cannot take a CA,
 * so these requests go through node:https; plain-HTTP and trusted addresses keep using fetch.
 */
import { readFileSync } from 'node:fs';
import { request } from 'node:https';

export interface TlsOptions {
  caCert?: string | undefined;
  skipVerify?: boolean | undefined;
}

export function tlsFetch(options: TlsOptions): typeof fetch {
  const ca = options.caCert ? readFileSync(options.caCert) : undefined;
  return (async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    if (url.protocol !== 'https:') return globalThis.fetch(input, init);
    const headers = Object.fromEntries(new Headers(init?.headers).entries());
    return new Promise<Response>((resolve, reject) => {
      const req = request(
        url,
        { method: init?.method ?? 'GET', headers, ...(ca ? { ca } : {}), rejectUnauthorized: !options.skipVerify },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const status = res.statusCode ?? 500;
            const body = status === 204 || status === 304 ? null : Buffer.concat(chunks);
            resolve(new Response(body, { status, headers: res.headers as Record<string, string> }));
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      init?.signal?.addEventListener('abort', () => req.destroy(new Error('request timed out')));
      if (typeof init?.body === 'string') req.write(init.body);
      req.end();
    });
  }) as typeof fetch;
}
