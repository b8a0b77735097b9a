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

export interface EvidenceCase {
  comment: string;
  envelope_hex: string;
  evidence_hex: string | null;
  id_hex?: string;
  error?: string;
}

export const entryVectors = load<{
  valid: ValidEntryCase[];
  invalid: InvalidEntryCase[];
  evidence: { valid: EvidenceCase[]; invalid: EvidenceCase[] };
}>('entries.json');
export const rosterVectors = load<{ valid: ValidRosterCase[]; invalid: InvalidRosterCase[] }>('roster.json');

export interface FrameVectors {
  comment: string;
  roster_hex: string;
  hub_seed_hex: string;
  entries: { comment: string; envelope_hex: string; id_hex: string }[];
  handshake: {
    comment: string;
    a: { seed_hex: string; key_hex: string; challenge_hex: string };
    b: { seed_hex: string; key_hex: string; challenge_hex: string };
    auth_message_a_hex: string;
    auth_message_b_hex: string;
    transcript: { from: 'a' | 'b'; frame_hex: string }[];
  };
  ok_script: {
    comment: string;
    send: { entry: number } | { bytes_hex: string };
    expect: {
      id_hex: string | null;
      accepted: boolean;
      reason: string;
      detail_code: string;
      effect: { outcome: string; reason?: string } | null;
    };
    frame_hex?: string;
  }[];
  catchup: { comment: string; frame_hex: string; expect: { origin_hex: string; seqs: number[] }[] }[];
  horizon: {
    comment: string;
    frames: { comment: string; origin_hex: string; floor: number; frame_hex: string }[];
    invalid: { comment: string; frame_hex: string; error: string }[];
    replay: {
      deleted: number[];
      want_hex: string;
      horizon_hex: string;
      expect: { origin_hex: string; seqs: number[] }[];
    };
  };
  filters: { comment: string; filter: Record<string, unknown>; sub_hex: string; matches: number[] }[];
}

export const frameVectors = load<FrameVectors>('frames.json');
