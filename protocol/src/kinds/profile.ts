/** `profile`: a member's contacts, languages, declared dynamic ranges and endpoints. */
import { arrayOf, type Checked, ipPrefix, optional, struct, text } from '../validate.js';

export const checkContacts = struct({
  abuse: arrayOf(text(320), { min: 1, max: 8 }),
  escalation: optional(arrayOf(text(320), { max: 8 })),
});

export const checkProfileBody = struct({
  contacts: checkContacts,
  languages: optional(arrayOf(text(35), { max: 16 })),
  dynamic: optional(arrayOf(ipPrefix, { max: 4096 })),
  endpoints: optional(arrayOf(text(2048), { max: 8 })),
});
export type ProfileBody = Checked<typeof checkProfileBody>;
