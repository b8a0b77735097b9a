/**
 * The node's Prometheus series: one registry per node (several nodes may share a
 * process, as in tests), written out by prom-client in the text format 0.0.4.
 *
 * This is the one place series are declared. A subsystem that wants a series adds a
 * field to `NodeMetrics` (so every name the node exports reads in one list, and a
 * name, once shipped, stays the same: dashboards and alerts depend on it), then
 * updates it where the event happens (`ctx.metrics.smtpMessages.inc(...)`), or sets
 * it from state just before a scrape with `onScrape`.
 *
 * Conventions (https://prometheus.io/docs/practices/naming/, checked by
 * `promtool check metrics` in the tests): every name starts with `arx_`; counters
 * end in `_total`; units are base units named last (`_seconds`, `_bytes`); a label
 * set is bounded (codes, handles, list kinds — never addresses or ids).
 */
import { Counter, Gauge, Registry } from 'prom-client';

/** A hook run before each exposition; sets gauges (and mirrored counters) from state. */
export type ScrapeHook = () => void | Promise<void>;

const NAME = /^arx_[a-z0-9_]+$/;

export class NodeMetrics {
  readonly registry = new Registry();
  private readonly hooks = new Set<ScrapeHook>();

  // — Log and storage (set from state in http/metrics.ts) —
  readonly entriesStored = this.counter(
    'arx_entries_stored_total',
    'Entries stored on this node (log positions written).',
  );
  readonly entriesHeld = this.gauge('arx_entries_held', 'Entries held back waiting for a missing predecessor.');
  readonly originHeadSeq = this.gauge('arx_origin_head_seq', 'Highest contiguous seq held per origin.', ['origin']);
  readonly listingsActive = this.gauge('arx_listings_active', 'Active listings known to this node.');
  readonly rosterVersion = this.gauge('arx_roster_version', 'Roster version in force.');
  readonly forkedOrigins = this.gauge('arx_forked_origins', 'Origins with proof of a fork.');
  readonly storageBytes = this.gauge('arx_storage_bytes', 'Size of the LevelDB files on disk.');
  readonly storageDegraded = this.gauge(
    'arx_storage_degraded',
    'Whether storage writes are failing (1) and new entries refused until it recovers, or not (0).',
  );
  readonly storageWriteFailures = this.counter(
    'arx_storage_write_failures_total',
    'Group commits that failed to reach the disk since the node started.',
  );

  // — Peers and websockets —
  readonly peersOpen = this.gauge('arx_peers_open', 'Open peer links.');
  readonly wsConnections = this.gauge('arx_ws_connections', 'Open websocket connections (clients and peers).');
  readonly wsSubscriptions = this.gauge('arx_ws_subscriptions', 'Active websocket subscriptions.');
  readonly wsBufferedBytes = this.gauge(
    'arx_ws_buffered_bytes',
    'Bytes queued in websocket send buffers, all connections together.',
  );

  readonly wsSlowDropped = this.counter(
    'arx_ws_slow_dropped_total',
    'Connections dropped because they did not drain while the total buffer was at its cap.',
  );
  readonly wsReplayReadBytes = this.counter(
    'arx_ws_replay_read_bytes_total',
    'Storage bytes read by subscription replays (what connections are charged for).',
  );
  readonly wsPenaltyRefused = this.counter(
    'arx_ws_penalty_refused_total',
    'Websocket upgrades refused (429) because the client was closed for too many violations within the backoff.',
  );
  readonly wsPenalised = this.gauge('arx_ws_penalised_clients', 'Clients under a violation backoff now.');
  readonly wsReplays = this.gauge(
    'arx_ws_replays',
    'Replay batches reading storage now (reading), and replays waiting for a slot (waiting).',
    ['state'],
  );

  // — HTTP listener caps (set from the connection counts in http/budgets.ts) —
  readonly httpConnections = this.gauge(
    'arx_http_connections',
    'Open TCP connections of the HTTP and websocket listener.',
  );
  readonly httpConnectionsRefused = this.counter(
    'arx_http_connections_refused_total',
    'Connections refused because a connection cap was reached.',
  );

  // — DNSBL responder (mirrored from its counters at scrape time, in dnsbl/service.ts) —
  readonly dnsblReceived = this.counter('arx_dnsbl_received_total', 'DNSBL messages received, by transport.', [
    'transport',
  ]);
  readonly dnsblResponses = this.counter(
    'arx_dnsbl_responses_total',
    'DNSBL queries by outcome: listed, nxdomain, nodata, refused, error, truncated, dropped.',
    ['result'],
  );
  readonly dnsblQueries = this.counter(
    'arx_dnsbl_queries_total',
    'DNSBL queries answered, by query type and result (listed, nxdomain, nodata, refused, error, dropped).',
    ['type', 'result'],
  );
  readonly dnsblTransfers = this.counter(
    'arx_dnsbl_transfers_total',
    'Zone transfers served, by kind (axfr, ixfr, ixfr-axfr: whole zone for an old serial, ixfr-current, ixfr-udp, refused).',
    ['kind'],
  );
  readonly dnsblNotify = this.counter(
    'arx_dnsbl_notify_total',
    'NOTIFY messages sent to secondaries (sent), and answers received (answered).',
    ['event'],
  );
  readonly dnsblRateLimited = this.counter(
    'arx_dnsbl_rate_limited_total',
    'UDP responses held back by response rate limiting (dropped, or sent truncated: slipped).',
    ['action'],
  );
  readonly dnsblTcpClosed = this.counter(
    'arx_dnsbl_tcp_closed_total',
    'TCP connections refused at the per-client cap (per-client), and idle ones closed to make room at the global cap (evicted).',
    ['reason'],
  );
  readonly dnsblZoneSerial = this.gauge('arx_dnsbl_zone_serial', 'SOA serial of the DNSBL zone.');
  readonly dnsblWorkersAnswering = this.gauge(
    'arx_dnsbl_workers_answering',
    'DNSBL UDP worker processes answering from the socket (0 while the node answers alone, as while they start).',
  );

  // — Mail: SMTP intake and forwarding to the abuse mailbox —
  readonly smtpMessages = this.counter(
    'arx_smtp_messages_total',
    'Messages received by the SMTP intake, by outcome (imported, repeated, duplicate, refused) and code.',
    ['outcome', 'code'],
  );
  // The forwarding outbox (mirrored from its counters in outbox.ts).
  readonly forwardQueued = this.counter('arx_forward_queued_total', 'Reports queued for forwarding as ARF.');
  readonly forwardSent = this.counter('arx_forward_sent_total', 'Forwarded reports the MTA accepted.');
  readonly forwardRetried = this.counter(
    'arx_forward_retried_total',
    'Forwarding attempts that failed and were rescheduled.',
  );
  readonly forwardFailed = this.counter('arx_forward_failed_total', 'Reports given up after forward.giveUpHours.');
  readonly forwardOutboxDepth = this.gauge('arx_forward_outbox_depth', 'Reports waiting in the forwarding outbox.');

  /** A counter in this registry (the name must end in `_total`). */
  counter<L extends string = never>(name: string, help: string, labelNames: readonly L[] = []): Counter<L> {
    if (!NAME.test(name) || !name.endsWith('_total')) throw new RangeError(`counter name ${name}: arx_…_total`);
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  /** A gauge in this registry (no `_total`, no `quantile` label: those belong to counters and summaries). */
  gauge<L extends string = never>(name: string, help: string, labelNames: readonly L[] = []): Gauge<L> {
    if (!NAME.test(name) || name.endsWith('_total')) throw new RangeError(`gauge name ${name}: arx_…, not _total`);
    if ((labelNames as readonly string[]).includes('quantile')) throw new RangeError(`gauge ${name}: quantile label`);
    return new Gauge({ name, help, labelNames, registers: [this.registry] });
  }

  /** Runs `hook` before each exposition until the returned function is called. */
  onScrape(hook: ScrapeHook): () => void {
    this.hooks.add(hook);
    return () => this.hooks.delete(hook);
  }

  /** The exposition: scrape hooks first (in registration order), then every series. */
  async exposition(): Promise<{ contentType: string; text: string }> {
    for (const hook of this.hooks) await hook();
    return { contentType: this.registry.contentType, text: await this.registry.metrics() };
  }
}

/** Sets a counter mirrored from a source that counts by itself (a value that only grows). */
export function mirrorCounter<L extends string>(
  counter: Counter<L>,
  value: number,
  labels?: Partial<Record<L, string>>,
): void {
  // prom-client counters only go up; a mirrored one is reset and raised to the source's figure.
  if (labels) {
    counter.remove(labels);
    counter.inc(labels, value);
  } else {
    counter.reset();
    counter.inc(value);
  }
}
