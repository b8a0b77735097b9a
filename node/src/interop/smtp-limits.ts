/**
 * What one SMTP client may cost the intake: connections (overall and per client),
 * recipients per message, time between the steps of a transaction, time for a message
 * body, and messages per minute. Every limit answers with the RFC 5321 reply a mail
 * server understands — 421 (closing: too many connections, too slow), 452 (too many
 * recipients, §4.5.3.1.10), 450 (try this message later) — and what it holds is freed
 * when the connection closes.
 *
 * A sender that trickles a byte every few seconds keeps a socket's idle timer from ever
 * firing, so the time limits here count from the last step the server accepted
 * (connect, MAIL, RCPT, end of a message), not from the last byte: only progress in the
 * transaction extends them. Replies that refuse (a 452, a 450) and commands that change
 * nothing (NOOP, RSET, HELP) do not.
 */
import { createRequire } from 'node:module';
import type * as RateLimiterFlexible from 'rate-limiter-flexible';
import type { RateLimiterMemory } from 'rate-limiter-flexible';
import type { SMTPServerAddress, SMTPServerOptions, SMTPServerSession } from 'smtp-server';
import { clientKey } from '../http/client-key.js';

export interface SmtpLimits {
  /** Open connections in all (smtp-server `maxClients`); the next one gets 421. */
  readonly maxConnections: number;
  /** Open connections from one client (an IPv4 address or an IPv6 /64); the next gets 421. */
  readonly maxConnectionsPerClient: number;
  /**
   * Recipients of one message; further RCPTs get 452 (RFC 5321 §4.5.3.1.8 requires at
   * least 100), and after as many refused again in one session the connection is closed with 421.
   */
  readonly maxRecipients: number;
  /** Longest wait for the next accepted step: connect → MAIL → RCPT … → DATA, message end → MAIL. */
  readonly commandTimeoutMs: number;
  /** Longest time from DATA's 354 to the end of the message. */
  readonly dataTimeoutMs: number;
  /** Messages (MAIL commands accepted) per client in any 60 s; beyond it MAIL gets 450. */
  readonly messagesPerMinutePerClient: number;
}

export const DEFAULT_SMTP_LIMITS: SmtpLimits = {
  maxConnections: 100,
  maxConnectionsPerClient: 10,
  maxRecipients: 100,
  commandTimeoutMs: 60_000,
  dataTimeoutMs: 120_000,
  messagesPerMinutePerClient: 60,
};

/** The part of an smtp-server connection the guard uses to close a session with a reply. */
export interface SmtpReplier {
  readonly id: string;
  send(code: number, text: string): void;
}

type SmtpError = Error & { responseCode?: number };
function smtpError(responseCode: number, text: string): SmtpError {
  const error: SmtpError = new Error(text);
  error.responseCode = responseCode;
  return error;
}

interface SessionState {
  readonly client: string;
  /** RCPT commands refused for the recipient limit in this session. */
  refusedRecipients: number;
  timer: NodeJS.Timeout | undefined;
  /** Set once the session was closed for being too slow: its message is not taken. */
  timedOut: boolean;
}

/** Enforces SmtpLimits for one intake; `connection(id)` finds the open connection of a session. */
export class SmtpGuard {
  private readonly sessions = new Map<string, SessionState>();
  private readonly perClient = new Map<string, number>();
  private readonly rate: RateLimiterMemory;

  constructor(
    readonly limits: SmtpLimits,
    private readonly connection: (id: string) => SmtpReplier | undefined,
  ) {
    // Loaded with the first intake, not on every node start (most nodes run none).
    const { RateLimiterMemory: Limiter } = createRequire(import.meta.url)(
      'rate-limiter-flexible',
    ) as typeof RateLimiterFlexible;
    this.rate = new Limiter({ points: limits.messagesPerMinutePerClient, duration: 60 });
  }

  /** The smtp-server options that carry the limits it enforces itself. */
  serverOptions(): Pick<SMTPServerOptions, 'maxClients' | 'socketTimeout' | 'disableReverseLookup'> {
    return {
      maxClients: this.limits.maxConnections,
      // Also the idle limit: a silent client is closed with 421 after this long.
      socketTimeout: this.limits.commandTimeoutMs,
      // A PTR lookup per connection is work any client could make the node do; nothing uses the name.
      disableReverseLookup: true,
    };
  }

  /** onConnect: refuses a client that already holds its share of connections. */
  onConnect(session: SMTPServerSession, callback: (error?: Error) => void): void {
    const client = clientKey(session.remoteAddress);
    const open = this.perClient.get(client) ?? 0;
    if (open >= this.limits.maxConnectionsPerClient) {
      callback(smtpError(421, `too many connections from your address (${open}); try again later`));
      return;
    }
    this.perClient.set(client, open + 1);
    const state: SessionState = { client, refusedRecipients: 0, timer: undefined, timedOut: false };
    this.sessions.set(session.id, state);
    this.arm(session.id, state, this.limits.commandTimeoutMs, 'no MAIL, RCPT or DATA in time');
    callback();
  }

  /** onMailFrom: a message starts, if the client is within its message rate. */
  onMailFrom(session: SMTPServerSession, callback: (error?: Error) => void): void {
    const state = this.sessions.get(session.id);
    if (!state) {
      callback();
      return;
    }
    this.rate.consume(state.client).then(
      () => {
        this.progress(session);
        callback();
      },
      (refusal: unknown) => {
        const msBeforeNext = (refusal as { msBeforeNext?: unknown }).msBeforeNext;
        const wait = typeof msBeforeNext === 'number' ? Math.ceil(msBeforeNext / 1000) : 60;
        // RFC 5321 §4.2.2: 450, mailbox unavailable "for policy reasons"; the sender retries later.
        callback(smtpError(450, `too many messages from your address; try again in ${wait} s`));
      },
    );
  }

  /**
   * onRcptTo: takes a recipient while the message has fewer than maxRecipients (one it
   * already has does not count again), else 452 (RFC 5321 §4.5.3.1.10); a session that
   * keeps sending them after as many refusals is closed with 421.
   */
  onRcptTo(address: SMTPServerAddress, session: SMTPServerSession, callback: (error?: Error) => void): void {
    const state = this.sessions.get(session.id);
    const recipients = session.envelope.rcptTo;
    const key = address.address.toLowerCase();
    if (state && recipients.length >= this.limits.maxRecipients) {
      if (!recipients.some((r) => r.address.toLowerCase() === key)) {
        state.refusedRecipients += 1;
        callback(
          state.refusedRecipients > this.limits.maxRecipients
            ? smtpError(421, `too many recipients refused (${state.refusedRecipients}); closing connection`)
            : smtpError(452, `too many recipients (at most ${this.limits.maxRecipients} per message)`),
        );
        return;
      }
    }
    this.progress(session);
    callback();
  }

  /** An accepted step (MAIL, RCPT, the end of a message's handling): the clock starts again. */
  progress(session: SMTPServerSession): void {
    const state = this.sessions.get(session.id);
    if (state) this.arm(session.id, state, this.limits.commandTimeoutMs, 'no MAIL, RCPT or DATA in time');
  }

  /** DATA was accepted: the whole message must arrive within dataTimeoutMs. */
  dataStarted(session: SMTPServerSession): void {
    const state = this.sessions.get(session.id);
    if (state) this.arm(session.id, state, this.limits.dataTimeoutMs, 'message not received in time');
  }

  /** The message arrived; the server, not the client, is working now, so no clock runs. */
  dataEnded(session: SMTPServerSession): void {
    const state = this.sessions.get(session.id);
    if (state) clearTimeout(state.timer);
  }

  /** True when the session was closed for being too slow. */
  timedOut(session: SMTPServerSession): boolean {
    return this.sessions.get(session.id)?.timedOut ?? false;
  }

  /** onClose: frees what the session held. */
  onClose(session: SMTPServerSession): void {
    const state = this.sessions.get(session.id);
    if (!state) return;
    clearTimeout(state.timer);
    this.sessions.delete(session.id);
    const open = (this.perClient.get(state.client) ?? 1) - 1;
    if (open > 0) this.perClient.set(state.client, open);
    else this.perClient.delete(state.client);
  }

  /** Open connections counted per client (for tests and metrics). */
  connectionsOf(remoteAddress: string): number {
    return this.perClient.get(clientKey(remoteAddress)) ?? 0;
  }

  private arm(id: string, state: SessionState, ms: number, why: string): void {
    clearTimeout(state.timer);
    state.timer = setTimeout(() => {
      state.timedOut = true;
      // 421 closes the connection (RFC 5321 §3.8: the server may close after a 421 reply).
      this.connection(id)?.send(421, `Error: timeout, ${why} (${Math.round(ms / 1000)} s); closing connection`);
    }, ms);
    state.timer.unref();
  }
}
