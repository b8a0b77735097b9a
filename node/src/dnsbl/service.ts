/** Runs the DNSBL responder (RFC 5782) over this node's listings when configured. */

import type { DnsblConfig } from '../config.js';
import type { NodeContext } from '../context.js';
import { listenError } from '../errors.js';
import { mirrorCounter } from '../oversight/registry.js';
import type { ListingIndex, ListingView } from '../state/types.js';
import { type DnsblServer, parseSecondary, removalUrlFrom, startDnsbl } from './index.js';
import { autoWorkerCount } from './workers.js';

/** The listings a zone answers for: this operator's own, or every list operator's. */
export function zoneIndex(ctx: NodeContext): ListingIndex {
  return ctx.config.dnsbl.origins === 'all' ? ctx.listings : ctx.listings.scoped(ctx.ownKey);
}

/** UDP worker processes to start: `dnsbl.workers`, "auto" being one per core but one (workers.ts). */
export function dnsblWorkers(config: DnsblConfig): number {
  return config.workers === 'auto' ? autoWorkerCount() : config.workers;
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
    removalUrl: removalUrlFrom(dnsbl.removalUrl),
  };
}

/** The responder's counters (queries, transfers, NOTIFYs, limits) and zone serial, set before a scrape. */
function dnsblSeries(ctx: NodeContext, server: DnsblServer): void {
  const m = ctx.metrics;
  const stats = server.stats;
  mirrorCounter(m.dnsblReceived, stats.udpQueries, { transport: 'udp' });
  mirrorCounter(m.dnsblReceived, stats.tcpQueries, { transport: 'tcp' });
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
  for (const [key, n] of stats.byTypeAndResult) {
    const [type = '', result = ''] = key.split(' ');
    mirrorCounter(m.dnsblQueries, n, { type, result });
  }
  for (const [kind, n] of stats.transfers) mirrorCounter(m.dnsblTransfers, n, { kind });
  mirrorCounter(m.dnsblNotify, stats.notifySent, { event: 'sent' });
  mirrorCounter(m.dnsblNotify, stats.notifyAnswered, { event: 'answered' });
  mirrorCounter(m.dnsblRateLimited, stats.rrlDropped, { action: 'dropped' });
  mirrorCounter(m.dnsblRateLimited, stats.rrlSlipped, { action: 'slipped' });
  mirrorCounter(m.dnsblTcpClosed, stats.tcpRefused, { reason: 'per-client' });
  mirrorCounter(m.dnsblTcpClosed, stats.tcpEvicted, { reason: 'evicted' });
  m.dnsblZoneSerial.set(server.zone.serial);
  m.dnsblWorkersAnswering.set(server.workersAnswering);
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
    tsigKeys: dnsbl.tsigKeys,
    workers: { count: dnsblWorkers(dnsbl), removalUrl: dnsbl.removalUrl, backlog: dnsbl.workerBacklog },
    answerCache: dnsbl.answerCache,
    notifyDelayMs: dnsbl.notifyDelayMs,
    journalRecords: dnsbl.journalRecords,
    rrlResponsesPerSecond: dnsbl.rrlResponsesPerSecond,
    rrlSlip: dnsbl.rrlSlip,
    tcpIdleTimeoutMs: dnsbl.tcpIdleTimeoutMs,
    maxTcpConnections: dnsbl.maxTcpConnections,
    maxTcpPerClient: dnsbl.maxTcpPerClient,
    onError: (err) => ctx.log.warn({ err: String(err) }, 'DNSBL error'),
  }).catch((error: unknown) => {
    throw listenError(error, 'dnsbl.port', dnsbl.host, dnsbl.port);
  });
  const mine = (v: ListingView | undefined) =>
    v && (dnsbl.origins === 'all' || v.origin === ctx.ownKey) ? v : undefined;
  const unsubscribe = ctx.onListingChanged((before, after) => {
    if (mine(before) || mine(after)) server.listingChanged(mine(before), mine(after));
  });
  ctx.dnsbl.server = server;
  ctx.listen.dns = `${server.udp.address}:${server.udp.port}`;
  ctx.log.info(
    { dns: ctx.listen.dns, zone: dnsbl.zone, serial: server.zone.serial, workers: server.workers },
    'DNSBL listening',
  );
  const stopMetrics = ctx.metrics.onScrape(() => dnsblSeries(ctx, server));
  return async () => {
    stopMetrics();
    unsubscribe();
    ctx.dnsbl.server = null;
    await server.close();
  };
}
