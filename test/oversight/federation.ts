/**
 * A small federation for the oversight tests: a hub (isc) and two nodes that peer
 * with it (cnisp1, a provider; sorbs, a list operator), all in this process on
 * loopback, plus helpers to publish through a node and wait for entries to spread.
 */
import type { NodeHandle } from '@arx/node';
import {
  getJson,
  OPERATOR_TOKEN,
  postJson,
  startTestNode,
  tempRoot,
  writeNodeDir,
} from '../../node/test/helpers/fixture.ts';

export interface Federation {
  hub: NodeHandle;
  cnisp1: NodeHandle;
  sorbs: NodeHandle;
  nodes: NodeHandle[];
  /** HTTP base URL of a node. */
  base(node: NodeHandle): string;
  close(): Promise<void>;
}

export async function startFederation(config: Record<string, unknown> = {}): Promise<Federation> {
  const { root, cleanup } = tempRoot('arx-oversight-');
  const hub = await startTestNode(writeNodeDir(root, 'isc'), 'isc', config);
  const peers = [{ url: hub.listen.ws! }];
  const cnisp1 = await startTestNode(writeNodeDir(root, 'cnisp1'), 'cnisp1', { ...config, peers });
  const sorbs = await startTestNode(writeNodeDir(root, 'sorbs'), 'sorbs', { ...config, peers });
  const nodes = [hub, cnisp1, sorbs];
  await waitFor('peer links open', async () => (await getJson(hub.listen.http!, '/v1/peers')).json.peers.length >= 2);
  return {
    hub,
    cnisp1,
    sorbs,
    nodes,
    base: (node) => node.listen.http!,
    async close() {
      for (const node of nodes.reverse()) await node.close();
      cleanup();
    },
  };
}

/** Polls `check` until it returns a truthy value (every 50 ms, up to `timeoutMs`). */
export async function waitFor<T>(what: string, check: () => Promise<T> | T, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Publishes as the node's own organisation (`POST /v1/publish`); returns the entry id and ts. */
export async function publish(
  node: NodeHandle,
  kind: string,
  body: Record<string, unknown>,
): Promise<{ id: string; ts: number }> {
  const res = await postJson(node.listen.http!, '/v1/publish', { kind, body }, OPERATOR_TOKEN);
  if (res.status !== 200)
    throw new Error(`publish ${kind} on ${node.context.config.handle}: ${JSON.stringify(res.json)}`);
  return { id: res.json.id, ts: res.json.entry.ts };
}

/** Waits until every node holds the entry. */
export async function spread(nodes: readonly NodeHandle[], id: string): Promise<void> {
  await Promise.all(
    nodes.map((n) =>
      waitFor(`${id.slice(0, 12)} on ${n.context.config.handle}`, async () => {
        const res = await fetch(`${n.listen.http}/v1/entries/${id}`);
        await res.body?.cancel();
        return res.status === 200;
      }),
    ),
  );
}
