import { randomUUID } from 'node:crypto';
import type { Handler, Route } from '../context.js';
import { envelope } from '../logical.js';

const keyStatus: Handler = async (ctx) => {
  const s = ctx.core.keyStatus();
  return {
    status: 200,
    body: envelope({ data: { term: s.term, install_time: s.installTime, encryptions: s.encryptions }, topLevel: true }, randomUUID(), 'system'),
  };
};

const rotate: Handler = async (ctx) => {
  await ctx.core.rotate();
  return { status: 204 };
};

export const keyStatusRoute: Route = { methods: { GET: keyStatus } };
export const rotateRoute: Route = { methods: { PUT: rotate, POST: rotate }, sudo: true };
