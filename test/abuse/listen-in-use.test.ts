/**
 * A port another process holds fails the start with ARX_NODE_LISTEN naming the config
 * key, the address and the cause — for the HTTP listener, the DNSBL (UDP) and the SMTP
 * intake — in the operator's language; and a start that fails so closes what it had
 * opened, the directory's lock with it, so the same directory starts at once when the
 * port is free again.
 */
import assert from 'node:assert/strict';
import { createSocket, type Socket } from 'node:dgram';
import { createServer, type Server } from 'node:net';
import { after, test } from 'node:test';
import { ArxNodeError } from '@arx/node';
import { getJson, startTestNode, tempRoot, writeNodeDir } from '../../node/test/helpers/fixture.js';
import { freePorts } from '../federation/helpers/cluster.js';
import { runArx } from './arx-start.js';

const { root, cleanup } = tempRoot('arx-listen-');
after(cleanup);

const holdTcp = (port: number) =>
  new Promise<Server>((resolve) => {
    const server = createServer();
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
const holdUdp = (port: number) =>
  new Promise<Socket>((resolve) => {
    const socket = createSocket('udp4');
    socket.bind(port, '127.0.0.1', () => resolve(socket));
  });

test('arx start on an HTTP port in use exits 1 naming http.port and the cause, in English and in Chinese', async () => {
  const [port] = (await freePorts(1)) as [number];
  const held = await holdTcp(port);
  try {
    const dir = writeNodeDir(root, 'isc', { http: { host: '127.0.0.1', port } });
    const en = await runArx(['start', '--dir', dir]);
    assert.equal(en.code, 1, en.stderr);
    assert.match(en.stderr, new RegExp(`http\\.port 127\\.0\\.0\\.1:${port}: the port is in use by another process`));
    const zh = await runArx(['start', '--dir', dir, '--lang', 'zh-CN']);
    assert.equal(zh.code, 1, zh.stderr);
    assert.match(zh.stderr, /无法在配置的地址上监听/);
  } finally {
    await new Promise<void>((resolve) => held.close(() => resolve()));
  }
});

test('a DNSBL or SMTP port in use fails the start, and the directory starts at once when it is free', async () => {
  const [dnsPort, smtpPort] = (await freePorts(2)) as [number, number];
  const config = {
    http: { host: '127.0.0.1', port: 0 },
    dnsbl: { enabled: true, host: '127.0.0.1', port: dnsPort, workers: 0 },
    smtp: { enabled: true, host: '127.0.0.1', port: smtpPort },
  };
  const dir = writeNodeDir(root, 'sorbs', config);
  const refused = async (what: string, key: string, port: number) => {
    await assert.rejects(startTestNode(dir, 'sorbs', config), (error: unknown) => {
      assert.ok(error instanceof ArxNodeError, `${what}: a typed error, not ${String(error)}`);
      assert.equal(error.code, 'ARX_NODE_LISTEN');
      assert.match(error.message, new RegExp(`${key.replace('.', '\\.')} 127\\.0\\.0\\.1:${port}: the port is in use`));
      return true;
    });
  };

  const udp = await holdUdp(dnsPort);
  await refused('DNSBL', 'dnsbl.port', dnsPort);
  await new Promise<void>((resolve) => udp.close(() => resolve()));
  const tcp = await holdTcp(smtpPort);
  // The failed start closed its database: this one opens it (a lock still held would be ARX_NODE_LOCKED).
  await refused('SMTP', 'smtp.port', smtpPort);
  await new Promise<void>((resolve) => tcp.close(() => resolve()));

  const node = await startTestNode(dir, 'sorbs', config);
  try {
    assert.equal((await getJson(node.listen.http!, '/v1/health')).json.status, 'ok');
    assert.equal(node.listen.dns, `127.0.0.1:${dnsPort}`);
    assert.equal(node.listen.smtp, `127.0.0.1:${smtpPort}`);
  } finally {
    await node.close();
  }
});
