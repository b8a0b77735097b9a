/**
 * Live updates: a websocket subscription (`['sub', id, { since }]`) from the cursor
 * the figures were computed at. Every entry that arrives is verified like any other;
 * then the page re-fetches its figures (debounced, so a burst costs one refresh).
 */
import { decodeFrame, encodeFrame } from '@arx/protocol';
import { acceptLive } from './verify.js';

const SUB_ID = 'dashboard';
/** Kinds that can change a figure or a list on the page (receipts and profiles cannot). */
const KINDS = ['report', 'ack', 'listing', 'delist-request', 'delist-decision', 'retract', 'roster'];

export interface LiveOptions {
  /** Cursor to deliver entries after (figures already include everything up to it). */
  cursor(): number;
  onEntry(kind: string): void;
  onStatus(open: boolean): void;
}

export function startLive(options: LiveOptions): void {
  let since = options.cursor();
  let attempt = 0;
  const connect = () => {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const socket = new WebSocket(`${scheme}://${location.host}/v1/ws`);
    socket.binaryType = 'arraybuffer';
    socket.addEventListener('open', () => {
      attempt = 0;
      since = Math.max(since, options.cursor());
      socket.send(encodeFrame(['sub', SUB_ID, { kinds: KINDS, since }]));
      options.onStatus(true);
    });
    socket.addEventListener('message', (event) => {
      if (!(event.data instanceof ArrayBuffer)) return;
      let frame: ReturnType<typeof decodeFrame>;
      try {
        frame = decodeFrame(new Uint8Array(event.data));
      } catch {
        return;
      }
      if (frame[0] === 'eose') since = Math.max(since, frame[2]);
      if (frame[0] === 'entry' && frame.length === 4) {
        since = Math.max(since, frame[3]);
        const verdict = acceptLive(frame[1]);
        options.onEntry(verdict.state === 'verified' ? verdict.entry.payload.kind : 'unverified');
      }
    });
    socket.addEventListener('close', () => {
      options.onStatus(false);
      // Back off up to 30 s, with jitter, so many open dashboards do not reconnect in step.
      const delay = Math.min(30_000, 500 * 2 ** Math.min(attempt++, 6)) * (0.5 + Math.random() / 2);
      setTimeout(connect, delay);
    });
  };
  connect();
}
