/**
 * @arx/node — the ARX relay node: durable ingest, storage, HTTP and websocket APIs,
 * federation, lookups, exports and mail-ecosystem interop.
 */
export {
  CONFIG_FILE,
  ConfigError,
  type ConfigProblem,
  configProblemText,
  DEFAULTS,
  loadConfig,
  type NodeConfig,
  nodePath,
  parseConfig,
  RUN_FILE,
} from './config.js';
export type { Listeners, NodeContext, PeerSummary } from './context.js';
export { ArxNodeError, describeError, NODE_ERRORS, type NodeErrorCode, WS_CLOSE } from './errors.js';
export type * from './http/api-types.js';
export { type NodeHandle, newOperatorToken, type StartOptions, startNode } from './node.js';
export { CompactListingIndex, MemoryListingIndex } from './state/memory.js';
export { PrefixMap } from './state/prefix-map.js';
export type { ListingIndex, ListingView, MemberView } from './state/types.js';
