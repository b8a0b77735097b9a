/** Prometheus exposition (text format 0.0.4) of the node's counters and gauges. */
import type { FastifyInstance } from 'fastify';
import type { NodeContext } from '../context.js';

export type Series = {
  name: string;
  help: string;
  type: 'counter' | 'gauge';
  samples: [Record<string, string>, number][];
};

/** Extra series registered by subsystems (ingest counters, metrics, federation). */
export const metricSources: ((ctx: NodeContext) => Series[] | Promise<Series[]>)[] = [];

function render(series: Series[]): string {
  const lines: string[] = [];
  for (const s of series) {
    lines.push(`# HELP ${s.name} ${s.help}`, `# TYPE ${s.name} ${s.type}`);
    for (const [labels, value] of s.samples) {
      const l = Object.entries(labels)
        .map(([k, v]) => `${k}="${v.replace(/["\\\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`))}"`)
        .join(',');
      lines.push(`${s.name}${l ? `{${l}}` : ''} ${value}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

export function metricsRoutes(app: FastifyInstance, ctx: NodeContext): void {
  app.get('/metrics', async (_request, reply) => {
    const roster = ctx.roster();
    const series: Series[] = [
      {
        name: 'arx_entries_stored',
        help: 'Entries stored on this node.',
        type: 'counter',
        samples: [[{}, ctx.writer.lastCursor]],
      },
      {
        name: 'arx_entries_held',
        help: 'Entries held back waiting for a missing predecessor.',
        type: 'gauge',
        samples: [[{}, ctx.writer.heldEntries]],
      },
      {
        name: 'arx_origin_head_seq',
        help: 'Highest contiguous seq held per origin.',
        type: 'gauge',
        samples: [...ctx.writer.haveVector()].map(([o, seq]) => [
          { origin: roster.handleOf(o) ?? o.slice(0, 16) },
          seq,
        ]),
      },
      {
        name: 'arx_listings_active',
        help: 'Active listings known to this node.',
        type: 'gauge',
        samples: [[{}, ctx.listings.countActive()]],
      },
      { name: 'arx_roster_version', help: 'Roster version in force.', type: 'gauge', samples: [[{}, roster.version]] },
      {
        name: 'arx_forked_origins',
        help: 'Origins with proof of a fork.',
        type: 'gauge',
        samples: [[{}, ctx.writer.forked.size]],
      },
      {
        name: 'arx_storage_degraded',
        help: 'Whether storage writes are failing (1) and new entries refused until it recovers, or not (0).',
        type: 'gauge',
        samples: [[{}, ctx.writer.storage.ok ? 0 : 1]],
      },
      {
        name: 'arx_storage_write_failures_total',
        help: 'Group commits that failed to reach the disk since the node started.',
        type: 'counter',
        samples: [[{}, ctx.writer.storage.failures]],
      },
      {
        name: 'arx_peers_open',
        help: 'Open peer links.',
        type: 'gauge',
        samples: [[{}, ctx.peers().filter((p) => p.state === 'open').length]],
      },
    ];
    for (const source of metricSources) series.push(...(await source(ctx)));
    reply.type('text/plain; version=0.0.4');
    return render(series);
  });
}
