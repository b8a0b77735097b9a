/**
 * The baseline for the lookup and oversight benchmarks (node.bench.ts): fastify, as the
 * node uses it, answering the routes measured with a constant body. Prints `{ "port": N }` when listening.
 */
import { createRequire } from 'node:module';

// fastify is a dependency of @arx/node; resolve it from there.
const require = createRequire(new URL('../../node/package.json', import.meta.url));
const { default: Fastify } = (await import(require.resolve('fastify'))) as {
  default: (options: object) => {
    get(path: string, handler: () => unknown): void;
    listen(options: { host: string; port: number }): Promise<string>;
    server: { address(): { port: number } };
  };
};

const app = Fastify({ logger: false });
const answer = { address: null, responsible: null, listings: [], reports: [] };
app.get('/v1/lookup/:address', () => answer);
// The baselines of the oversight figures: the same routes answering a constant.
const figures = { window: null, cursor: 0, federation: {}, members: {}, operators: {}, unrouted: {} };
app.get('/v1/metrics/resolution', () => figures);
app.get('/metrics', () => '# constant\n');
await app.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`${JSON.stringify({ port: app.server.address().port })}\n`);
