import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, test } from 'node:test';
import { connectWs, encodeClientFrame, parseFrame } from '../src/ws.js';

/** Server-side frame (unmasked), written by hand as RFC 6455 §5.2 lays it out. */
function serverFrame(opcode: number, payload: Uint8Array, fin = true): Buffer {
  const head = payload.length < 126 ? Buffer.from([(fin ? 0x80 : 0) | opcode, payload.length]) : Buffer.alloc(4);
  if (payload.length >= 126) {
    head[0] = (fin ? 0x80 : 0) | opcode;
    head[1] = 126;
    head.writeUInt16BE(payload.length, 2);
  }
  return Buffer.concat([head, payload]);
}

let server: Server | undefined;
afterEach(() => server?.close());

/** A websocket server that hands each upgraded socket to `onSocket`. */
async function listen(onSocket: (socket: Socket, headers: Record<string, unknown>) => void): Promise<string> {
  server = createServer((_req, res) => res.writeHead(401).end());
  server.on('upgrade', (req, socket: Socket) => {
    const accept = createHash('sha1')
      .update(`${req.headers['sec-websocket-key']}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`)
      .digest('base64');
    socket.write(
      `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
    );
    onSocket(socket, req.headers);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `ws://127.0.0.1:${(server.address() as AddressInfo).port}/v1/ws`;
}

test('frames: client frames are masked and parse back to the payload', () => {
  const payload = Buffer.from('hello');
  const frame = encodeClientFrame(2, payload, Buffer.from([1, 2, 3, 4]));
  assert.equal(frame[0], 0x82);
  assert.equal(frame[1], 0x80 | 5);
  assert.notDeepEqual(frame.subarray(6), payload);
  const parsed = parseFrame(frame)!;
  assert.deepEqual(parsed.payload, payload);
  assert.equal(parsed.size, frame.length);
  assert.equal(parseFrame(frame.subarray(0, 4)), undefined, 'incomplete frame waits for more bytes');
  const big = encodeClientFrame(2, new Uint8Array(70_000));
  assert.equal(big[1], 0x80 | 127);
  assert.equal(parseFrame(big)!.payload.length, 70_000);
});

test('receives fragmented binary messages, answers pings, sends masked frames', async () => {
  let serverSocket: Socket | undefined;
  const frames: { opcode: number; payload: Buffer }[] = [];
  let gotTwo: () => void = () => {};
  const twoFrames = new Promise<void>((resolve) => {
    gotTwo = resolve;
  });
  const url = await listen((socket, headers) => {
    serverSocket = socket;
    assert.equal(headers['authorization'], 'Bearer t0k');
    let buf = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      for (let f = parseFrame(buf); f; f = parseFrame(buf)) {
        frames.push(f);
        buf = buf.subarray(f.size);
      }
      if (frames.length >= 2) gotTwo();
    });
    // One message in two fragments with a ping between them (RFC 6455 §5.4 allows it).
    socket.write(
      Buffer.concat([
        serverFrame(2, Buffer.from('ab'), false),
        serverFrame(9, Buffer.from('p')),
        serverFrame(0, Buffer.from('cd')),
      ]),
    );
  });
  const ws = await connectWs(url, { authorization: 'Bearer t0k' });
  const [message] = (await once(ws, 'message')) as [Uint8Array];
  assert.equal(Buffer.from(message).toString(), 'abcd');
  ws.send(Buffer.from('xyz'));
  await twoFrames;
  assert.deepEqual(
    frames.map((f) => [f.opcode, f.payload.toString()]),
    [
      [10, 'p'],
      [2, 'xyz'],
    ],
  );
  const closed = once(ws, 'close');
  serverSocket!.end(serverFrame(8, Buffer.from([0x03, 0xe8])));
  const [code] = await closed;
  assert.equal(code, 1000);
});

test('a refused upgrade rejects with the HTTP status', async () => {
  server = createServer((_req, res) => res.writeHead(401).end());
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/v1/ws`;
  await assert.rejects(connectWs(url), (error: Error & { status?: number }) => error.status === 401);
});
