/** Runs the DNSBL responder (RFC 5782) over this node's listings when configured. */
import type { ListKind } from '@arx/protocol';
import type { NodeContext } from './context.js';
import { type DnsblStats, startDnsbl } from './dnsbl/index.js';
import { mirrorCounter } from './oversight/registry.js';
import type { ListingIndex, ListingView } from './state/types.js';

/** The listings a zone answers for: this operator's own, or every list operator's. */
export function zoneIndex(ctx: NodeContext): ListingIndex {
  if (ctx.config.dnsbl.origins === 'all') return ctx.listings;
  const own = (views: ListingView[]) => views.filter((v) => v.origin === ctx.ownKey);
  return {
    forAddress: (ip, now) => own(ctx.listings.forAddress(ip, now)),
    forDomain: (name, now) => own(ctx.listings.forDomain(name, now)),
    active: (filter: { list?: ListKind; origin?: string } = {}, now?: number) =>
      ctx.listings.active({ ...filter, origin: ctx.ownKey }, now),
  };
}

/** The responder's own counters as Prometheus series. */
function dnsblSeries(ctx: NodeContext, stats: Readonly<DnsblStats>): void {
  const m = ctx.metrics;
  mirrorCounter(m.dnsblQueries, stats.udpQueries, { transport: 'udp' });
  mirrorCounter(m.dnsblQueries, stats.tcpQueries, { transport: 'tcp' });
  const results = {
    listed: stats.listed,
    nxdomain: stats.nxdomain,
    nodata: stats.nodata,
    refused: stats.refused,
    error: stats.errors,
    truncated: stats.truncated,
    dropped: stats.dropped,
  };
  for (const [result, n] of Object.entries(results)) mirrorCounter(m.dnsblResponses, n, { result });
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
  const stopMetrics = ctx.metrics.onScrape(() => dnsblSeries(ctx, server.stats));
  return () => {
    stopMetrics();
    return server.close();
  };
}
