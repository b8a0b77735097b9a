/**
 * The oversight dashboard: static files from the package's `static/dashboard/`
 * (index.html, style.css and the bundle `dist/app.js` built by
 * scripts/build-dashboard.mjs), served at `/dashboard/`.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import type { NodeContext } from '../context.js';

/** node/static/dashboard/, from node/dist/oversight/ (compiled) or node/src/oversight/ (tsx). */
export const DASHBOARD_DIR = fileURLToPath(new URL('../../static/dashboard/', import.meta.url));
export const DASHBOARD_PREFIX = '/dashboard/';

// The page shows data other organisations wrote: allow nothing but this node's own
// scripts, styles and API (HTTP and websocket), so stray markup cannot run or load.
const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self' ws: wss:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Only the built page is served: not the TypeScript sources next to it. */
function servable(path: string): boolean {
  return path === '/' || path === '/index.html' || path === '/style.css' || /^\/dist\/[\w.-]+\.js(\.map)?$/.test(path);
}

export function dashboardRoutes(app: FastifyInstance, ctx: NodeContext): void {
  if (!existsSync(`${DASHBOARD_DIR}dist/app.js`)) {
    ctx.log.warn(
      { dir: DASHBOARD_DIR },
      'dashboard bundle missing: run "pnpm build" (node scripts/build-dashboard.mjs)',
    );
  }
  app.register(fastifyStatic, {
    root: DASHBOARD_DIR,
    prefix: DASHBOARD_PREFIX,
    // Other plugins may register @fastify/static too; only one may decorate reply.
    decorateReply: false,
    index: 'index.html',
    allowedPath: (pathName) => servable(pathName),
    setHeaders: (res) => {
      res.setHeader('content-security-policy', CSP);
      res.setHeader('x-content-type-options', 'nosniff');
      res.setHeader('referrer-policy', 'no-referrer');
      res.setHeader('cache-control', 'no-cache');
    },
  });
  // Relative URLs in the page (style.css, dist/app.js) need the trailing slash.
  app.get(DASHBOARD_PREFIX.slice(0, -1), (_request, reply) => reply.redirect(DASHBOARD_PREFIX, 301));
}
