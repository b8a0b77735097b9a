/**
 * The operator's authority over HTTP: the operator token (`DIR/operator.token`) as a
 * Bearer credential, compared in constant time. Routes that act for the node's
 * organisation require it; budgets exempt requests that carry it.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { NodeContext } from '../context.js';
import { ArxNodeError } from '../errors.js';

/** True when the request carries the operator token (`Authorization: Bearer …`), compared in constant time. */
export function hasOperatorToken(request: FastifyRequest, operatorToken: string): boolean {
  const header = request.headers.authorization ?? '';
  const token = Buffer.from(header.startsWith('Bearer ') ? header.slice(7).trim() : '');
  const expected = Buffer.from(operatorToken);
  return token.length === expected.length && timingSafeEqual(token, expected);
}

/** Requires the operator token (`Authorization: Bearer …`). */
export function requireOperator(ctx: NodeContext) {
  return async (request: FastifyRequest): Promise<void> => {
    if (!hasOperatorToken(request, ctx.operatorToken)) throw new ArxNodeError('ARX_NODE_UNAUTHORISED');
  };
}
