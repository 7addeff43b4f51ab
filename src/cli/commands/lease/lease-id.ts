/** The one ID argument of `vault lease lookup` and `vault lease renew` ([V] command/lease_*.go). */
import { err } from '../../format.js';
import type { CliIO } from '../../io.js';

/** The trimmed ID; null after `Missing ID!` or `Too many arguments (expected <expected>, got N)`. */
export function leaseIdArg(io: CliIO, args: readonly string[], expected: string): string | null {
  if (args.length === 0) {
    err(io, 'Missing ID!');
    return null;
  }
  if (args.length > 1) {
    err(io, `Too many arguments (expected ${expected}, got ${args.length})`);
    return null;
  }
  return (args[0] ?? '').trim();
}
