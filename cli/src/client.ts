/**
 * Talking to a running node: its HTTP API (JSON, operator token as a bearer token)
 * and its websocket for subscriptions. The node announces where it listens in
 * `DIR/run/listen.json`; no file, a dead (or reused) pid or a refused connection all mean "not
 * running" (exit 3). Errors the node sends back (`{ error: { code, message } }`)
 * become CliErrors carrying the node's stable code (exit 1).
 */
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { ownerAlive } from '@arx/node/owner';
import type { Ctx } from './context.js';
import { CliError, EXIT, failure } from './errors.js';
import { nodeFiles } from './files.js';
import { errorText } from './i18n.js';
import { connectWs, type WsClient } from './ws.js';

/** What a running node writes to run/listen.json. */
export interface ListenInfo {
  pid: number;
  http: string;
  ws: string;
  dns: string | null;
  smtp: string | null;
}

export type Query = Record<string, string | number | boolean | undefined | null>;

/** Reads run/listen.json of a node directory, or undefined when the node is not running. */
export function readListenInfo(dir: string): ListenInfo | undefined {
  const files = nodeFiles(dir);
  if (!existsSync(files.listenFile)) return undefined;
  try {
    const info = JSON.parse(readFileSync(files.listenFile, 'utf8')) as ListenInfo;
    if (typeof info.http !== 'string' || !ownerAlive(info)) return undefined;
    return info;
  } catch {
    return undefined;
  }
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE', 'ETIMEDOUT']);

/** An HTTP + websocket client bound to one node directory. */
export class NodeClient {
  private token: string | undefined;

  private constructor(
    private readonly ctx: Ctx,
    readonly dir: string,
    readonly listen: ListenInfo,
    private readonly timeoutMs: number,
  ) {}

  /** Opens a client for the node in `dir`; exit 3 when it is not running. */
  static open(ctx: Ctx, dir: string, timeoutMs = 30_000): NodeClient {
    const info = readListenInfo(dir);
    if (!info) throw notRunning(ctx, dir);
    return new NodeClient(ctx, dir, info, timeoutMs);
  }

  /** The operator token from the node directory (read when first needed). */
  private operatorToken(): string {
    if (this.token === undefined) {
      const file = nodeFiles(this.dir).tokenFile;
      try {
        this.token = readFileSync(file, 'utf8').trim();
      } catch (cause) {
        throw failure(this.ctx.t('client.noToken', { path: file }), 'ARX_NODE_UNAUTHORISED', cause);
      }
    }
    return this.token;
  }

  private optionalToken(): string | undefined {
    try {
      return this.operatorToken();
    } catch {
      return undefined;
    }
  }

  url(path: string, query?: Query): string {
    const url = new URL(path, this.listen.http);
    for (const [k, v] of Object.entries(query ?? {})) {
      if (v !== undefined && v !== null && v !== '' && v !== false) url.searchParams.set(k, String(v));
    }
    return url.toString();
  }

  private async fetch(
    method: string,
    path: string,
    query?: Query,
    body?: unknown,
    raw?: { bytes: Uint8Array; contentType: string; okStatuses: number[] },
  ): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json' };
    // Reads are public, but some answer "me" from the token: send it whenever it is readable.
    const token = method === 'GET' ? this.optionalToken() : this.operatorToken();
    if (token) headers['authorization'] = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (raw) headers['content-type'] = raw.contentType;
    const url = this.url(path, query);
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        ...(raw ? { body: new Blob([new Uint8Array(raw.bytes)]) } : {}),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw this.networkError(error);
    }
    if (!response.ok && !raw?.okStatuses.includes(response.status)) throw await this.httpError(response);
    return response;
  }

  private networkError(error: unknown): CliError {
    const cause = (error as { cause?: { code?: string } }).cause;
    const code = cause?.code ?? (error as { name?: string }).name;
    if (code === 'TimeoutError' || code === 'AbortError') {
      return new CliError(EXIT.unreachable, this.ctx.t('client.timeout', { url: this.listen.http }), { cause: error });
    }
    if (code && NETWORK_CODES.has(code)) return notRunning(this.ctx, this.dir, error);
    return new CliError(
      EXIT.unreachable,
      this.ctx.t('client.network', { url: this.listen.http, detail: String(code ?? error) }),
      { cause: error },
    );
  }

  private async httpError(response: Response): Promise<CliError> {
    return this.errorFromBody(response.status, response.statusText, await response.text().catch(() => ''));
  }

  /**
   * The CliError for an error answer: `{ error: { code, message } }`, or a refusal of
   * the content (`{ code, message, zh, detail }`, docs/api.md), whose Chinese text the
   * node sends itself.
   */
  private errorFromBody(status: number, statusText: string, text: string): CliError {
    let code = `HTTP_${status}`;
    let message = text.slice(0, 300) || statusText;
    try {
      const body = JSON.parse(text) as {
        error?: { code?: string; message?: string };
        code?: string;
        message?: string;
        zh?: string;
        detail?: string;
      };
      if (body.error?.code) code = body.error.code;
      if (body.error?.message) message = body.error.message;
      if (!body.error && typeof body.code === 'string') {
        code = body.code;
        const zh = this.ctx.lang === 'zh-CN' && body.zh ? `${body.zh}${body.detail ? `（${body.detail}）` : ''}` : '';
        return failure(this.ctx.t('client.refused', { code, message: zh || (body.message ?? message) }), code);
      }
    } catch {
      // Not JSON: keep the status line and the start of the body.
    }
    return failure(this.ctx.t('client.refused', { code, message: errorText(this.ctx.lang, code, message) }), code);
  }

  /** GET a JSON resource. */
  async get<T>(path: string, query?: Query): Promise<T> {
    return (await (await this.fetch('GET', path, query)).json()) as T;
  }

  /** GET a text resource (exports). */
  async getText(path: string, query?: Query): Promise<string> {
    return (await this.fetch('GET', path, query)).text();
  }

  /** POST JSON with the operator token. */
  async post<T>(path: string, body: unknown): Promise<T> {
    return (await (await this.fetch('POST', path, undefined, body)).json()) as T;
  }

  /**
   * POSTs raw bytes (a mail message, say) with the operator token. A 422 answer is a
   * refusal of the content, returned like a success for the caller to report.
   */
  async postRaw<T>(path: string, bytes: Uint8Array, contentType: string): Promise<{ status: number; json: T }> {
    const response = await this.fetch('POST', path, undefined, undefined, { bytes, contentType, okStatuses: [422] });
    return { status: response.status, json: (await response.json()) as T };
  }

  /**
   * Streams a file to the node (an ARF message, an X-ARF document) with the operator
   * token; the file is never held in memory whole. 200, 413 and 422 are answers about
   * the content, returned for the caller to report. A node that answers before the
   * upload ends (a refusal of an oversized file) is read, not taken for a dead one; a
   * connection lost after it was open is a lost upload (exit 1), never "not running".
   */
  upload<T>(path: string, file: string, contentType: string, query?: Query): Promise<{ status: number; json: T }> {
    const url = new URL(this.url(path, query));
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      let connected = false;
      let answered = false;
      const fail = (error: unknown) => {
        if (answered) return;
        answered = true;
        reject(error);
      };
      const req = send(
        url,
        {
          method: 'POST',
          agent: false,
          headers: {
            accept: 'application/json',
            'content-type': contentType,
            authorization: `Bearer ${this.operatorToken()}`,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', fail);
          res.on('end', () => {
            // An answer before the upload ended: the rest is not sent, the connection is done.
            if (!req.writableFinished) req.destroy();
            if (answered) return;
            answered = true;
            const text = Buffer.concat(chunks).toString('utf8');
            const status = res.statusCode ?? 0;
            if (![200, 413, 422].includes(status)) {
              reject(this.errorFromBody(status, res.statusMessage ?? '', text));
              return;
            }
            try {
              resolve({ status, json: JSON.parse(text) as T });
            } catch (cause) {
              reject(this.errorFromBody(status, res.statusMessage ?? '', text || String(cause)));
            }
          });
          // The node has answered: the rest of the file is not needed.
          stream.unpipe(req);
          stream.destroy();
        },
      );
      req.on('socket', (socket) => socket.once('connect', () => (connected = true)));
      req.setTimeout(this.timeoutMs, () => req.destroy(Object.assign(new Error('timeout'), { name: 'TimeoutError' })));
      req.on('error', (error: NodeJS.ErrnoException) => {
        if (error.name === 'TimeoutError') return fail(this.networkError(error));
        if (!connected) return fail(this.networkError({ cause: error }));
        fail(
          failure(
            this.ctx.t('client.lost', { url: this.listen.http, detail: error.code ?? error.message }),
            'connection-lost',
            error,
          ),
        );
      });
      const stream = createReadStream(file);
      stream.on('error', (error) => {
        req.destroy();
        fail(failure(this.ctx.t('file.cannotRead', { path: file }), 'file-unreadable', error));
      });
      stream.pipe(req);
    });
  }

  /** Opens the node's websocket. */
  async websocket(): Promise<WsClient> {
    try {
      const token = this.optionalToken();
      return await connectWs(this.listen.ws, token ? { authorization: `Bearer ${token}` } : {});
    } catch (error) {
      throw this.networkError(error);
    }
  }
}

/** The "not running" error (exit 3) with the command that would start the node. */
export function notRunning(ctx: Ctx, dir: string, cause?: unknown): CliError {
  return new CliError(EXIT.unreachable, ctx.t('client.notRunning', { dir }), { cause });
}

/** Escapes a path segment (addresses contain ':' and '/'). */
export function segment(value: string): string {
  return encodeURIComponent(value);
}
