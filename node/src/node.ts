/**
 * startNode: opens storage, loads key and roster, loads the listings in force, starts
 * the HTTP + websocket listener, peer links and optional DNS/SMTP listeners, and
 * writes `run/listen.json` so the CLI can find it.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  formatKeyId,
  fromHex,
  importKeyPair,
  type KeyPair,
  toHex,
  type VerifiedRoster,
  verifyRosterDocument,
} from '@arx/protocol';
import { nodeEd25519 } from '@arx/protocol/node-crypto';
import type { FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import { type NodeConfig, nodePath, RUN_FILE } from './config.js';
import type { Listeners, ListingListener, NodeContext, PeerSummary } from './context.js';
import { startDnsblService } from './dnsbl/service.js';
import { ArxNodeError, listenError, WS_CLOSE } from './errors.js';
import { Dialer } from './federation/dialer.js';
import { Federation } from './federation/link.js';
import { startReceipts } from './federation/receipts.js';
import { receiptRoutes } from './federation/receipts-route.js';
import { buildHttp, type RouteRegistrar } from './http/server.js';
import { Ingest } from './ingest/index.js';
import { VerifyPool } from './ingest/pool.js';
import { Writer } from './ingest/writer.js';
import { startSmtpService } from './interop/mail.js';
import { ForwardingOutbox } from './interop/outbox.js';
import { limitReadCache } from './oversight/read-cache.js';
import { NodeMetrics } from './oversight/registry.js';
import { CompactListingIndex, listingView, loadListings, ReportSubjects, saveListings } from './state/memory.js';
import type { ListingRecord, ReportRecord } from './state/records.js';
import { RosterState } from './state/roster.js';
import { openDb, type StorageOptions } from './store/db.js';
import { startHorizon } from './store/horizon.js';
import { ownerAlive, ownRecord, readOwner, writeRunFile } from './store/owner.js';
import { evidenceWindowMs, startRetention } from './store/retention.js';
import { attachWebsocketServer, SessionRegistry } from './ws/server.js';

export interface NodeHandle {
  readonly context: NodeContext;
  readonly listen: Listeners;
  readonly http: FastifyInstance;
  close(): Promise<void>;
}

export interface StartOptions {
  logger?: Logger;
  /** Extra HTTP routes (mounted before listening). */
  routes?: RouteRegistrar[];
  /** Extra subsystems started after the node is up; each returns its stop function. */
  services?: ((ctx: NodeContext) => Promise<(() => Promise<void> | void) | undefined>)[];
}

function readKey(config: NodeConfig): KeyPair {
  const file = nodePath(config, config.keyFile);
  try {
    return importKeyPair(JSON.parse(readFileSync(file, 'utf8')), nodeEd25519);
  } catch (cause) {
    throw new ArxNodeError('ARX_NODE_CONFIG', `keyFile ${file}: ${(cause as Error).message}`, { cause });
  }
}

function readRoster(config: NodeConfig): VerifiedRoster {
  const file = nodePath(config, config.rosterFile);
  try {
    return verifyRosterDocument(new Uint8Array(readFileSync(file)), undefined, nodeEd25519);
  } catch (cause) {
    throw new ArxNodeError('ARX_NODE_CONFIG', `rosterFile ${file}: ${(cause as Error).message}`, { cause });
  }
}

function readToken(config: NodeConfig): string {
  const file = nodePath(config, config.operatorTokenFile);
  try {
    const token = readFileSync(file, 'utf8').trim();
    if (token.length < 16) throw new Error('token shorter than 16 characters');
    return token;
  } catch (cause) {
    throw new ArxNodeError('ARX_NODE_CONFIG', `operatorTokenFile ${file}: ${(cause as Error).message}`, { cause });
  }
}

/** Starts a node from a validated config. */
export async function startNode(config: NodeConfig, options: StartOptions = {}): Promise<NodeHandle> {
  const log = options.logger ?? pino({ level: config.log.level, base: { node: config.handle } });
  const keys = readKey(config);
  const anchor = readRoster(config);
  const operatorToken = readToken(config);
  const ownKey = toHex(keys.publicKey);
  const dataDir = nodePath(config, config.dataDir);
  const runFile = nodePath(config, RUN_FILE);
  const subs = await openLocked(dataDir, runFile, config.storage);
  limitReadCache(subs, config.metrics.readCacheValuesPerScope);

  // A roster adopted from the federation supersedes the configured anchor if it chains from it.
  let roster = new RosterState(anchor);
  const adopted = (await subs.meta.get('roster')) as string | undefined;
  if (adopted) {
    try {
      const verified = verifyRosterDocument(fromHex(adopted), undefined, nodeEd25519);
      if (verified.roster.version > roster.version) roster = new RosterState(verified);
    } catch (err) {
      log.warn({ err }, 'stored roster ignored');
    }
  }
  if (!roster.member(ownKey)) log.warn({ id: formatKeyId(keys.publicKey) }, 'this node’s key is not in the roster');

  const listings = new CompactListingIndex();
  const reportSubjects = new ReportSubjects(subs);
  const handleOf = (k: string) => roster.handleOf(k);
  const listen: Listeners = { http: null, ws: null, dns: null, smtp: null };
  let peerSummaries: () => PeerSummary[] = () => [];
  let registry: SessionRegistry | null = null;
  const listingListeners = new Set<ListingListener>();
  // Set once the context exists, before any entry can arrive (nothing listens yet).
  let outbox: ForwardingOutbox | null = null;

  const writer = new Writer({
    subs,
    dataDir,
    maxHeld: config.limits.maxHeldEntries,
    maxHeldBytes: config.limits.maxHeldBytes,
    maxForkEvidence: config.limits.maxForkEvidence,
    evidenceWindowMs: evidenceWindowMs(config),
    keys,
    roster: () => roster,
    sameBatch: (a, stored) => outbox?.enqueue(a, stored),
    hooks: {
      reportChanged(r: ReportRecord) {
        reportSubjects.noted(r);
      },
      listingChanged(r: ListingRecord) {
        const before = listings.get(r.id);
        if (r.removedAt === null) listings.put(listingView(r, handleOf));
        else listings.remove(r.id);
        const after = listings.get(r.id);
        for (const listener of listingListeners) {
          try {
            listener(before, after);
          } catch (err) {
            log.error({ err }, 'a listener of listing changes failed');
          }
        }
      },
      rosterAdopted(verified: VerifiedRoster) {
        const next = new RosterState(verified);
        if (next.version <= roster.version) return;
        roster = next;
        log.info({ version: next.version }, 'roster adopted');
        // Members removed from the roster are cut off at once.
        for (const s of registry?.sessions ?? []) {
          if (s.peerKey && !next.member(s.peerKey)) s.conn.close(WS_CLOSE.notMember, 'removed from the roster');
        }
      },
    },
  });
  await writer.init();
  const metrics = new NodeMetrics();
  writer.on('storage-error', (err) =>
    log.error({ err, storage: writer.storage }, 'storage write failed; refusing writes until it recovers'),
  );
  writer.on('storage-recovered', () => log.warn({ storage: writer.storage }, 'storage recovered; writes resumed'));
  writer.on('listener-error', (err) => log.error({ err }, 'a listener of stored entries failed'));

  // Persisted indexes: the listings in force (not every listing ever made: the last
  // clean close's snapshot, or their rows) and the prefix lengths report subjects use;
  // reports themselves stay on disk. Nothing is committed before this.
  const listingSource = await loadListings(subs, dataDir, listings, handleOf, log);
  await reportSubjects.load();

  const pool = config.verifyWorkers > 0 ? new VerifyPool(config.verifyWorkers) : undefined;
  const ctx: NodeContext = {
    config,
    keys,
    ownKey,
    subs,
    writer,
    ingest: new Ingest({
      writer,
      roster: () => roster,
      pool,
      ownKey,
      maxClockSkewMs: config.limits.maxClockSkewSeconds * 1000,
    }),
    listings,
    reportSubjects,
    log,
    operatorToken,
    startedAt: Date.now(),
    listen,
    metrics,
    roster: () => roster,
    peers: () => peerSummaries(),
    onListingChanged(listener) {
      listingListeners.add(listener);
      return () => listingListeners.delete(listener);
    },
    dnsbl: { server: null },
  };

  if (config.forward.enabled) outbox = new ForwardingOutbox(ctx);

  const federation = new Federation(ctx);
  registry = new SessionRegistry(ctx, federation);
  peerSummaries = () =>
    [...(registry?.sessions ?? [])].map((s) => federation.summary(s)).filter((p): p is PeerSummary => p !== null);

  const http = await buildHttp(ctx, [receiptRoutes, ...(options.routes ?? [])]);
  attachWebsocketServer(http.server, ctx, registry);
  const stops: (() => Promise<void> | void)[] = [];
  /**
   * Closes what the start opened, last started first: the services, the sessions and
   * HTTP, then the writer (draining in-flight writes: everything acknowledged is on
   * disk), `afterWriter`, the verify pool and the database, and the run file.
   */
  const closeOpened = async (afterWriter: () => Promise<void> = async () => {}) => {
    for (const stop of stops.reverse()) await stop();
    registry?.closeAll();
    await http.close();
    await writer.close();
    await afterWriter();
    await pool?.close();
    await subs.db.close();
    rmSync(runFile, { force: true });
  };
  const startOutbox = async () => {
    if (!outbox) return undefined;
    await outbox.start();
    const started = outbox;
    return () => started.stop();
  };
  try {
    await http.listen({ host: config.http.host, port: config.http.port }).catch((error: unknown) => {
      throw listenError(error, 'http.port', config.http.host, config.http.port);
    });
    const address = http.server.address();
    const port = typeof address === 'object' && address ? address.port : config.http.port;
    const host = config.http.host.includes(':') ? `[${config.http.host}]` : config.http.host;
    const scheme = config.tls ? 'https' : 'http';
    listen.http = `${scheme}://${host}:${port}`;
    listen.ws = `${config.tls ? 'wss' : 'ws'}://${host}:${port}/v1/ws`;
    const builtIn = [startDnsblService, startSmtpService, startOutbox];
    for (const service of [...builtIn, ...(options.services ?? [])]) {
      const stop = await service(ctx);
      if (stop) stops.push(stop);
    }
  } catch (error) {
    // A listener or service that cannot start fails the start: what was opened is closed
    // again (the database's lock with it), so the directory is free at once.
    await closeOpened();
    throw error;
  }

  const dialer = new Dialer(ctx, registry, federation);
  dialer.start();
  const stopReceipts = startReceipts(ctx);
  const stopRetention = startRetention(ctx);
  const stopHorizon = startHorizon(ctx);

  writeRunFile(runFile, { ...ownRecord(), ...listen, startedAt: ctx.startedAt });
  log.info({ ...listen, id: formatKeyId(keys.publicKey), roster: roster.version }, 'node started');

  /**
   * At a clean close, after the last commit: the listings in force as a snapshot for the
   * next start (state/listing-snapshot.ts). Unless the one read at start still holds
   * (nothing committed since); a failure only costs the next start its scan.
   */
  const saveListingSnapshot = async () => {
    if (listingSource === 'snapshot' && !writer.committed) return;
    const started = performance.now();
    try {
      const bytes = await saveListings(subs, dataDir, listings);
      log.info(
        { listings: listings.size, bytes, ms: Math.round(performance.now() - started) },
        'listing snapshot saved',
      );
    } catch (err) {
      log.warn({ err }, 'listing snapshot not saved; the next start reads the listings in force from the store');
    }
  };

  let closing: Promise<void> | null = null;
  return {
    context: ctx,
    listen,
    http,
    close() {
      closing ??= (async () => {
        stopReceipts();
        // The schedule stops now; a pass under way ends at its next writer task once the
        // writer closes (it refuses new tasks), and is waited for before the database closes.
        const horizonStopped = stopHorizon();
        // Before the writer and the database close: the pass under way ends and is waited for.
        await stopRetention();
        dialer.stop();
        await closeOpened(async () => {
          await horizonStopped;
          await saveListingSnapshot();
        });
        log.info('node stopped');
      })();
      return closing;
    },
  };
}

/**
 * Opens the database, which takes the directory's lock (see store/owner.ts), and
 * names this process in the run file at once — before the in-memory indexes are
 * rebuilt, which can take a while — so a second node started meanwhile is told who
 * holds the directory. A run file left by a dead node is simply overwritten.
 */
async function openLocked(
  dataDir: string,
  runFile: string,
  storage: StorageOptions,
): Promise<Awaited<ReturnType<typeof openDb>>> {
  let subs: Awaited<ReturnType<typeof openDb>>;
  try {
    subs = await openDb(dataDir, storage);
  } catch (error) {
    if (!(error instanceof ArxNodeError) || error.code !== 'ARX_NODE_LOCKED') throw error;
    const owner = readOwner(runFile);
    const holder = owner && ownerAlive(owner) ? `held by pid ${owner.pid}` : 'held by another process';
    throw new ArxNodeError('ARX_NODE_LOCKED', `${dataDir} is ${holder}`, { cause: error });
  }
  try {
    mkdirSync(dirname(runFile), { recursive: true });
    writeRunFile(runFile, { ...ownRecord(), http: null, ws: null, dns: null, smtp: null });
  } catch (cause) {
    await subs.db.close();
    throw new ArxNodeError('ARX_NODE_STORAGE', `cannot write ${runFile}: ${(cause as Error).message}`, { cause });
  }
  return subs;
}

/** A random operator token (hex). */
export function newOperatorToken(): string {
  return randomBytes(32).toString('hex');
}
