/**
 * The DNSBL server over real sockets, queried with ISC dig (UDP and TCP) and with a
 * raw client for what dig cannot do: pipelining, garbage, idle connections.
 */
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import net from 'node:net';
import { after, before, test } from 'node:test';
import { parseAddress } from '@arx/protocol';
import { decode, encode } from 'dns-packet';
import { type DnsblServer, queryName, startDnsbl } from '../../src/dnsbl/index.js';
import { dig, requireDig } from './dig.js';
import { DAY, listing, NOW, ZONE } from './fixtures.js';
import { TestListingIndex } from './memory-index.js';

const spam = listing('192.0.2.0/24', 'spam-source');
const dynamicHost = listing('192.0.2.7', 'dynamic');
const proxy6 = listing('2001:db8:1:2::/64', 'open-proxy');
const shortLived = listing('198.51.100.9', 'open-relay', { expires: NOW + DAY });
const site = listing('spam.example', 'spamvertised-site');
const crowded = Array.from({ length: 12 }, (_, i) =>
  listing('203.0.113.0/24', 'spam-source', { originHandle: `operator-${i}` }),
);
const index = new TestListingIndex([spam, dynamicHost, proxy6, shortLived, site, ...crowded]);

let clock = NOW;
let server: DnsblServer;
const errors: unknown[] = [];
const name = (ip: string) => queryName(parseAddress(ip), ZONE);

before(async () => {
  requireDig();
  server = await startDnsbl({
    host: '127.0.0.1',
    port: 0,
    zone: ZONE,
    index,
    now: () => clock,
    nsName: 'ns1.isc.example',
    contact: 'dnsbl@isc.example',
    removalUrl: (l) => `https://isc.example/d/${l.id.slice(0, 8)}`,
    tcpIdleTimeoutMs: 200,
    onError: (e) => errors.push(e),
  });
});

after(async () => {
  await server?.close();
});

test('UDP and TCP listen on the same port, chosen when port 0 is asked for', () => {
  assert.notEqual(server.udp.port, 0);
  assert.equal(server.udp.port, server.tcp.port);
  assert.equal(server.udp.address, '127.0.0.1');
});

for (const tcp of [false, true]) {
  const via = tcp ? 'TCP' : 'UDP';

  test(`dig over ${via}: a listed IPv4 address answers with its return codes and reasons`, async () => {
    const a = await dig(server.udp.port, name('192.0.2.7'), 'A', { tcp });
    assert.equal(a.status, 'NOERROR');
    assert.ok(a.flags.includes('aa'), a.raw);
    assert.deepEqual(a.answer.map((r) => r.data).sort(), ['127.0.0.10', '127.0.0.2']);
    const txt = await dig(server.udp.port, name('192.0.2.7'), 'TXT', { tcp });
    assert.deepEqual(
      txt.answer.map((r) => r.data),
      [
        `Listed by isc: Spam source - Host sending spam; 192.0.2.0/24 since 2024-04-21. Request removal: arx delist request ${spam.id} --remediation host-cleaned or https://isc.example/d/${spam.id.slice(0, 8)}`,
        `Listed by isc: Dynamic address space - Dynamic address sending directly to MX. Request removal: arx delist request ${dynamicHost.id} --remediation port25-blocked or https://isc.example/d/${dynamicHost.id.slice(0, 8)}`,
      ],
    );
  });

  test(`dig over ${via}: an address in a listed IPv6 /64 is listed`, async () => {
    const a = await dig(server.udp.port, name('2001:db8:1:2:ffff::1'), 'A', { tcp });
    assert.deepEqual(
      a.answer.map((r) => r.data),
      ['127.0.0.4'],
    );
    const txt = await dig(server.udp.port, name('2001:db8:1:2:ffff::1'), 'TXT', { tcp });
    assert.match(txt.answer[0]!.data, /Open proxy - Open proxy; 2001:db8:1:2::\/64/);
  });

  test(`dig over ${via}: an unlisted address is NXDOMAIN with the zone's SOA`, async () => {
    const a = await dig(server.udp.port, name('192.0.3.7'), 'A', { tcp });
    assert.equal(a.status, 'NXDOMAIN');
    assert.equal(a.answer.length, 0);
    assert.equal(a.authority[0]?.type, 'SOA');
    assert.equal(a.authority[0]?.ttl, 60);
    assert.equal(a.authority[0]?.data, `ns1.isc.example. dnsbl.isc.example. ${NOW / 1000} 3600 600 604800 60`);
  });

  test(`dig over ${via}: the RFC 5782 test entries`, async () => {
    const listed = await dig(server.udp.port, `2.0.0.127.${ZONE}`, 'A', { tcp });
    assert.deepEqual(
      listed.answer.map((r) => r.data),
      ['127.0.0.2'],
    );
    const v6 = await dig(server.udp.port, `2.0.0.0.0.0.f.7.f.f.f.f.${'0.'.repeat(20)}${ZONE}`, 'A', { tcp });
    assert.deepEqual(
      v6.answer.map((r) => r.data),
      ['127.0.0.2'],
    );
    assert.equal((await dig(server.udp.port, `1.0.0.127.${ZONE}`, 'A', { tcp })).status, 'NXDOMAIN');
    const v6never = await dig(server.udp.port, `1.0.0.0.0.0.f.7.f.f.f.f.${'0.'.repeat(20)}${ZONE}`, 'A', { tcp });
    assert.equal(v6never.status, 'NXDOMAIN');
    assert.equal((await dig(server.udp.port, `test.${ZONE}`, 'A', { tcp })).status, 'NOERROR');
    assert.equal((await dig(server.udp.port, `invalid.${ZONE}`, 'A', { tcp })).status, 'NXDOMAIN');
  });
}

test('dig: SOA and NS at the apex', async () => {
  const soa = await dig(server.udp.port, ZONE, 'SOA');
  assert.equal(soa.answer[0]?.data, `ns1.isc.example. dnsbl.isc.example. ${NOW / 1000} 3600 600 604800 60`);
  const ns = await dig(server.udp.port, ZONE, 'NS', { tcp: true });
  assert.deepEqual(
    ns.answer.map((r) => r.data),
    ['ns1.isc.example.'],
  );
});

test('dig: names outside the zone are REFUSED', async () => {
  const a = await dig(server.udp.port, '7.2.0.192.zen.spamhaus.example', 'A');
  assert.equal(a.status, 'REFUSED');
  assert.ok(!a.flags.includes('aa'));
});

test('dig: a spamvertised domain and its subdomains are listed RHSBL style', async () => {
  const a = await dig(server.udp.port, `www.spam.example.${ZONE}`, 'A');
  assert.deepEqual(
    a.answer.map((r) => r.data),
    ['127.0.0.2'],
  );
  const txt = await dig(server.udp.port, `spam.example.${ZONE}`, 'TXT', { tcp: true });
  assert.match(
    txt.answer[0]!.data,
    /^Listed by isc: Spamvertised site - Web site advertised in spam\. Request removal: .* --remediation site-removed/,
  );
});

test('dig: an answer too large for UDP is truncated and dig gets it whole over TCP', async () => {
  const truncated = await dig(server.udp.port, name('203.0.113.1'), 'TXT', { extra: ['+ignore'] });
  assert.ok(truncated.flags.includes('tc'), truncated.raw);
  assert.equal(truncated.answer.length, 0);
  const retried = await dig(server.udp.port, name('203.0.113.1'), 'TXT');
  assert.equal(retried.answer.length, 12);
});

test('dig: expired listings vanish when the clock passes their expiry', async () => {
  clock = NOW;
  assert.equal((await dig(server.udp.port, name('198.51.100.9'), 'A')).status, 'NOERROR');
  clock = NOW + DAY;
  try {
    assert.equal((await dig(server.udp.port, name('198.51.100.9'), 'A')).status, 'NXDOMAIN');
  } finally {
    clock = NOW;
  }
});

/** Sends one UDP datagram and resolves with the reply, if any arrives before `waitMs`. */
function udpExchange(message: Buffer, waitMs = 1000): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket('udp4');
    const timer = setTimeout(() => {
      socket.close();
      resolve(null);
    }, waitMs);
    socket.on('message', (reply) => {
      clearTimeout(timer);
      socket.close();
      resolve(reply);
    });
    socket.send(message, server.udp.port, '127.0.0.1');
  });
}

function frame(message: Buffer): Buffer {
  const out = Buffer.alloc(2 + message.length);
  out.writeUInt16BE(message.length, 0);
  message.copy(out, 2);
  return out;
}

/** A TCP connection that collects length-framed replies. */
function tcpClient(): Promise<{ socket: net.Socket; replies: Buffer[]; next(count: number): Promise<Buffer[]> }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(server.tcp.port, '127.0.0.1');
    const replies: Buffer[] = [];
    let pending = Buffer.alloc(0);
    const waiters: (() => void)[] = [];
    socket.on('data', (chunk) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 2 && pending.length >= 2 + pending.readUInt16BE(0)) {
        replies.push(pending.subarray(2, 2 + pending.readUInt16BE(0)));
        pending = pending.subarray(2 + pending.readUInt16BE(0));
      }
      for (const w of waiters.splice(0)) w();
    });
    socket.on('error', reject);
    socket.on('connect', () =>
      resolve({
        socket,
        replies,
        next(count) {
          return new Promise((done) => {
            const check = () => (replies.length >= count ? done(replies.slice(0, count)) : waiters.push(check));
            check();
          });
        },
      }),
    );
  });
}

const validQuery = (id: number) => encode({ type: 'query', id, questions: [{ name: `2.0.0.127.${ZONE}`, type: 'A' }] });

test('random bytes over UDP do not stop the server; a valid query still works', async () => {
  let seed = 7;
  const random = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed >> 16;
  };
  const socket = dgram.createSocket('udp4');
  const before = server.stats.udpQueries;
  for (let i = 0; i < 500; i++) {
    const bytes = Buffer.from(Array.from({ length: 1 + (random() % 600) }, () => random() & 0xff));
    await new Promise<void>((done) => socket.send(bytes, server.udp.port, '127.0.0.1', () => done()));
    // Client and server share this process: let the server read, or the kernel drops datagrams.
    await new Promise((done) => setImmediate(done));
  }
  socket.close();
  // UDP may still lose a datagram; a real client retries too.
  let reply: Buffer | null = null;
  for (let attempt = 0; attempt < 3 && !reply; attempt++) reply = await udpExchange(validQuery(4242));
  assert.ok(reply, 'the server still answers');
  assert.ok(server.stats.udpQueries - before > 400, `${server.stats.udpQueries - before} of 500 datagrams seen`);
  assert.equal(decode(reply).id, 4242);
  const a = await dig(server.udp.port, `2.0.0.127.${ZONE}`, 'A');
  assert.equal(a.status, 'NOERROR');
});

test('random bytes over TCP do not stop the server; a valid query on a new connection works', async () => {
  for (let i = 0; i < 20; i++) {
    const socket = net.connect(server.tcp.port, '127.0.0.1');
    await new Promise<void>((done) => socket.on('connect', () => done()));
    socket.on('error', () => {});
    socket.end(Buffer.from(Array.from({ length: 50 + i * 37 }, (_, j) => (j * 7919 + i * 31) & 0xff)));
    await new Promise<void>((done) => socket.on('close', () => done()));
  }
  const a = await dig(server.udp.port, `2.0.0.127.${ZONE}`, 'A', { tcp: true });
  assert.equal(a.status, 'NOERROR');
});

test('one TCP connection carries several pipelined queries, a garbage message included', async () => {
  const client = await tcpClient();
  const full = Buffer.concat([
    frame(validQuery(1)),
    frame(Buffer.concat([Buffer.from('beef0100ffff', 'hex'), Buffer.alloc(10, 0xff)])),
    frame(validQuery(3)),
  ]);
  // Split the stream at an awkward place to exercise reassembly.
  client.socket.write(full.subarray(0, 5));
  client.socket.write(full.subarray(5));
  const [first, second, third] = await client.next(3);
  assert.equal(decode(first!).id, 1);
  assert.equal(decode(second!).id, 0xbeef);
  assert.equal(second!.readUInt16BE(2) & 0xf, 1, 'FORMERR for the garbage');
  assert.equal(decode(third!).id, 3);
  assert.deepEqual(
    decode(third!).answers?.map((a) => (a as { data: unknown }).data),
    ['127.0.0.2'],
  );
  client.socket.destroy();
});

test('an idle TCP connection is closed by the server', async () => {
  const client = await tcpClient();
  client.socket.write(frame(validQuery(9)));
  await client.next(1);
  // No assertion on timing: the server closes it after its idle timeout (200 ms here).
  await new Promise<void>((done) => client.socket.on('close', () => done()));
  assert.equal(client.replies.length, 1);
});

test('counters account for what was answered', () => {
  assert.ok(server.stats.udpQueries > 0);
  assert.ok(server.stats.tcpQueries > 0);
  assert.ok(server.stats.listed > 0);
  assert.ok(server.stats.nxdomain > 0);
  assert.ok(server.stats.refused > 0);
  assert.ok(server.stats.truncated > 0);
  assert.ok(server.stats.errors > 0, 'FORMERR for garbage');
  assert.deepEqual(errors, [], 'no internal errors');
});

test('close() stops the server; port 0 with a fixed port in use fails clearly', async () => {
  const other = await startDnsbl({ host: '127.0.0.1', port: 0, zone: ZONE, index });
  await assert.rejects(
    startDnsbl({ host: '127.0.0.1', port: other.udp.port, zone: ZONE, index }),
    (e: NodeJS.ErrnoException) => e.code === 'EADDRINUSE',
  );
  await other.close();
  await other.close();
});
