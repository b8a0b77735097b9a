/**
 * Roster routes: publish a new roster version (a steward's node), see which members'
 * nodes hold which version, and detached blobs by digest (a roster document is one).
 *
 * A roster version is published detached: the node checks the document against the
 * roster it holds (threshold signatures of the held and the new stewards, a higher
 * version) before spending a seq, then stores the document as a blob and signs a
 * `roster` entry committing to its digest, size and version, in one batch — so the
 * version is adopted here at once and every other node fetches the document with the
 * entry (federation/blobs.ts).
 */
import { blobDigest, checkBlob, detachedRosterBody, fromHex, toHex, verifyRosterDocument } from '@arx/protocol';
import type { FastifyInstance } from 'fastify';
import type { NodeContext } from '../context.js';
import { ArxNodeError } from '../errors.js';
import { checkOwnEffect } from '../ingest/publish.js';
import { K } from '../state/records.js';
import type { RosterPublishedJson, RosterStatusJson } from './api-types.js';
import { requireOperator } from './operator.js';

const digestParam = {
  type: 'object',
  required: ['digest'],
  properties: { digest: { type: 'string', pattern: '^[0-9a-f]{64}$' } },
} as const;

/** Bytes of a request body: raw (application/cbor, octet-stream) or JSON `{ [field]: hex }`. */
function bodyBytes(raw: unknown, field: string): Uint8Array {
  if (raw instanceof Uint8Array) return new Uint8Array(raw);
  const hex = (raw as Record<string, unknown> | null)?.[field];
  if (typeof hex !== 'string' || !/^([0-9a-fA-F]{2})+$/.test(hex)) {
    throw new ArxNodeError('ARX_NODE_BAD_REQUEST', `body must be raw bytes or { "${field}": "<hex>" }`);
  }
  return fromHex(hex);
}

/** Publishes a signed roster document as this node's `roster` entry, the document detached. */
export async function publishRoster(ctx: NodeContext, document: Uint8Array) {
  if (document.length > ctx.config.limits.maxBlobBytes) {
    throw new ArxNodeError('ARX_NODE_BLOB_TOO_LARGE', `${document.length} bytes`);
  }
  // Refused here, with the protocol's code, rather than published to change nothing.
  const verified = verifyRosterDocument(document, ctx.roster().roster);
  const body = detachedRosterBody(document, verified.roster.version);
  const result = await ctx.writer.publish('roster', body, async (a) => {
    await checkOwnEffect(ctx, 'roster', body, a);
    a.txn.put(ctx.subs.blobs, toHex(body.digest), document);
  });
  return { result, verified, digest: toHex(body.digest), size: body.size };
}

export function rosterRoutes(app: FastifyInstance, ctx: NodeContext): void {
  const blobBodyLimit = 2 * ctx.config.limits.maxBlobBytes + 4096;

  app.post(
    '/v1/roster',
    {
      preHandler: requireOperator(ctx),
      bodyLimit: blobBodyLimit,
      schema: {
        description: 'Publish a signed roster document as a new version (operator token required).',
        body: { anyOf: [{ type: 'object', required: ['document'] }, { type: 'string' }, { type: 'object' }] },
      },
    },
    async (request): Promise<RosterPublishedJson> => {
      const { result, verified, digest, size } = await publishRoster(ctx, bodyBytes(request.body, 'document'));
      return {
        id: result.id,
        seq: result.entry.payload.seq,
        version: verified.roster.version,
        digest,
        size,
        members: verified.roster.members.length,
        claims: verified.roster.members.reduce((n, m) => n + m.netblocks.length, 0),
        signers: verified.signers.length,
        adopted: ctx.roster().version === verified.roster.version,
      };
    },
  );

  app.get('/v1/roster/status', async (): Promise<RosterStatusJson> => {
    const roster = ctx.roster();
    const members = roster.members();
    const held = (await ctx.subs.state.getMany(members.map((m) => K.rosterHeld(toHex(m.key))))) as (
      | { version: number; ts: number }
      | undefined
    )[];
    const rows = members.map((m, i) => {
      const key = toHex(m.key);
      const self = key === ctx.ownKey;
      const said = held[i];
      return {
        handle: m.handle,
        key,
        self,
        node: m.endpoint ?? null,
        version: self ? roster.version : (said?.version ?? null),
        ts: self ? Date.now() : (said?.ts ?? null),
      };
    });
    const versions = new Map<string, number>();
    for (const r of rows) versions.set(String(r.version), (versions.get(String(r.version)) ?? 0) + 1);
    return {
      version: roster.version,
      digest: toHex(blobDigest(roster.document)),
      size: roster.document.length,
      members: members.length,
      claims: roster.claims,
      wantedBlobs: ctx.writer.wantedBlobs(),
      byVersion: [...versions].map(([version, count]) => ({
        version: version === 'null' ? null : Number(version),
        count,
      })),
      nodes: rows,
    };
  });

  app.get('/v1/blobs/:digest', { schema: { params: digestParam } }, async (request, reply) => {
    const { digest } = request.params as { digest: string };
    const bytes = (await ctx.subs.blobs.get(digest)) as Uint8Array | undefined;
    if (!bytes) throw new ArxNodeError('ARX_NODE_UNKNOWN_BLOB', digest);
    return reply.type('application/octet-stream').send(Buffer.from(bytes));
  });

  app.put('/v1/blobs/:digest', { bodyLimit: blobBodyLimit, schema: { params: digestParam } }, async (request) => {
    const { digest } = request.params as { digest: string };
    const bytes = bodyBytes(request.body, 'blob');
    // Anyone may supply a blob, but only one a stored entry commits to, verified first.
    if ((await ctx.subs.blobs.get(digest)) !== undefined) return { digest, stored: false, held: true };
    if (!ctx.writer.wantsBlob(digest)) throw new ArxNodeError('ARX_NODE_UNKNOWN_BLOB', digest);
    if (bytes.length > ctx.config.limits.maxBlobBytes) {
      throw new ArxNodeError('ARX_NODE_BLOB_TOO_LARGE', `${bytes.length} bytes`);
    }
    checkBlob(bytes, { digest: fromHex(digest), size: bytes.length });
    await ctx.writer.storeBlob(digest, bytes);
    return { digest, stored: true, held: true };
  });
}
