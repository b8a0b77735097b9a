/** `listing`: a list operator adds a target to (or removes it from) one of its lists. */
import { LIST_KINDS, LISTING_OPS, REPORT_CATEGORIES } from '../codes/index.js';
import { fail } from '../errors.js';
import { checkNotReserved } from '../reserved.js';
import {
  arrayOf,
  type Checked,
  code,
  id32,
  isIpTarget,
  langText,
  optional,
  struct,
  target,
  uint,
} from '../validate.js';

const listingFields = struct({
  list: code(LIST_KINDS, 'list kind'),
  op: code(LISTING_OPS, 'listing op'),
  target,
  reason: code(REPORT_CATEGORIES, 'report category'),
  evidence: optional(arrayOf(id32, { max: 64 })),
  expires: optional(uint()),
  note: optional(langText()),
});

export const checkListingBody = (value: unknown, path: string) => {
  const body = listingFields(value, path);
  const wantsIp = LIST_KINDS[body.list].targets === 'ip';
  if (wantsIp !== isIpTarget(body.target)) {
    fail('ARX_PROTO_BAD_FIELD', `${path}.target: list ${body.list} holds ${wantsIp ? 'IP prefixes' : 'domains'}`);
  }
  // A removal lists nothing, so it stays possible for any target.
  if (body.op === 'add') checkNotReserved(body.target, `${path}.target`);
  return body;
};

export type ListingBody = Checked<typeof checkListingBody>;
