import type { LogicalResponse } from '../logical/types.js';
import type { Reply } from './context.js';

/** Vault's response envelope. */
export function envelope(res: LogicalResponse, requestId: string, mountType: string): Record<string, unknown> {
  const data = res.data ?? null;
  return {
    ...(res.topLevel && data ? data : {}),
    request_id: requestId,
    lease_id: res.leaseId ?? '',
    renewable: res.renewable ?? false,
    lease_duration: res.leaseDuration ?? 0,
    data,
    wrap_info: res.wrapInfo ?? null,
    warnings: res.warnings && res.warnings.length > 0 ? res.warnings : null,
    auth: res.auth ?? null,
    mount_type: mountType,
  };
}

/** A backend's answer as an HTTP reply: nothing is a 404, a raw answer goes as-is, the rest in the envelope. */
export function replyOf(response: LogicalResponse | null, requestId: string, mountType: string): Reply {
  if (!response) return { status: 404, body: { errors: [] } };
  if (response.raw) return response.raw;
  if (response.stream) return { status: 200, stream: response.stream };
  const empty = !response.data && !response.auth && !response.wrapInfo && !(response.warnings && response.warnings.length > 0);
  if (response.noContent && empty && !response.status) return { status: 204 };
  return { status: response.status ?? 200, body: envelope(response, requestId, mountType) };
}

/** The envelope that replaces a wrapped response: only `wrap_info` (Vault's wrapped response). */
export function wrappedEnvelope(requestId: string, wrapInfo: Record<string, unknown>): Record<string, unknown> {
  return {
    request_id: requestId,
    lease_id: '',
    renewable: false,
    lease_duration: 0,
    data: null,
    wrap_info: wrapInfo,
    warnings: null,
    auth: null,
    mount_type: '',
  };
}
