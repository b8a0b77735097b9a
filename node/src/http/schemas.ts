/**
 * JSON Schemas of the views' answers (their types: api-types.ts), given to fastify as
 * response schemas: fast-json-stringify writes an answer from its schema instead of
 * JSON.stringify walking it. A property the schema leaves out is not sent, and a string
 * or number declared without null would send null as "" or 0: every field is declared
 * here, nullable where its type is, in the order the views build them (http.test.ts
 * compares the two writers on answers holding every field).
 */

const string = { type: 'string' } as const;
const number = { type: 'number' } as const;
const nullableString = { type: ['string', 'null'] } as const;
const nullableNumber = { type: ['number', 'null'] } as const;
const strings = { type: 'array', items: string } as const;
/** Display text by language tag. */
const texts = { type: 'object', additionalProperties: string } as const;

/** ReportStepJson. */
const reportStep = {
  type: 'object',
  properties: {
    status: string,
    ts: number,
    entry: string,
    by: nullableString,
    action: nullableString,
    reason: nullableString,
  },
} as const;

/** ReportJson. */
export const reportSchema = {
  type: 'object',
  properties: {
    id: string,
    origin: string,
    originHandle: nullableString,
    about: string,
    category: string,
    observed: { type: 'object', properties: { first: number, last: number, count: number } },
    source: string,
    ts: number,
    note: { type: ['object', 'null'], additionalProperties: string },
    // Any JSON value (the evidence as signed, or a stub): written by JSON.stringify.
    evidence: {},
    responsible: nullableString,
    responsibleKey: nullableString,
    status: string,
    timeline: { type: 'array', items: reportStep },
    comments: { type: 'array', items: reportStep },
    retracted: { type: 'boolean' },
  },
} as const;

/** ListingJson. */
export const listingSchema = {
  type: 'object',
  properties: {
    id: string,
    list: string,
    target: string,
    targetText: string,
    reason: string,
    origin: string,
    originHandle: nullableString,
    since: number,
    expires: nullableNumber,
    removedAt: nullableNumber,
    requests: strings,
    active: { type: 'boolean' },
    removal: { type: 'object', properties: { how: string, contacts: strings } },
  },
} as const;

/** ResponsibleJson and the claim's source, as a lookup shows them. */
const responsibleSchema = {
  type: ['object', 'null'],
  properties: {
    key: string,
    id: string,
    handle: string,
    names: texts,
    roles: strings,
    contacts: { type: 'object', properties: { abuse: strings, escalation: strings } },
    languages: strings,
    endpoint: nullableString,
    claim: string,
    netblockCount: number,
    source: string,
  },
} as const;

/** LookupJson: `GET /v1/lookup/:address`. */
export const lookupResponse = {
  type: 'object',
  properties: {
    address: string,
    responsible: responsibleSchema,
    listings: { type: 'array', items: listingSchema },
    reports: { type: 'array', items: reportSchema },
  },
} as const;
