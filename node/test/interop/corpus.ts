/** The sample corpus copied into this folder (licences beside the files). */
import { readdirSync, readFileSync } from 'node:fs';

export const ARF_DIR = new URL('./corpus/arf/', import.meta.url);
export const XARF_DIR = new URL('./corpus/xarf/', import.meta.url);

/** The ARF samples' file names, sorted. */
export const ARF_SAMPLES: readonly string[] = readdirSync(ARF_DIR)
  .filter((name) => name.endsWith('.eml'))
  .sort();

/** The bytes of one ARF sample, exactly as stored. */
export function arfSample(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(name, ARF_DIR)));
}

/** The X-ARF samples' file names, sorted. */
export const XARF_SAMPLES: readonly string[] = readdirSync(new URL('samples/', XARF_DIR))
  .filter((name) => name.endsWith('.json'))
  .sort();

/** One X-ARF sample, parsed. */
export function xarfSample(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`samples/${name}`, XARF_DIR), 'utf8')) as Record<string, unknown>;
}

/** A fixed clock for tests: 2030-01-01T00:00:00Z, after every sample. */
export const NOW = Date.UTC(2030, 0, 1);

/** Import options for the corpus, whose addresses are all documentation ranges. */
export const CORPUS_OPTIONS = { now: NOW, allowDocumentationAddresses: true } as const;

/** A minimal multipart/report around the given feedback-report fields. */
export function arfMessage(fields: string, original = 'Received: from a (a [192.0.2.1]) by mx.example.com\n'): string {
  return [
    'From: fbl@example.com',
    'Content-Type: multipart/report; report-type=feedback-report; boundary="b"',
    '',
    '--b',
    'Content-Type: text/plain',
    '',
    'report',
    '--b',
    'Content-Type: message/feedback-report',
    '',
    fields,
    '--b',
    'Content-Type: message/rfc822',
    '',
    original,
    '--b--',
    '',
  ].join('\n');
}

/** An ARF report whose original message carries an attachment of `size` bytes (base64). */
export function largeArf(size: number): string {
  const attachment = Buffer.alloc(size, 0x61).toString('base64').replace(/.{76}/g, '$&\n');
  const original = [
    'Received: from mail.sender.example (mail.sender.example [192.0.2.25]) by mx1.isp.example; Tue, 1 Apr 2025 10:00:00 +0000',
    'From: <news@sender.example>',
    'To: <kijitora@isp.example>',
    'Subject: Catalogue attached',
    'Content-Type: multipart/mixed; boundary="att"',
    '',
    '--att',
    'Content-Type: text/plain',
    '',
    'See the catalogue.',
    '--att',
    'Content-Type: application/pdf; name="catalogue.pdf"',
    'Content-Transfer-Encoding: base64',
    '',
    attachment,
    '--att--',
    '',
  ].join('\n');
  return arfMessage('Feedback-Type: abuse\nUser-Agent: FBL/1\nVersion: 1\nSource-IP: 192.0.2.25\n', original);
}
