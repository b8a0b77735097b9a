/** Grouping of unrouted report subjects into address space a steward could assign. */
import { formatPrefix, fromHex } from '@arx/protocol';

/** IPv4 subjects group by /24, IPv6 by /48 (typical end-site assignments); shorter prefixes stay as they are. */
export const UNROUTED_BUCKET_LEN = { 4: 24, 16: 48 } as const;

/** The CIDR bucket an unrouted subject (hex address, prefix length) is counted under. */
export function unroutedBucket(ipHex: string, len: number): string {
  const ip = fromHex(ipHex);
  const max = ip.length === 4 ? UNROUTED_BUCKET_LEN[4] : UNROUTED_BUCKET_LEN[16];
  const bucketLen = Math.min(len, max);
  const masked = ip.slice();
  for (let bit = bucketLen; bit < masked.length * 8; bit++) masked[bit >> 3]! &= ~(0x80 >> (bit & 7));
  return formatPrefix({ ip: masked, len: bucketLen });
}
