/**
 * The node's DNSBL (RFC 5782): a responder answering from the listing index over UDP
 * and TCP, and list exports (plain CIDR, CSV, JSON, rbldnsd datasets) for the HTTP API
 * and the CLI. See docs/dnsbl.md for return codes, TXT format and client configuration.
 */
export { answerQuestion, type QuestionAnswer, RCODE, type ResponderConfig } from './answer.js';
export type { DnsblStats } from './answering.js';
export { ALL_LIST_KINDS, isIpListKind, returnCode } from './codes.js';
export { CSV_COLUMNS, csvField, EXPORT_FORMATS, EXPORT_MEDIA_TYPES, type ExportFormat, exportList } from './export.js';
export { EDNS_UDP_SIZE, type Reply, respondToMessage, type Transport } from './message.js';
export { contactToRname, normaliseZone, parseQueryName, type QueryTarget, queryName } from './names.js';
export { type Notifier, parseSecondary, type Secondary } from './notify.js';
export {
  exportRbldnsd,
  RBLDNSD_DATASETS,
  type RbldnsdDataset,
  type RbldnsdZone,
  rbldnsdLines,
} from './rbldnsd.js';
export { clientPrefix, ResponseRateLimiter, type RrlOptions, type RrlVerdict } from './rrl.js';
export { compareListings, type ExportOptions, type ListSelection, selectListings } from './select.js';
export { type DnsblOptions, type DnsblServer, responderConfig, startDnsbl } from './server.js';
export { transferAcl, transferAllowed, transferResponse } from './transfer.js';
export {
  isActiveAt,
  listingText,
  MAX_TXT_BYTES,
  type RemovalUrl,
  removalCommand,
  removalUrlFrom,
  testEntryText,
} from './txt.js';
export { DnsblZone, serialBefore, type ZoneChange } from './zone.js';
export { type ZoneListings, zoneListingsFrom } from './zone-listings.js';
export { domainRecords, ipRecords, recordKey, type ZoneRecord } from './zone-records.js';
