/**
 * sys/wrapping/wrap, unwrap, lookup and rewrap (Vault's wrapping endpoints). unwrap and lookup
 * take the wrapping token from the body (`token`) or, as Vault, from the request's own token
 * header; they are served without a token check because the wrapping token is the credential,
 * and an unusable one is Vault's 400 `wrapping token is not valid or does not exist`.
 */
import type { ResponseWrapper } from '../../auth/wrapping.js';
import { badRequest } from '../../logical/errors.js';
import { str } from '../../logical/fields.js';
import type { LogicalRequest, LogicalResponse, PathSpec } from '../../logical/types.js';

/** Paths served without a token check (Vault's PathsSpecial.Unauthenticated has wrapping/lookup; unwrap checks the wrapping token itself). */
export const WRAPPING_UNAUTHENTICATED_PATHS = ['wrapping/lookup', 'wrapping/unwrap'] as const;

/** The wrapping token: the `token` field, else X-Vault-Token / Authorization: Bearer. */
function wrappingToken(req: LogicalRequest): string {
  const fromBody = str(req.data, 'token').trim();
  if (fromBody !== '') return fromBody;
  const header = req.headers['x-vault-token'];
  const fromHeader = (Array.isArray(header) ? header[0] : header) ?? '';
  if (fromHeader !== '') return fromHeader.trim();
  const bearer = /^Bearer\s+(.+)$/i.exec(String(req.headers.authorization ?? ''));
  return bearer ? bearer[1]!.trim() : '';
}

export function wrappingPaths(wrapper: ResponseWrapper): PathSpec[] {
  const lookup = async (req: LogicalRequest): Promise<LogicalResponse> => {
    const token = wrappingToken(req);
    if (token === '') throw badRequest('missing "token" value in input');
    return { data: { ...(await wrapper.lookup(token)) } };
  };
  return [
    {
      pattern: /^wrapping\/wrap$/,
      operations: {
        update: async (req) => {
          if (!req.wrapTtl) throw badRequest('endpoint requires response wrapping to be used');
          return { data: { ...req.data } };
        },
      },
    },
    {
      pattern: /^wrapping\/unwrap$/,
      operations: {
        update: async (req) => {
          const token = wrappingToken(req);
          if (token === '') throw badRequest('missing "token" value in input');
          // Vault answers with the wrapped response exactly as it was sent.
          return { raw: { status: 200, body: await wrapper.unwrap(token) } };
        },
      },
    },
    { pattern: /^wrapping\/lookup$/, operations: { read: lookup, update: lookup } },
    {
      pattern: /^wrapping\/rewrap$/,
      operations: {
        update: async (req) => {
          const token = wrappingToken(req);
          if (token === '') throw badRequest('missing "token" value in input');
          return { wrapInfo: { ...(await wrapper.rewrap(token)) } };
        },
      },
    },
  ];
}
