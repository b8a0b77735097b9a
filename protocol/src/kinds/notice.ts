/** `notice`: a message to the federation (help, escalation, standards). */
import { NOTICE_TOPICS, URGENCIES } from '../codes/index.js';
import { type Checked, code, langText, struct } from '../validate.js';

export const checkNoticeBody = struct({
  topic: code(NOTICE_TOPICS, 'notice topic'),
  urgency: code(URGENCIES, 'urgency'),
  text: langText(),
});
export type NoticeBody = Checked<typeof checkNoticeBody>;
