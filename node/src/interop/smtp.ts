/**
 * Mail transport for feedback loops: an SMTP intake that hands each received message to
 * a callback and answers with its verdict (250 accepted, 550 refused with the reason),
 * and a forwarder that delivers exported ARF reports to abuse mailboxes.
 *
 * The intake takes no authentication (feedback loops deliver like any mail sender),
 * listens on loopback unless told otherwise, enforces a size limit (RFC 1870 SIZE,
 * 552 when exceeded) and the connection, recipient, time and rate limits of
 * smtp-limits.ts, and answers 451 (try again later) when the callback fails, so no
 * report is lost to a local fault.
 */
import type { AddressInfo } from 'node:net';
import nodemailer from 'nodemailer';
import type { SMTPServerDataStream, SMTPServerSession } from 'smtp-server';
import { DEFAULT_MAX_REPORT_BYTES } from './arf-parse.js';
import { type Refusal, refusalText, refuse } from './refusal.js';
import { DEFAULT_SMTP_LIMITS, SmtpGuard, type SmtpLimits, type SmtpReplier } from './smtp-limits.js';

/** What the intake's callback decides about one message. */
export interface SmtpIntakeVerdict {
  readonly accepted: boolean;
  /** A stable code: a refusal code, or e.g. "accepted". */
  readonly code: string;
  /** Short English text for the SMTP reply (non-ASCII is replaced). */
  readonly message: string;
}

/** The SMTP envelope of a received message. */
export interface SmtpEnvelope {
  readonly mailFrom?: string;
  readonly rcptTo: readonly string[];
  readonly remoteAddress?: string;
}

export interface SmtpIntakeOptions {
  /** Interface to listen on; loopback by default. */
  readonly host?: string;
  /** Port; 0 picks a free one (see the returned address). */
  readonly port?: number;
  /** Largest message accepted, in bytes (advertised with SIZE). */
  readonly maxBytes?: number;
  /** Name announced in the greeting. */
  readonly hostname?: string;
  /** Connection, recipient, time and rate limits; each one left out takes its default. */
  readonly limits?: Partial<SmtpLimits>;
  /** PEM key and certificate to offer STARTTLS; without them STARTTLS is not offered. */
  readonly tls?: { readonly key: string | Buffer; readonly cert: string | Buffer };
  /** Decides about one message, given its exact bytes. */
  onMessage(raw: Buffer, envelope: SmtpEnvelope): Promise<SmtpIntakeVerdict>;
}

export interface SmtpIntake {
  /** The bound address. */
  readonly address: { readonly host: string; readonly port: number };
  /** Stops listening and waits for open sessions to end. */
  close(): Promise<void>;
}

type SmtpError = Error & { responseCode?: number };

function replyText(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/[^\x20-\x7e]/g, '?');
}

function smtpError(responseCode: number, text: string): SmtpError {
  const error: SmtpError = new Error(replyText(text));
  error.responseCode = responseCode;
  return error;
}

/** The intake verdict for a refusal: 550 with its code and English text (the reply names the code once). */
export function refusalVerdict(refusal: Refusal): SmtpIntakeVerdict {
  return { accepted: false, code: refusal.code, message: refusalText(refusal) };
}

/** Starts an SMTP intake (module comment). Resolves once it is listening. */
export async function startSmtpIntake(opts: SmtpIntakeOptions): Promise<SmtpIntake> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_REPORT_BYTES;
  // smtp-server keeps its open connections in `connections`; a timed-out session is
  // closed through its own connection so the 421 goes out in order, over TLS too.
  const guard: SmtpGuard = new SmtpGuard({ ...DEFAULT_SMTP_LIMITS, ...opts.limits }, (id): SmtpReplier | undefined => {
    for (const connection of server.connections as Set<SmtpReplier>) if (connection.id === id) return connection;
    return undefined;
  });
  // Loaded only when the intake is enabled.
  const { SMTPServer } = await import('smtp-server');
  const server = new SMTPServer({
    ...guard.serverOptions(),
    ...(opts.tls ? { key: opts.tls.key, cert: opts.tls.cert } : {}),
    disabledCommands: opts.tls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
    authOptional: true,
    size: maxBytes,
    logger: false,
    ...(opts.hostname ? { name: opts.hostname } : {}),
    onConnect: (session, callback) => guard.onConnect(session, callback),
    onMailFrom: (_address, session, callback) => guard.onMailFrom(session, callback),
    onRcptTo: (address, session, callback) => guard.onRcptTo(address, session, callback),
    onClose: (session) => guard.onClose(session),
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback) {
      guard.dataStarted(session);
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= maxBytes) chunks.push(chunk);
      });
      stream.on('error', (error: Error) => callback(smtpError(451, `local error: ${error.message}`)));
      stream.on('end', () => {
        // A session closed for being too slow has its connection gone: nothing to answer.
        if (guard.timedOut(session)) return;
        guard.dataEnded(session);
        const reply = (error: SmtpError | null, text?: string) => {
          guard.progress(session);
          callback(error, text);
        };
        // RFC 1870 §6.2: 552 when the message exceeds the advertised size.
        if (stream.sizeExceeded || size > maxBytes) {
          const refusal = refuse('too-large', `${size} bytes, limit ${maxBytes}`);
          reply(smtpError(552, `${refusal.code}: ${refusalText(refusal)}`));
          return;
        }
        const envelope: SmtpEnvelope = {
          ...(session.envelope.mailFrom ? { mailFrom: session.envelope.mailFrom.address } : {}),
          rcptTo: session.envelope.rcptTo.map((r) => r.address),
          ...(session.remoteAddress ? { remoteAddress: session.remoteAddress } : {}),
        };
        opts.onMessage(Buffer.concat(chunks), envelope).then(
          (verdict) => {
            const text = `${verdict.code}: ${verdict.message}`;
            if (verdict.accepted) reply(null, replyText(text));
            else reply(smtpError(550, text));
          },
          (error: unknown) => reply(smtpError(451, `local error: ${String(error)}`)),
        );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => {
      server.off('error', onError);
      resolve();
    });
  });
  // After start-up, a socket error must not take the process down.
  server.on('error', () => {});
  const bound = server.server.address() as AddressInfo;
  return {
    address: { host: bound.address, port: bound.port },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface ArfForwarderOptions {
  readonly host: string;
  readonly port: number;
  /** Envelope sender (MAIL FROM). */
  readonly from: string;
  /** Implicit TLS (port 465). Otherwise STARTTLS is used when the server offers it. */
  readonly secure?: boolean;
  /** Refuse to send without STARTTLS. */
  readonly requireTLS?: boolean;
  /**
   * Longest wait for the connection, the greeting and each reply (ms; default 20 s), so
   * that a stalled MTA costs one attempt, not minutes (nodemailer waits up to 10 minutes).
   */
  readonly timeoutMs?: number;
}

export interface ArfForwarder {
  /** Delivers one exported ARF message to `to` (envelope recipients), unchanged. */
  send(to: readonly string[], arfMessage: string): Promise<void>;
  /** Closes the transport. */
  close(): void;
}

/** A forwarder for exported ARF reports over SMTP (nodemailer). */
export function createArfForwarder(opts: ArfForwarderOptions): ArfForwarder {
  const transport = nodemailer.createTransport({
    host: opts.host,
    port: opts.port,
    secure: opts.secure ?? false,
    ...(opts.requireTLS ? { requireTLS: true } : {}),
    connectionTimeout: opts.timeoutMs ?? 20_000,
    greetingTimeout: opts.timeoutMs ?? 20_000,
    socketTimeout: opts.timeoutMs ?? 20_000,
  });
  return {
    async send(to, arfMessage) {
      if (to.length === 0) throw new TypeError('send() needs at least one recipient');
      await transport.sendMail({ envelope: { from: opts.from, to: [...to] }, raw: arfMessage });
    },
    close() {
      transport.close();
    },
  };
}
