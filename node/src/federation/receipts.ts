/**
 * Delivery receipts: every interval, if entries other than receipts arrived since the
 * last one (or a roster was adopted), the node signs "I hold origin X up to seq N" for
 * every origin it holds, with the roster version it holds. Skipping intervals where
 * only receipts arrived keeps receipts from begetting receipts.
 */
import { fromHex } from '@arx/protocol';
import type { NodeContext } from '../context.js';
import type { StoredEvent } from '../ingest/writer.js';

export function startReceipts(ctx: NodeContext): () => void {
  let changed = false;
  const onStored = (event: StoredEvent) => {
    if (event.meta.k !== 'receipt' && event.meta.o !== ctx.ownKey) changed = true;
  };
  const onBlob = () => {
    changed = true;
  };
  ctx.writer.on('stored', onStored);
  // A detached roster is adopted when its blob arrives, after its entry.
  ctx.writer.on('blob', onBlob);
  const timer = setInterval(() => {
    const member = ctx.roster().member(ctx.ownKey);
    if (!changed || !member) return;
    changed = false;
    // A receipt names the head id: an origin whose chain here starts at a floor, with
    // nothing above it yet, has none to name (its head entry is past the horizon).
    const holdings = [...ctx.writer.haveVector()]
      .filter(([origin]) => origin !== ctx.ownKey && ctx.writer.head(origin)?.id)
      .slice(0, 4096)
      .map(([origin, seq]) => ({ origin: fromHex(origin), seq, head: fromHex(ctx.writer.head(origin)!.id!) }));
    if (holdings.length === 0) return;
    ctx.writer
      .publish('receipt', { holdings, roster: ctx.roster().version }, async () => {})
      .catch((err) => ctx.log.warn({ err }, 'receipt not published'));
  }, ctx.config.receipts.intervalSeconds * 1000);
  timer.unref();
  return () => {
    clearInterval(timer);
    ctx.writer.off('stored', onStored);
    ctx.writer.off('blob', onBlob);
  };
}
