/**
 * `receipt`: a signed delivery watermark, "I hold origin X up to seq N (head id H)",
 * and optionally "the roster version I have adopted is V" (so stewards see a new
 * version spread through the federation).
 */
import { arrayOf, type Checked, id32, optional, struct, uint } from '../validate.js';

export const checkReceiptBody = struct({
  holdings: arrayOf(struct({ origin: id32, seq: uint(Number.MAX_SAFE_INTEGER, 1), head: id32 }), { min: 1, max: 4096 }),
  roster: optional(uint(Number.MAX_SAFE_INTEGER, 1)),
});
export type ReceiptBody = Checked<typeof checkReceiptBody>;
