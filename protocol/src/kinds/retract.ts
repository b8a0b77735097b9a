/** `retract`: the origin withdraws one of its own entries (the entry stays in the log). */
import { RETRACT_REASONS } from '../codes/index.js';
import { type Checked, code, id32, langText, optional, struct } from '../validate.js';

export const checkRetractBody = struct({
  entry: id32,
  reason: code(RETRACT_REASONS, 'retract reason'),
  note: optional(langText()),
});
export type RetractBody = Checked<typeof checkRetractBody>;
