/** `ack`: the member responsible for a report's address moves the report along. */
import { ACK_STATUSES, ACTIONS, REJECTION_REASONS } from '../codes/index.js';
import { fail } from '../errors.js';
import { type Checked, code, id32, langText, optional, struct } from '../validate.js';

const ackFields = struct({
  report: id32,
  status: code(ACK_STATUSES, 'ack status'),
  action: optional(code(ACTIONS, 'action')),
  reason: optional(code(REJECTION_REASONS, 'rejection reason')),
  note: optional(langText()),
});

export const checkAckBody = (value: unknown, path: string) => {
  const body = ackFields(value, path);
  // A rejection must say why; a reason on any other status would be ambiguous.
  if (body.status === 'rejected' && body.reason === undefined) {
    fail('ARX_PROTO_BAD_FIELD', `${path}.reason is required when status is rejected`);
  }
  if (body.status !== 'rejected' && body.reason !== undefined) {
    fail('ARX_PROTO_BAD_FIELD', `${path}.reason is only allowed when status is rejected`);
  }
  return body;
};

export type AckBody = Checked<typeof checkAckBody>;
