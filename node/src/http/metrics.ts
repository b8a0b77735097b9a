/** `GET /metrics`: the node's Prometheus exposition (series declared in oversight/registry.ts). */
import type { FastifyInstance } from 'fastify';
import type { NodeContext } from '../context.js';
import { mirrorCounter } from '../oversight/registry.js';
import { storageBytes } from './storage-size.js';

/** Sets the log, storage and peer series from the node's state before each scrape. */
function nodeStateHook(ctx: NodeContext): () => Promise<void> {
  const m = ctx.metrics;
  return async () => {
    const roster = ctx.roster();
    mirrorCounter(m.entriesStored, ctx.writer.lastCursor);
    m.entriesHeld.set(ctx.writer.heldEntries);
    m.originHeadSeq.reset();
    for (const [origin, seq] of ctx.writer.haveVector()) {
      m.originHeadSeq.set({ origin: roster.handleOf(origin) ?? origin.slice(0, 16) }, seq);
    }
    m.listingsActive.set(ctx.listings.countActive());
    m.rosterVersion.set(roster.version);
    m.forkedOrigins.set(ctx.writer.forked.size);
    m.peersOpen.set(ctx.peers().filter((p) => p.state === 'open').length);
    m.storageBytes.set(await storageBytes(ctx));
    m.storageDegraded.set(ctx.writer.storage.ok ? 0 : 1);
    mirrorCounter(m.storageWriteFailures, ctx.writer.storage.failures);
  };
}

export function metricsRoutes(app: FastifyInstance, ctx: NodeContext): void {
  const stop = ctx.metrics.onScrape(nodeStateHook(ctx));
  app.addHook('onClose', async () => stop());
  app.get('/metrics', async (_request, reply) => {
    const { contentType, text } = await ctx.metrics.exposition();
    reply.type(contentType);
    return text;
  });
}
