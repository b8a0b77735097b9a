/** Runs the DNSBL responder (RFC 5782) over this node's listings when configured. */
import type { NodeContext } from './context.js';
import { startDnsbl } from './dnsbl/index.js';
import type { ListingIndex } from './state/types.js';

/** The listings a zone answers for: this operator's own, or every list operator's. */
export function zoneIndex(ctx: NodeContext): ListingIndex {
  return ctx.config.dnsbl.origins === 'all' ? ctx.listings : ctx.listings.scoped(ctx.ownKey);
}

export async function startDnsblService(ctx: NodeContext): Promise<(() => Promise<void>) | undefined> {
  const { dnsbl } = ctx.config;
  if (!dnsbl.enabled) return undefined;
  const contact = ctx.roster().member(ctx.ownKey)?.contacts.abuse[0];
  const server = await startDnsbl({
    host: dnsbl.host,
    port: dnsbl.port,
    zone: dnsbl.zone,
    index: zoneIndex(ctx),
    contact,
    removalUrl: (listing) => `${ctx.listen.http ?? ''}/v1/listings?list=${listing.list}#${listing.id}`,
    onError: (err) => ctx.log.warn({ err: String(err) }, 'DNSBL error'),
  });
  ctx.listen.dns = `${server.udp.address}:${server.udp.port}`;
  ctx.log.info({ dns: ctx.listen.dns, zone: dnsbl.zone }, 'DNSBL listening');
  return () => server.close();
}
