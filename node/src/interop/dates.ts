/**
 * Mail dates: RFC 5322 §3.3 date-time with the obsolete forms of §4.3 (two-digit years,
 * US zone names), which feedback reports still use ("Thu, 8 Mar 2005 14:00:00 EDT").
 */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

// RFC 5322 §4.3: obs-zone names with their offsets in minutes.
const ZONES: Record<string, number> = {
  ut: 0,
  utc: 0,
  gmt: 0,
  z: 0,
  est: -300,
  edt: -240,
  cst: -360,
  cdt: -300,
  mst: -420,
  mdt: -360,
  pst: -480,
  pdt: -420,
};

const DATE_TIME =
  /^(?:[A-Za-z]{3,9},?\s*)?(\d{1,2})[\s-]+([A-Za-z]{3})[A-Za-z]*[\s-]+(\d{2,4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*([+-]\d{4}|[A-Za-z]{1,5})?\s*$/;

/**
 * Milliseconds since the epoch for an RFC 5322 date-time, or undefined when the text
 * is not one. Any other alphabetic zone counts as "-0000" (UTC), as RFC 5322 §4.3
 * says for zones whose meaning is not known; comments such as "(PDT)" are ignored.
 */
export function parseMailDate(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const cleaned = text
    .replace(/\([^()]*\)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const m = DATE_TIME.exec(cleaned);
  if (!m) {
    // Some generators write ISO 8601; accept it only in its unambiguous full form.
    if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(cleaned)) {
      const ms = Date.parse(cleaned);
      return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
    }
    return undefined;
  }
  const day = Number(m[1]);
  const month = MONTHS.indexOf(m[2]!.toLowerCase());
  let year = Number(m[3]);
  // RFC 5322 §4.3: two-digit years 00-49 are 20xx, 50-99 are 19xx; three digits add 1900.
  if (m[3]!.length === 2) year += year < 50 ? 2000 : 1900;
  else if (m[3]!.length === 3) year += 1900;
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = m[6] ? Number(m[6]) : 0;
  if (month < 0 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return undefined;
  let offset = 0;
  const zone = m[7];
  if (zone && /^[+-]\d{4}$/.test(zone)) {
    const hours = Number(zone.slice(1, 3));
    const minutes = Number(zone.slice(3, 5));
    if (minutes > 59) return undefined;
    offset = (zone[0] === '-' ? -1 : 1) * (hours * 60 + minutes);
  } else if (zone) {
    offset = ZONES[zone.toLowerCase()] ?? 0;
  }
  const utc = Date.UTC(year, month, day, hour, minute, Math.min(second, 59));
  // Date.UTC rolls 31 Feb into March; such a date is not a date.
  if (new Date(Date.UTC(year, month, day)).getUTCDate() !== day) return undefined;
  const ms = utc - offset * 60_000;
  return ms >= 0 ? ms : undefined;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** RFC 5322 date-time in UTC: "Tue, 08 Mar 2005 18:00:00 +0000". */
export function formatMailDate(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return (
    `${DAYS[d.getUTCDay()]}, ${two(d.getUTCDate())} ${MONTH_NAMES[d.getUTCMonth()]} ${d.getUTCFullYear()} ` +
    `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`
  );
}
