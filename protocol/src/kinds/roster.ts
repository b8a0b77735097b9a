/**
 * `roster`: carries a roster document (COSE_Sign, tag 98, one signature per steward)
 * as a byte string. The entry's body is only checked for shape here; the document's
 * signatures and threshold are checked by verifyRosterDocument against the roster held.
 */
import { bytes, type Checked, struct } from '../validate.js';

export const checkRosterBody = struct({ document: bytes(undefined, 60 * 1024) });
export type RosterBody = Checked<typeof checkRosterBody>;
