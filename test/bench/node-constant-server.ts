/**
 * The baseline for the lookup benchmark (node.bench.ts): fastify, as the node uses it,
 * answering one route with a constant JSON body. Prints `{ "port": N }` when listening.
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
await app.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`${JSON.stringify({ port: app.server.address().port })}\n`);
