/** Loads the JSON test vectors (see docs/protocol.md, "Test vectors"). */
import { readFileSync } from 'node:fs';

export interface ValidEntryCase {
  comment: string;
  envelope_hex: string;
  id_hex: string;
  origin_hex: string;
  kind: string;
}

export interface InvalidEntryCase {
  comment: string;
  envelope_hex: string;
  error: string;
}

export interface ValidRosterCase {
  comment: string;
  document_hex: string;
  held_document_hex: string | null;
  version: number;
  signers: string[];
}

export interface InvalidRosterCase {
  comment: string;
  document_hex: string;
  held_document_hex: string | null;
  error: string;
}

function load<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`vectors/${name}`, import.meta.url), 'utf8')) as T;
}

export const entryVectors = load<{ valid: ValidEntryCase[]; invalid: InvalidEntryCase[] }>('entries.json');
export const rosterVectors = load<{ valid: ValidRosterCase[]; invalid: InvalidRosterCase[] }>('roster.json');
