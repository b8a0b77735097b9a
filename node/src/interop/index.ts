/**
 * Mail-ecosystem interop: ARF (RFC 5965) and X-ARF v4 import and export, an SMTP intake
 * for feedback loops and a forwarder to abuse mailboxes. Importers return a report body
 * or a typed Refusal; nothing here throws on input from outside. docs/interop.md
 * documents the mappings, the redaction rule and the refusal codes.
 */
export { type ArfExportOptions, exportArf } from './arf-export.js';
export { ARF_EVIDENCE_FIELDS, type ArfImportOptions, arfToReportBody, importArf } from './arf-map.js';
export {
  type ArfField,
  type ArfReport,
  cleanSourceIp,
  DEFAULT_MAX_REPORT_BYTES,
  type OriginalMessage,
  parseArf,
  type ReportEnvelope,
} from './arf-parse.js';
export { decodeEncodedWords, hasCommercialLabel } from './commercial.js';
export { formatMailDate, parseMailDate } from './dates.js';
export type { ExportableReport, OrganisationInfo } from './exportable.js';
export { type AddressScope, addressScope, isBlameable, isBlameablePrefix } from './ip-scope.js';
export { type HeaderField, parseHeaderBlock } from './mime.js';
export {
  organisationDomain,
  parseReceived,
  type ReceivedHop,
  type ReceivedSource,
  sourceFromReceived,
} from './received.js';
export { COMPLAINANT_FIELDS, createRedactor, RECIPIENT_FIELDS, type Redactor } from './redact.js';
export {
  describeRefusal,
  isRefusal,
  REFUSALS,
  type Refusal,
  type RefusalCode,
  refusalText,
  refuse,
} from './refusal.js';
export {
  type ArfForwarder,
  type ArfForwarderOptions,
  createArfForwarder,
  refusalVerdict,
  type SmtpEnvelope,
  type SmtpIntake,
  type SmtpIntakeOptions,
  type SmtpIntakeVerdict,
  startSmtpIntake,
} from './smtp.js';
export { exportXarf, reportUuid, XARF_VERSION } from './xarf-export.js';
export { importXarf, XARF_BLOCKLIST_THREATS, XARF_EVIDENCE_SOURCES, type XarfImportOptions } from './xarf-import.js';
export { validateXarf } from './xarf-validate.js';
