/**
 * The subject label of commercial mail. The PRC Measures for the Administration of
 * Internet E-mail Services (2006), Art. 13(3), require mail with commercial advertising
 * to carry "广告" or "AD" at the front of its subject. The importer cannot tell that a
 * message is commercial (the reporter says so: `arx import arf --commercial`); it can
 * tell whether the label is there.
 */

/** Decodes RFC 2047 encoded-words ("=?UTF-8?B?5bm/5ZGK?="); text outside them is kept. */
export function decodeEncodedWords(value: string): string {
  // RFC 2047 §6.2: white space between adjacent encoded-words is not displayed.
  const joined = value.replace(/(\?=)\s+(?==\?)/g, '$1');
  return joined.replace(/=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=/g, (word, charset: string, encoding: string, text) => {
    const bytes =
      encoding.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64')
        : Buffer.from(
            text
              .replace(/_/g, ' ')
              .replace(/=([0-9A-Fa-f]{2})/g, (_m: string, hex: string) =>
                String.fromCharCode(Number.parseInt(hex, 16)),
              ),
            'latin1',
          );
    try {
      // RFC 2231 §5 language suffix ("utf-8*zh") is not part of the charset.
      return new TextDecoder(charset.split('*')[0]!.toLowerCase(), { fatal: false }).decode(bytes);
    } catch {
      return word;
    }
  });
}

/**
 * True when a subject starts with the commercial label: "AD" (as a word, any case) or
 * "广告", optionally inside the brackets senders put around it ("[AD]", "【广告】", "(AD)").
 */
export function hasCommercialLabel(subject: string | undefined): boolean {
  if (subject === undefined) return false;
  const text = decodeEncodedWords(subject).trim();
  return /^[[(（【<〈「『]?\s*(广告|AD(?![A-Za-z0-9]))/iu.test(text);
}
