/**
 * One node per test: its own temporary directory, started in this process, with the
 * HTTP base URL and websocket URL at hand; `close()` stops it and removes the directory.
 */
import type { NodeHandle } from '@arx/node';
import { startTestNode, tempRoot, writeNodeDir } from './fixture.js';

export interface FreshNode {
  readonly node: NodeHandle;
  readonly dir: string;
  readonly base: string;
  readonly ws: string;
  /** Stops the node and starts it again on the same directory. */
  restart(): Promise<FreshNode>;
  close(): Promise<void>;
}

export async function freshNode(
  handle = 'isc',
  config: Record<string, unknown> = {},
  roster?: Uint8Array,
): Promise<FreshNode> {
  const { root, cleanup } = tempRoot();
  const dir = writeNodeDir(root, handle, config, roster);
  const start = async (): Promise<FreshNode> => {
    const node = await startTestNode(dir, handle, config);
    let closed = false;
    return {
      node,
      dir,
      base: node.listen.http!,
      ws: node.listen.ws!,
      async restart() {
        await node.close();
        closed = true;
        return start();
      },
      async close() {
        if (!closed) await node.close();
        closed = true;
        cleanup();
      },
    };
  };
  return start();
}
