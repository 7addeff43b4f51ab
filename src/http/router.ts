import type { Route } from './context.js';
import { generateRootRoutes } from './sys/generate-root.js';
import { healthRoute } from './sys/health.js';
import { rekeyRoutes } from './sys/rekey.js';
import { initRoute } from './sys/init.js';
import { keyStatusRoute, rotateRoute } from './sys/keys.js';
import { leaderRoute } from './sys/leader.js';
import { sealBackendStatusRoute } from './sys/seal-backend-status.js';
import { sealRoute, sealStatusRoute, unsealRoute } from './sys/seal.js';

/** The routes served today, by path after /v1/. The mount table of later work hangs off this. */
export const ROUTES: ReadonlyMap<string, Route> = new Map<string, Route>([
  ['sys/init', initRoute],
  ['sys/seal-status', sealStatusRoute],
  ['sys/unseal', unsealRoute],
  ['sys/seal', sealRoute],
  ['sys/health', healthRoute],
  ['sys/seal-backend-status', sealBackendStatusRoute],
  ['sys/leader', leaderRoute],
  ['sys/key-status', keyStatusRoute],
  ['sys/rotate', rotateRoute],
  ...generateRootRoutes((ctx) => ctx.core.generateRoot),
  ...rekeyRoutes((ctx, target) => ctx.core.rekeys[target]),
]);
