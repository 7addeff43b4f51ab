/**
 * How AppRole's handlers answer errors, after the way Vault's framework turns a handler's return
 * into a status: logical.ErrorResponse(...) is a 400 with the text; a plain Go error is a 500 with
 * its text; ErrUnsupportedPath with an error response is a 404 with the response's text, without
 * one `unsupported path`; RespondWithStatusCode bodies go out as they are.
 */
import { CoreError } from '../../errors.js';
import { badRequest, unsupportedPath } from '../../logical/errors.js';
import type { LogicalRequest, LogicalResponse } from '../../logical/types.js';

/** logical.ErrorResponse(msg): 400. */
export const errorResponse = (message: string): CoreError => badRequest(message);

/** A handler's plain error: 500 with its text. */
export const plainError = (message: string): CoreError => new CoreError('CORE_INTERNAL', message);

/** logical.ErrorResponse(msg) with logical.ErrUnsupportedPath: 404 with the text. */
export const notFound = (message: string): CoreError => new CoreError('CORE_NOT_FOUND', message);

/** logical.ErrUnsupportedPath alone: 404 `unsupported path`. */
export const noSuchPath = (): CoreError => unsupportedPath();

/** Vault's answer for a write that returns (nil, nil): 204. */
export const NO_CONTENT: LogicalResponse = Object.freeze({ noContent: true }) as LogicalResponse;

/**
 * logical.RespondWithStatusCode(resp, req, status): the response as Vault's HTTP layer marshals
 * it, sent with that status (mount_type is empty there: the response never went through the router's tagging).
 */
export function withStatus(
  req: LogicalRequest,
  status: number,
  resp: { data?: Record<string, unknown> | null; warnings?: string[] | null },
): LogicalResponse {
  return {
    raw: {
      status,
      body: {
        request_id: req.id,
        lease_id: '',
        renewable: false,
        lease_duration: 0,
        data: resp.data ?? null,
        wrap_info: null,
        warnings: resp.warnings ?? null,
        auth: null,
        mount_type: '',
      },
    },
  };
}

/** An error response that Vault sends with another status than its own (ErrPermissionDenied with a text: 403). */
export function errorWithStatus(status: number, message: string): LogicalResponse {
  return { raw: { status, body: { errors: [message] } } };
}
