/** JSON Schemas of `GET /v1/metrics/resolution` (querystring and both response forms). */
import { LIST_KINDS } from '@arx/protocol';
import { WINDOW_PATTERN } from './window.js';

const nullableNumber = { type: ['number', 'null'] } as const;

const figure = {
  type: 'object',
  required: ['value', 'n', 'trace'],
  properties: {
    value: nullableNumber,
    n: { type: 'integer', description: 'number of entries behind the figure' },
    trace: { type: 'string', description: 'path to pass as ?trace= to list those entries' },
    entries: { type: 'array', items: { type: 'string' }, description: 'entry ids (with ?entries=true)' },
  },
} as const;

const percentiles = {
  type: 'object',
  required: ['median', 'p90'],
  properties: { median: figure, p90: figure },
} as const;

const resolutionFigures = {
  type: 'object',
  properties: {
    key: { type: 'string' },
    received: figure,
    acknowledged: figure,
    resolved: figure,
    rejected: figure,
    open: figure,
    timeToAcknowledge: percentiles,
    timeToResolve: percentiles,
    due: figure,
    resolvedWithinTarget: figure,
    withinTargetShare: figure,
    oldestOpen: figure,
    // A type list, not `anyOf`: the serializer picks the form by the value's type instead
    // of validating it against each form.
    oldestOpenReport: {
      type: ['object', 'null'],
      required: ['id', 'ts', 'about'],
      properties: { id: { type: 'string' }, ts: { type: 'integer' }, about: { type: 'string' } },
    },
    repeatOffenders: figure,
    repeatOffenderAddresses: {
      type: 'array',
      items: { type: 'object', properties: { address: { type: 'string' }, reports: figure } },
    },
    listingsAgainst: figure,
    timeToResolveHistogram: {
      type: 'array',
      items: {
        type: 'object',
        properties: { from: { type: 'number' }, to: nullableNumber, reports: figure },
      },
    },
    openOverTime: {
      type: 'array',
      items: { type: 'object', properties: { t: { type: 'integer' }, open: figure } },
    },
  },
} as const;

const operatorFigures = {
  type: 'object',
  properties: {
    key: { type: 'string' },
    activeListings: figure,
    activeByList: {
      type: 'object',
      properties: Object.fromEntries(Object.keys(LIST_KINDS).map((k) => [k, figure])),
    },
    listed: figure,
    delistRequests: figure,
    decisions: figure,
    granted: figure,
    denied: figure,
    pending: figure,
    timeToDecision: percentiles,
  },
} as const;

export const resolutionQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    window: { type: 'string', pattern: WINDOW_PATTERN, default: '30d' },
    until: { type: 'integer', minimum: 1, description: 'window end, ms since epoch (default: now)' },
    member: { type: 'string', maxLength: 128 },
    trace: { type: 'string', maxLength: 256 },
    entries: { type: 'boolean', default: false },
    charts: { type: 'boolean', default: true },
    offset: { type: 'integer', minimum: 0, default: 0 },
    limit: { type: 'integer', minimum: 1, maximum: 100_000, default: 1000 },
    prefixes: {
      type: 'integer',
      minimum: 0,
      maximum: 100_000,
      default: 100,
      description: 'the busiest unrouted address blocks listed (unrouted.prefixCount says how many there are)',
    },
  },
} as const;

const windowJson = {
  type: 'object',
  required: ['spec', 'from', 'to', 'targetHours'],
  properties: {
    spec: { type: 'string' },
    from: { type: 'integer' },
    to: { type: 'integer' },
    targetHours: { type: 'number' },
  },
} as const;

/** The figures response. */
export const resolutionResponse = {
  type: 'object',
  required: ['window', 'cursor', 'traceUrl', 'federation', 'members', 'operators', 'unrouted'],
  properties: {
    window: windowJson,
    cursor: { type: 'integer', description: 'arrival cursor the figures were computed at' },
    traceUrl: { type: 'string', description: 'URL template; replace {figure} with a trace path' },
    federation: resolutionFigures,
    members: { type: 'object', additionalProperties: resolutionFigures },
    operators: { type: 'object', additionalProperties: operatorFigures },
    unrouted: {
      type: 'object',
      properties: {
        reports: figure,
        prefixes: {
          type: 'array',
          items: { type: 'object', properties: { prefix: { type: 'string' }, reports: figure } },
        },
        prefixCount: { type: 'integer', description: 'unrouted address blocks in the window, listed or not' },
        otherTargets: figure,
      },
    },
  },
} as const;

/** The `?trace=` response: one figure and the entries behind it. */
export const traceResponse = {
  type: 'object',
  required: ['figure', 'value', 'window', 'total', 'entries'],
  properties: {
    figure: { type: 'string' },
    value: nullableNumber,
    window: windowJson,
    total: { type: 'integer' },
    offset: { type: 'integer' },
    entries: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          kind: { type: ['string', 'null'] },
          origin: { type: ['string', 'null'] },
          originHandle: { type: ['string', 'null'] },
          ts: { type: ['integer', 'null'] },
          url: { type: 'string' },
        },
      },
    },
    samples: {
      type: 'array',
      items: {
        type: 'object',
        properties: { seconds: { type: 'number' }, from: { type: 'string' }, to: { type: 'string' } },
      },
    },
    pick: { type: ['integer', 'null'], description: 'index in samples the value was taken from' },
  },
} as const;
