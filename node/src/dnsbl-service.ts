/** Runs the DNSBL responder (RFC 5782) over this node's listings when configured. */
import type { ListKind } from '@arx/protocol';
import type { DnsblConfig } from './config.js';
import type { NodeContext } from './context.js';
import type { DnsblStats } from './dnsbl/index.js';
import { parseSecondary, type RemovalUrl, startDnsbl } from './dnsbl/index.js';
import { metricSources } from './http/metrics.js';
import type { ListingIndex, ListingView } from './state/types.js';

/** The listings a zone answers for: this operator's own, or every list operator's. */
export function zoneIndex(ctx: NodeContext): ListingIndex {
  return ctx.config.dnsbl.origins === 'all' ? ctx.listings : ctx.listings.scoped(ctx.ownKey);
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

/** The DNSBL's Prometheus series: queries by type and result, transfers, NOTIFYs, limits. */
export function dnsblSeries(ctx: NodeContext) {
  const server = ctx.dnsbl.server;
  if (!server) return [];
  const stats: Readonly<DnsblStats> = server.stats;
  const byLabel = (map: ReadonlyMap<string, number>, label: (key: string) => Record<string, string>) =>
    [...map].map(([key, n]): [Record<string, string>, number] => [label(key), n]);
  return [
    {
      name: 'arx_dnsbl_queries_total',
      help: 'DNSBL queries answered, by query type and result (listed, nxdomain, nodata, refused, error, dropped).',
      type: 'counter' as const,
      samples: byLabel(stats.byTypeAndResult, (key) => {
        const [type = '', result = ''] = key.split(' ');
        return { type, result };
      }),
    },
    {
      name: 'arx_dnsbl_transfers_total',
      help: 'Zone transfers served, by kind (axfr, ixfr, ixfr-axfr: whole zone for an old serial, ixfr-current, ixfr-udp, refused).',
      type: 'counter' as const,
      samples: byLabel(stats.transfers, (kind) => ({ kind })),
    },
    {
      name: 'arx_dnsbl_notify_total',
      help: 'NOTIFY messages sent to secondaries, and answers received.',
      type: 'counter' as const,
      samples: [
        [{ event: 'sent' }, stats.notifySent],
        [{ event: 'answered' }, stats.notifyAnswered],
      ] as [Record<string, string>, number][],
    },
    {
      name: 'arx_dnsbl_rate_limited_total',
      help: 'UDP responses held back by response rate limiting (dropped, or sent truncated: slipped).',
      type: 'counter' as const,
      samples: [
        [{ action: 'dropped' }, stats.rrlDropped],
        [{ action: 'slipped' }, stats.rrlSlipped],
      ] as [Record<string, string>, number][],
    },
    {
      name: 'arx_dnsbl_tcp_closed_total',
      help: 'TCP connections refused at the per-client cap, and idle ones closed to make room at the global cap.',
      type: 'counter' as const,
      samples: [
        [{ reason: 'per-client' }, stats.tcpRefused],
        [{ reason: 'evicted' }, stats.tcpEvicted],
      ] as [Record<string, string>, number][],
    },
    {
      name: 'arx_dnsbl_zone_serial',
      help: 'SOA serial of the DNSBL zone.',
      type: 'gauge' as const,
      samples: [[{}, server.zone.serial]] as [Record<string, string>, number][],
    },
  ];
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
  if (!metricSources.includes(dnsblSeries)) metricSources.push(dnsblSeries);
  ctx.listen.dns = `${server.udp.address}:${server.udp.port}`;
  ctx.log.info({ dns: ctx.listen.dns, zone: dnsbl.zone, serial: server.zone.serial }, 'DNSBL listening');
  return async () => {
    unsubscribe();
    ctx.dnsbl.server = null;
    await server.close();
  };
}
