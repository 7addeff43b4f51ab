import type { Handler, Route } from '../context.js';

/** Vault's sys/seal-backend-status: the health of each seal backend (unauthenticated). */
const status: Handler = async (ctx) => ({ status: 200, body: ctx.core.sealBackendStatus() });

export const sealBackendStatusRoute: Route = { methods: { GET: status }, unauthenticated: true, whileSealed: true };
