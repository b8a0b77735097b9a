import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CborTag,
  type CborValue,
  decodeCbor,
  decodeDeterministic,
  encodeDeterministic,
  fromHex,
  isDeterministicEncoding,
  isWellFormed,
  NotDeterministic,
  toHex,
} from '@arx/protocol';
import fc from 'fast-check';

// ---------------------------------------------------------------------------
// An independent strict reader: it accepts only RFC 8949 §4.2.1 deterministic CBOR
// of the ARX data model (safe integers, byte and UTF-8 text strings, arrays, maps with
// text keys, true / false / null) and throws on anything else. It shares no code with
// src/cbor.ts, so the property tests below compare two implementations.

class StrictReader {
  pos = 0;
  constructor(readonly bytes: Uint8Array) {}

  private take(n: number): Uint8Array {
    if (this.pos + n > this.bytes.length) throw new Error('truncated');
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** §4.2.1: the argument must use the shortest form; §4.2.1: definite lengths only. */
  private head(): { major: number; info: number; arg: bigint } {
    const [ib] = this.take(1);
    const major = ib! >> 5;
    const info = ib! & 31;
    if (info < 24) return { major, info, arg: BigInt(info) };
    if (info > 27) throw new Error(info === 31 ? 'indefinite length' : 'reserved additional information');
    const size = 1 << (info - 24);
    let arg = 0n;
    for (const b of this.take(size)) arg = (arg << 8n) | BigInt(b);
    const minimum = [24n, 0x100n, 0x10000n, 0x100000000n][info - 24]!;
    if (arg < minimum) throw new Error('argument not in shortest form');
    return { major, info, arg };
  }

  private length(arg: bigint): number {
    if (arg > BigInt(this.bytes.length - this.pos)) throw new Error('length beyond input');
    return Number(arg);
  }

  item(): unknown {
    const start = this.pos;
    const { major, info, arg } = this.head();
    switch (major) {
      case 0:
        if (arg > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error('integer outside the data model');
        return Number(arg);
      case 1:
        if (arg >= BigInt(Number.MAX_SAFE_INTEGER)) throw new Error('integer outside the data model');
        return -1 - Number(arg);
      case 2:
        return this.take(this.length(arg)).slice();
      case 3:
        return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(this.take(this.length(arg)));
      case 4: {
        const n = this.length(arg);
        const out: unknown[] = [];
        for (let i = 0; i < n; i++) out.push(this.item());
        return out;
      }
      case 5: {
        const n = this.length(arg);
        const entries: [string, unknown][] = [];
        let previousKey: Uint8Array | undefined;
        for (let i = 0; i < n; i++) {
          const keyStart = this.pos;
          const key = this.item();
          if (typeof key !== 'string') throw new Error('map key is not text');
          const keyBytes = this.bytes.subarray(keyStart, this.pos);
          // §4.2.1: keys sorted bytewise by their deterministic encodings; equal keys are duplicates.
          if (previousKey && Buffer.compare(previousKey, keyBytes) >= 0) throw new Error('map keys not sorted');
          previousKey = keyBytes;
          entries.push([key, this.item()]);
        }
        return Object.fromEntries(entries);
      }
      case 6:
        throw new Error('tags are outside the data model');
      default:
        if (info === 20) return false;
        if (info === 21) return true;
        if (info === 22) return null;
        throw new Error(`simple value or float at ${start}`);
    }
  }
}

/** Decodes `bytes`, throwing unless they are deterministic CBOR of the ARX data model. */
function strictDecode(bytes: Uint8Array): unknown {
  const reader = new StrictReader(bytes);
  const value = reader.item();
  if (reader.pos !== bytes.length) throw new Error('trailing bytes');
  return value;
}

function strictAccepts(bytes: Uint8Array): boolean {
  try {
    strictDecode(bytes);
    return true;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------
// Random values of the data model.

const safeInteger = fc.oneof(
  fc.integer({ min: -70_000, max: 70_000 }),
  fc.constantFrom(0, 23, 24, 255, 256, 65_535, 65_536, 2 ** 32 - 1, 2 ** 32, Number.MAX_SAFE_INTEGER),
  fc.constantFrom(-1, -24, -25, -256, -257, -65_536, -65_537, -(2 ** 32), -(2 ** 32) - 1, Number.MIN_SAFE_INTEGER),
  fc.maxSafeInteger(),
);
const text = fc.string({ unit: 'binary', maxLength: 30 });
const { value: cborValue } = fc.letrec<{ value: CborValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    safeInteger,
    text,
    fc.uint8Array({ maxLength: 40 }),
    fc.array(tie('value'), { maxLength: 5 }),
    // "__proto__" is refused as a map key (see the test below), so random maps avoid it.
    fc.dictionary(
      fc.string({ unit: 'binary', maxLength: 10 }).filter((k) => k !== '__proto__'),
      tie('value'),
      { maxKeys: 6, noNullPrototype: true },
    ),
  ),
}));

/** A copy of a value whose object keys were inserted in another (shuffled) order. */
function reinserted(value: CborValue, order: number[]): CborValue {
  if (Array.isArray(value)) return value.map((v) => reinserted(v, order));
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return value;
  if (value instanceof Map || value instanceof CborTag) return value;
  const keys = Object.keys(value);
  const shuffled = keys.map((k, i) => [k, order[i % Math.max(order.length, 1)] ?? i] as const);
  shuffled.sort((a, b) => a[1] - b[1]);
  const out: Record<string, CborValue> = {};
  for (const [k] of shuffled) Object.defineProperty(out, k, { value: reinserted(value[k]!, order), enumerable: true });
  return out;
}

test('the same value with keys inserted in a different order encodes to identical bytes', () => {
  fc.assert(
    fc.property(cborValue, fc.array(fc.nat(), { minLength: 1, maxLength: 8 }), (value, order) => {
      assert.deepEqual(encodeDeterministic(reinserted(value, order)), encodeDeterministic(value));
    }),
    { numRuns: 400 },
  );
});

test('every encoding passes the independent strict reader and decodes back to the value', () => {
  fc.assert(
    fc.property(cborValue, (value) => {
      const bytes = encodeDeterministic(value);
      assert.deepEqual(strictDecode(bytes), value);
      assert.ok(isWellFormed(bytes));
    }),
    { numRuns: 600 },
  );
});

test('every encoding decodes with cbor-x to the same value and is recognised as deterministic', () => {
  fc.assert(
    fc.property(cborValue, (value) => {
      const bytes = encodeDeterministic(value);
      const decoded = decodeCbor(bytes);
      assert.deepEqual(plain(decoded), value);
      assert.ok(isDeterministicEncoding(bytes, decoded));
    }),
    { numRuns: 400 },
  );
});

test('the single-pass decoder gives what cbor-x gives for every encoding, byte strings as views of the input', () => {
  fc.assert(
    fc.property(cborValue, (value) => {
      const bytes = encodeDeterministic(value);
      const decoded = decodeDeterministic(bytes);
      assert.deepEqual(decoded, decodeCbor(bytes));
      assert.deepEqual(plain(decoded), value);
      for (const view of byteStrings(decoded)) assert.equal(view.buffer, bytes.buffer);
    }),
    { numRuns: 600 },
  );
});

function byteStrings(v: unknown): Uint8Array[] {
  if (v instanceof Uint8Array) return [v];
  if (Array.isArray(v)) return v.flatMap(byteStrings);
  if (v !== null && typeof v === 'object') return Object.values(v).flatMap(byteStrings);
  return [];
}

/** Whether decodeDeterministic takes `bytes`; any other throw than its refusal fails the test. */
function singlePass(bytes: Uint8Array): boolean {
  try {
    decodeDeterministic(bytes);
    return true;
  } catch (e) {
    if (!(e instanceof NotDeterministic)) throw e;
    return false;
  }
}

/** cbor-x hands out Buffers for byte strings; compare them as plain Uint8Arrays. */
function plain(v: unknown): unknown {
  if (v instanceof Uint8Array) return Uint8Array.from(v);
  if (Array.isArray(v)) return v.map(plain);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}

test('on damaged encodings, the determinism check and the independent reader give the same verdict', () => {
  const damage = fc.oneof(
    fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bits: fc.integer({ min: 1, max: 255 }) }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), byte: fc.nat(255) }),
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  );
  fc.assert(
    fc.property(cborValue, damage, (value, d) => {
      const original = encodeDeterministic(value);
      const at = d.at % (original.length + (d.kind === 'insert' ? 1 : 0));
      let bytes: Uint8Array;
      if (d.kind === 'flip') bytes = Uint8Array.from(original, (b, i) => (i === at ? b ^ d.bits : b));
      else if (d.kind === 'insert')
        bytes = Uint8Array.from([...original.subarray(0, at), d.byte, ...original.subarray(at)]);
      else bytes = Uint8Array.from([...original.subarray(0, at), ...original.subarray(at + 1)]);
      let ours: boolean;
      try {
        ours = isDeterministicEncoding(bytes, decodeCbor(bytes));
      } catch {
        ours = false;
      }
      assert.equal(ours, strictAccepts(bytes), `bytes ${toHex(bytes)}`);
      assert.equal(singlePass(bytes), ours, `single pass, bytes ${toHex(bytes)}`);
      if (ours) assert.deepEqual(plain(decodeDeterministic(bytes)), plain(decodeCbor(bytes)));
      // Anything the strict reader accepts is, a fortiori, well-formed.
      if (strictAccepts(bytes)) assert.ok(isWellFormed(bytes));
    }),
    { numRuns: 3000 },
  );
});

test('integers, strings and containers encode as in RFC 8949 Appendix A', () => {
  const cases: [CborValue, string][] = [
    [0, '00'],
    [1, '01'],
    [10, '0a'],
    [23, '17'],
    [24, '1818'],
    [25, '1819'],
    [100, '1864'],
    [1000, '1903e8'],
    [1_000_000, '1a000f4240'],
    [1_000_000_000_000, '1b000000e8d4a51000'],
    [18446744073709551615n, '1bffffffffffffffff'],
    [-18446744073709551616n, '3bffffffffffffffff'],
    [-1, '20'],
    [-10, '29'],
    [-100, '3863'],
    [-1000, '3903e7'],
    [false, 'f4'],
    [true, 'f5'],
    [null, 'f6'],
    [new Uint8Array(0), '40'],
    [Uint8Array.of(1, 2, 3, 4), '4401020304'],
    ['', '60'],
    ['a', '6161'],
    ['IETF', '6449455446'],
    ['"\\', '62225c'],
    ['\u00fc', '62c3bc'],
    ['\u6c34', '63e6b0b4'],
    ['\ud800\udd51', '64f0908591'],
    [[], '80'],
    [[1, 2, 3], '83010203'],
    [[1, [2, 3], [4, 5]], '8301820203820405'],
    [{}, 'a0'],
    [{ a: 1, b: [2, 3] }, 'a26161016162820203'],
    [['a', { b: 'c' }], '826161a161626163'],
    [new CborTag(18, []), 'd280'],
  ];
  for (const [value, hex] of cases) assert.equal(toHex(encodeDeterministic(value)), hex, hex);
});

test('map keys are sorted bytewise by their encoded form, not by value or insertion', () => {
  // RFC 8949 §4.2.1 example order: 10, 100, -1, "z", "aa".
  const map = new Map<string | number, CborValue>([
    ['aa', 5],
    ['z', 4],
    [-1, 3],
    [100, 2],
    [10, 1],
  ]);
  assert.equal(toHex(encodeDeterministic(map)), 'a50a01186402200361' + '7a04626161' + '05');
  // Shorter text keys sort first because the length is in the head: "b" before "aa".
  assert.equal(toHex(encodeDeterministic({ aa: 1, b: 2 })), 'a2616202626161' + '01');
});

test('values outside the data model are refused by the encoder', () => {
  for (const bad of [1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, -(2 ** 53)]) {
    assert.throws(() => encodeDeterministic(bad), TypeError, String(bad));
  }
  assert.throws(() => encodeDeterministic(2n ** 64n), RangeError);
  assert.throws(() => encodeDeterministic(-(2n ** 64n) - 1n), RangeError);
  assert.throws(() => encodeDeterministic(undefined as unknown as CborValue), TypeError);
  assert.throws(() => encodeDeterministic([undefined] as unknown as CborValue), TypeError);
  assert.throws(() => encodeDeterministic(new Date(0) as unknown as CborValue), TypeError);
  assert.throws(() => encodeDeterministic((() => 1) as unknown as CborValue), TypeError);
  assert.throws(() => encodeDeterministic(new Set([1]) as unknown as CborValue), TypeError);
});

test('object properties holding undefined are left out of the encoding', () => {
  assert.equal(toHex(encodeDeterministic({ a: 1, b: undefined })), 'a1616101');
});

test('long values cross the encoder buffer boundary intact', () => {
  const long = new Uint8Array(100_000).map((_, i) => i & 255);
  const bytes = encodeDeterministic([long, 'x'.repeat(300), long]);
  assert.deepEqual(strictDecode(bytes), [long, 'x'.repeat(300), long]);
});

test('decoding refuses trailing bytes and truncated input', () => {
  assert.throws(() => decodeCbor(fromHex('0100')));
  assert.throws(() => decodeCbor(fromHex('8201')));
  assert.throws(() => decodeCbor(new Uint8Array(0)));
});

test('non-deterministic encodings of a decodable value are recognised as such', () => {
  const cases: [string, string][] = [
    ['1801', 'integer 1 with a one-byte argument'],
    ['190001', 'integer 1 with a two-byte argument'],
    ['a2616201616101', 'keys out of order'],
    ['a2616101616102', 'duplicate key'],
    ['9f01ff', 'indefinite-length array'],
    ['bf616101ff', 'indefinite-length map'],
    ['f93c00', 'float16 1.0'],
    ['fb3ff0000000000000', 'float64 1.0'],
    ['c11a5f5e1000', 'tag 1 around an integer'],
    ['d84043010203', 'tag 64 around a byte string'],
    ['a16131f6', 'fine'],
  ];
  for (const [hex, label] of cases) {
    const bytes = fromHex(hex);
    assert.equal(isDeterministicEncoding(bytes, decodeCbor(bytes)), label === 'fine', label);
    assert.equal(singlePass(bytes), label === 'fine', `single pass: ${label}`);
  }
});

test('the single-pass decoder refuses what the determinism check refuses, at the edges of the data model', () => {
  const cases: [string, string][] = [
    ['1b001fffffffffffff', 'fine'], // 2^53 - 1
    ['1b0020000000000000', 'integer 2^53'],
    ['3b001ffffffffffffe', 'fine'], // -(2^53 - 1)
    ['3b001fffffffffffff', 'integer -2^53'],
    ['1b00000000ffffffff', 'a 32-bit integer in eight bytes'],
    ['1aff000000', 'fine'],
    ['f7', 'undefined'],
    ['a16161f7', 'undefined as a map value'],
    ['f0', 'simple value 16'],
    ['f820', 'simple value 32'],
    ['a1016161', 'an integer map key'],
    ['a1416161', 'a byte-string map key'],
    ['a2616101626161f6', 'fine'], // "a" before "aa": shorter first
    ['a2626161f6616101', 'longer key first'],
    ['a1695f5f70726f746f5f5ff6', 'the key __proto__'],
    ['62c328', 'invalid UTF-8'],
    ['63efbbbf', 'fine'], // U+FEFF kept as text, not dropped as a byte order mark
    ['63eda080', 'a surrogate in UTF-8'],
    ['62c0af', 'overlong UTF-8'],
    ['5a0000000101', 'a byte-string length in four bytes'],
    ['9bffffffffffffffff', 'an array longer than the input'],
    ['', 'nothing'],
    ['0101', 'two items'],
  ];
  for (const [hex, label] of cases) {
    const bytes = fromHex(hex);
    let old: boolean;
    try {
      old = isDeterministicEncoding(bytes, decodeCbor(bytes));
    } catch {
      old = false;
    }
    assert.equal(old, label === 'fine', `determinism check: ${label}`);
    assert.equal(singlePass(bytes), label === 'fine', `single pass: ${label}`);
    if (label === 'fine') assert.deepEqual(plain(decodeDeterministic(bytes)), plain(decodeCbor(bytes)), label);
  }
});

// RFC 8949 Appendix F.1: examples of CBOR data items that are not well-formed.
const NOT_WELL_FORMED = [
  // end of input in a head
  '18',
  '19',
  '1a',
  '1b',
  '1901',
  '1a0102',
  '1b01020304050607',
  '38',
  '58',
  '78',
  '98',
  '9a01ff00',
  'b8',
  'd8',
  'f8',
  'f900',
  'fa0000',
  'fb000000',
  // definite-length strings with short data
  '41',
  '61',
  '5affffffff00',
  '5bffffffffffffffff010203',
  '7affffffff00',
  '7b7fffffffffffffff010203',
  // definite-length maps and arrays not closed with enough items
  '81',
  '818181818181818181',
  '8200',
  'a1',
  'a20102',
  'a100',
  'a2000000',
  // tag number not followed by tag content
  'c0',
  // indefinite-length strings, arrays and maps not closed by a break
  '5f4100',
  '7f6100',
  '9f',
  '9f0102',
  'bf',
  'bf01020102',
  '819f',
  '9f8000',
  '9f9f9f9f9fffffffff',
  '9f819f819f9fffffff',
  // reserved additional information values
  '1c',
  '1d',
  '1e',
  '3c',
  '3d',
  '3e',
  '5c',
  '5d',
  '5e',
  '7c',
  '7d',
  '7e',
  '9c',
  '9d',
  '9e',
  'bc',
  'bd',
  'be',
  'dc',
  'dd',
  'de',
  'fc',
  'fd',
  'fe',
  // reserved two-byte encodings of simple values
  'f800',
  'f801',
  'f818',
  'f81f',
  // indefinite-length string chunks not of the correct type, or not definite
  '5f00ff',
  '5f21ff',
  '5f6100ff',
  '5f80ff',
  '5fa0ff',
  '5fc000ff',
  '5fe0ff',
  '7f4100ff',
  '5f5f4100ffff',
  '7f7f6100ffff',
  // break outside an indefinite-length item, or in a definite-length one
  'ff',
  '81ff',
  '8200ff',
  'a1ff',
  'a1ff00',
  'a100ff',
  'a20000ff',
  '9f81ff',
  '9f829f819f9fffffffff',
  // break in a value position of an indefinite-length map
  'bf00ff',
  'bf000000ff',
  // major types 0, 1 and 6 with additional information 31
  '1f',
  '3f',
  'df',
];

test('inputs RFC 8949 Appendix F lists as not well-formed are recognised', () => {
  for (const hex of NOT_WELL_FORMED) assert.equal(isWellFormed(fromHex(hex)), false, hex);
  // Reserved additional information is refused as such, not only for want of bytes after it.
  for (const head of ['1c', '1d', '1e', '5c', 'bd', 'de', 'fe']) {
    for (const filler of [16, 32, 64]) {
      const hex = head + '00'.repeat(filler);
      assert.equal(isWellFormed(fromHex(hex)), false, hex);
    }
  }
});

test('well-formed but non-deterministic items (Appendix A examples) are well-formed', () => {
  for (const hex of [
    'f97c00',
    'fa47c35000',
    'fb3ff199999999999a',
    'c074323031332d30332d32315432303a30343a30305a',
    '5f42010243030405ff',
    '7f657374726561646d696e67ff',
    '9fff',
    '9f018202039f0405ffff',
    'bf61610161629f0203ffff',
    'f7',
    'f0',
    'f8ff',
    '1b0020000000000001',
  ]) {
    assert.equal(isWellFormed(fromHex(hex)), true, hex);
    assert.equal(strictAccepts(fromHex(hex)), false, hex);
  }
});

test('a map key "__proto__" is refused when decoding, wherever it is nested', () => {
  const own = Object.defineProperty({}, '__proto__', { value: 1, enumerable: true }) as Record<string, CborValue>;
  assert.throws(() => decodeCbor(encodeDeterministic(own)), /__proto__/);
  assert.throws(() => decodeCbor(encodeDeterministic([{ a: own }])), /__proto__/);
  // The same text as a value, or inside a longer string, is fine.
  assert.equal(decodeCbor(encodeDeterministic('__proto__')), '__proto__');
  assert.deepEqual(decodeCbor(encodeDeterministic({ x: 'i__proto__' })), { x: 'i__proto__' });
});
