/** Roster members as the oversight figures need them. */
import { toHex } from '@arx/protocol';
import type { NodeContext } from '../context.js';
import type { MemberInfo } from './resolution.js';

/** Roster members as the metrics need them. */
export function memberInfos(ctx: NodeContext): MemberInfo[] {
  return ctx
    .roster()
    .members()
    .map((m) => ({
      key: toHex(m.key),
      handle: m.handle,
      roles: m.roles,
      netblocks: m.netblocks.length,
    }));
}
