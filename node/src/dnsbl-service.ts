/** Runs the DNSBL responder (RFC 5782) over this node's listings when configured. */
import type { ListKind } from '@arx/protocol';
import type { DnsblConfig } from './config.js';
import type { NodeContext } from './context.js';
import { parseSecondary, type RemovalUrl, startDnsbl } from './dnsbl/index.js';
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

/** `dnsbl.removalUrl` as a function: `{id}` and `{list}` replaced by the listing's. */
export function removalUrlOf(config: DnsblConfig): RemovalUrl | undefined {
  const template = config.removalUrl;
  if (template === null) return undefined;
  return (listing) => template.replaceAll('{id}', listing.id).replaceAll('{list}', listing.list);
}

/** The zone's answering options from the node's configuration (also used by exports). */
export function zoneOptions(ctx: NodeContext) {
  const { dnsbl } = ctx.config;
  return {
    zone: dnsbl.zone,
    nsName: dnsbl.nsName ?? undefined,
    contact: dnsbl.contact ?? ctx.roster().member(ctx.ownKey)?.contacts.abuse[0],
    ttl: dnsbl.ttl,
    negativeTtl: dnsbl.negativeTtl,
    removalUrl: removalUrlOf(dnsbl),
  };
}

export async function startDnsblService(ctx: NodeContext): Promise<(() => Promise<void>) | undefined> {
  const { dnsbl } = ctx.config;
  if (!dnsbl.enabled) return undefined;
  const server = await startDnsbl({
    ...zoneOptions(ctx),
    host: dnsbl.host,
    port: dnsbl.port,
    index: zoneIndex(ctx),
    secondaries: dnsbl.secondaries.map(parseSecondary),
    allowTransfer: dnsbl.allowTransfer,
    notifyDelayMs: dnsbl.notifyDelayMs,
    journalRecords: dnsbl.journalRecords,
    rrlResponsesPerSecond: dnsbl.rrlResponsesPerSecond,
    rrlSlip: dnsbl.rrlSlip,
    tcpIdleTimeoutMs: dnsbl.tcpIdleTimeoutMs,
    maxTcpConnections: dnsbl.maxTcpConnections,
    maxTcpPerClient: dnsbl.maxTcpPerClient,
    onError: (err) => ctx.log.warn({ err: String(err) }, 'DNSBL error'),
  });
  const mine = (v: ListingView | undefined) =>
    v && (dnsbl.origins === 'all' || v.origin === ctx.ownKey) ? v : undefined;
  const unsubscribe = ctx.onListingChanged((before, after) => {
    if (mine(before) || mine(after)) server.zone.listingChanged(mine(before), mine(after));
  });
  ctx.dnsbl.server = server;
  ctx.listen.dns = `${server.udp.address}:${server.udp.port}`;
  ctx.log.info({ dns: ctx.listen.dns, zone: dnsbl.zone, serial: server.zone.serial }, 'DNSBL listening');
  return async () => {
    unsubscribe();
    ctx.dnsbl.server = null;
    await server.close();
  };
}
