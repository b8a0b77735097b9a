/**
 * Abuse benchmark: for each attack of test/abuse, the p95 of /v1/health under attack as
 * a ratio to the idle p95 measured on the same node just before, and the node's RSS
 * growth during the attack (against the configured buffer cap where there is one).
 *
 *   pnpm bench abuse          (ARX_BENCH_SCALE scales the stored entries and attack length)
 */
import { encodeFrame, generateKeyPair, parsePrefix, signEntry } from '@arx/protocol';
import { reportBody } from '../../node/test/helpers/fixture.js';
import {
  type AbuseNode,
  Attacker,
  monitorHealth,
  publishEntries,
  repeat,
  rssMb,
  startNode,
  watchRss,
} from '../abuse/helpers.ts';
import { type BenchResult, result } from './lib.ts';

const SCALE = Number(process.env['ARX_BENCH_SCALE'] ?? '1');
const STORED = Math.max(500, Math.round(3000 * SCALE));
const TICKS = Math.max(20, Math.round(80 * SCALE));

async function idleP95(node: AbuseNode): Promise<number> {
  const h = monitorHealth(node.http, { intervalMs: 50 });
  await new Promise((r) => setTimeout(r, 2000));
  return (await h.stop()).p95();
}

/** Runs `attack` against a fresh node and reports the health ratio and RSS growth. */
async function measure(
  name: string,
  config: Record<string, unknown>,
  seed: (node: AbuseNode) => Promise<unknown>,
  attack: (node: AbuseNode) => Promise<void>,
): Promise<BenchResult[]> {
  const node = await startNode(config);
  try {
    await seed(node);
    const idle = await idleP95(node);
    const before = rssMb(node.pid);
    const rss = watchRss(node.pid);
    const health = monitorHealth(node.http, { intervalMs: 50 });
    await attack(node);
    const stats = await health.stop();
    const peak = rss.stop();
    return [
      result(`abuse.${name}.health_p95`, stats.p95(), 'ms', 'idle /v1/health p95, same node', idle),
      result(`abuse.${name}.rss_growth`, peak - before, 'MB', 'RSS before the attack', before),
    ];
  } finally {
    await node.close();
  }
}

const reports = (node: AbuseNode) =>
  publishEntries(node.ws, STORED, (p, i) => p.next('report', reportBody(`192.0.2.${i % 250}/32`)));

export async function run(): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  const about = Array.from({ length: 256 }, (_, i) => parsePrefix(`10.${i}.0.0/16`));
  out.push(
    ...(await measure('subscription_churn', {}, reports, async (node) => {
      const a = await Promise.all([Attacker.open(node.ws), Attacker.open(node.ws)]);
      await repeat(TICKS, 50, (i) => {
        for (let k = 0; k < 25; k++) {
          a[0]!.send(['sub', 'same', { about, since: 0 }]);
          a[1]!.send(['sub', `s${(i * 25 + k) % 32}`, { about, since: 0 }]);
        }
      });
      await Promise.all(a.map((x) => x.close()));
    })),
  );
  const text = { en: 'x'.repeat(4000), 'zh-CN': '慢'.repeat(1300) };
  out.push(
    ...(await measure(
      'slow_subscribers',
      { limits: { maxBufferedBytes: 1024 * 1024, maxBufferedBytesTotal: 8 * 1024 * 1024 } },
      (node) =>
        publishEntries(node.ws, Math.round(STORED / 5), (p, i) =>
          p.next('notice', { topic: 'help', urgency: 'low', text: { ...text, fr: String(i) } }),
        ),
      async (node) => {
        const readers: Attacker[] = [];
        for (let i = 0; i < 60; i++) {
          const r = await Attacker.open(node.ws);
          r.pause();
          r.send(['sub', 'all', { since: 0 }]);
          readers.push(r);
        }
        await new Promise((r) => setTimeout(r, 3000 * Math.max(1, SCALE)));
        await Promise.all(readers.map((r) => r.close()));
      },
    )),
  );
  const stranger = generateKeyPair();
  const flood = Array.from({ length: 2000 }, (_, i) =>
    encodeFrame([
      'entry',
      signEntry({ seq: 1, prev: null, ts: Date.now() - i, kind: 'report', body: reportBody('192.0.2.1/32') }, stranger)
        .bytes,
    ]),
  );
  out.push(
    ...(await measure(
      'entry_flood',
      { limits: { ratePerSecond: 2000 } },
      async () => {},
      async (node) => {
        const a = await Promise.all(Array.from({ length: 4 }, () => Attacker.open(node.ws)));
        await repeat(TICKS, 50, (i) => {
          a.forEach((x, j) => {
            if (x.socket.readyState > 1) {
              Attacker.open(node.ws).then(
                (fresh) => {
                  a[j] = fresh;
                },
                () => {},
              );
              return;
            }
            for (let k = 0; k < 75; k++) x.sendRaw(flood[(i * 75 + k) % flood.length]!);
          });
        });
        await Promise.all(a.map((x) => x.close()));
      },
    )),
  );
  out.push(
    ...(await measure('expensive_route', {}, reports, async (node) => {
      let running = true;
      const loops = Array.from({ length: 4 }, async () => {
        while (running) {
          await fetch(`${node.http}/v1/metrics/resolution?window=30d`).then(
            (r) => r.arrayBuffer(),
            () => null,
          );
        }
      });
      await new Promise((r) => setTimeout(r, 4000 * Math.max(1, SCALE)));
      running = false;
      await Promise.all(loops);
    })),
  );
  return out;
}
