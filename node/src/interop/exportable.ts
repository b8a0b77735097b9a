/** What the ARF and X-ARF exporters need to know about a stored report entry. */
import { formatAddress, formatPrefix, isIpTarget, type ReportBody, type Target } from '@arx/protocol';

/** An organisation as abuse-report formats name it (X-ARF `contact_info`). */
export interface OrganisationInfo {
  /** Display name, e.g. "Example Mail". */
  readonly org: string;
  /** Abuse contact address. */
  readonly contact: string;
  /** The organisation's domain. */
  readonly domain: string;
}

/** A report entry as stored by a node. */
export interface ExportableReport {
  readonly body: ReportBody;
  /** Entry id (SHA-256 of the payload) as 64 hex digits. */
  readonly id: string;
  /** Entry time stamp, ms since the epoch. */
  readonly ts: number;
  /** The member that published the entry. */
  readonly origin: OrganisationInfo;
}

export function checkExportable(report: ExportableReport): void {
  if (!/^[0-9a-f]{64}$/.test(report.id)) throw new TypeError('report.id must be 64 lowercase hex digits');
  if (!Number.isSafeInteger(report.ts) || report.ts < 0) throw new RangeError('report.ts must be ms since the epoch');
}

/** A target as text: a bare address for a full-length prefix, CIDR otherwise, or the domain / URL. */
export function targetText(about: Target): string {
  if (isIpTarget(about)) return about.len === about.ip.length * 8 ? formatAddress(about.ip) : formatPrefix(about);
  return 'domain' in about ? about.domain : about.url;
}

/** One evidence field's first value. */
export function arfValue(body: ReportBody, name: string): string | undefined {
  const value = body.evidence?.arf?.[name];
  return Array.isArray(value) ? value[0] : value;
}

/** All values of one evidence field. */
export function arfValues(body: ReportBody, name: string): string[] {
  const value = body.evidence?.arf?.[name];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}
