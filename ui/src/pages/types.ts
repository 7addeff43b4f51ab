/**
 * What every page gets from the shell. A page is a component of PageProps; the shell decides which
 * page shows (init, unseal and login gate the rest; then the route picks from pages/registry.ts).
 */
import type { ApiClient } from '../api/client.js';
import type { SealStatusResponse, TokenSelf } from '../api/sys.js';
import type { Route } from '../router.js';

export interface PageProps {
  api: ApiClient;
  /** The last sys/seal-status answer. */
  status: SealStatusResponse;
  /** Reads sys/seal-status again (after an unseal, a seal, an init). */
  refresh: () => Promise<void>;
  route: Route;
  /** The logged-in token's lookup-self (undefined on the gate pages). */
  self?: TokenSelf;
}
