import { createReadStream } from 'node:fs';
import iconv from 'iconv-lite';

/** What the first bytes say about a file's encoding; `auto` without a BOM means UTF-8. */
export function detectEncoding(head: Buffer, declared: string): { encoding: string; bomLength: number } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  if (declared === 'auto') return { encoding: guessUtf16(head) ?? 'utf-8', bomLength: 0 };
  return { encoding: canonicalEncoding(declared), bomLength: 0 };
}

/** UTF-16 without a BOM shows as NUL bytes in every other position for Latin text. */
function guessUtf16(head: Buffer): string | undefined {
  const length = Math.min(head.length, 4096) & ~1;
  if (length < 8) return undefined;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < length; i += 2) {
    if (head[i] === 0) evenZeros++;
    if (head[i + 1] === 0) oddZeros++;
  }
  const pairs = length / 2;
  if (oddZeros > pairs * 0.4 && evenZeros < pairs * 0.05) return 'utf-16le';
  if (evenZeros > pairs * 0.4 && oddZeros < pairs * 0.05) return 'utf-16be';
  return undefined;
}

export function canonicalEncoding(name: string): string {
  const lower = name.toLowerCase().replace(/_/g, '-');
  if (lower === 'utf8') return 'utf-8';
  if (lower === 'utf16le' || lower === 'utf-16') return 'utf-16le';
  if (lower === 'utf16be') return 'utf-16be';
  if (lower === 'shift-jis' || lower === 'sjis') return 'shift_jis';
  return lower;
}

interface TextChunkDecoder {
  write(bytes: Buffer): string;
  end(): string;
}

function createDecoder(encoding: string): TextChunkDecoder {
  // Node's TextDecoder is the fast path for UTF-8/16; iconv-lite covers the legacy code pages.
  if (encoding === 'utf-8' || encoding === 'utf-16le' || encoding === 'utf-16be') {
    const decoder = new TextDecoder(encoding, { fatal: false, ignoreBOM: true });
    return { write: (bytes) => decoder.decode(bytes, { stream: true }), end: () => decoder.decode() };
  }
  const decoder = iconv.getDecoder(encoding);
  return { write: (bytes) => decoder.write(bytes), end: () => decoder.end() ?? '' };
}

/** Streams a file as text in the given (or detected) encoding, BOM removed. */
export async function* decodeFile(file: string, declared: string, onDetected: (encoding: string) => void): AsyncGenerator<string> {
  const stream = createReadStream(file, { highWaterMark: 1 << 20 });
  let decoder: TextChunkDecoder | undefined;
  let pending: Buffer | undefined;
  for await (const raw of stream as AsyncIterable<Buffer>) {
    let bytes = raw;
    if (!decoder) {
      bytes = pending ? Buffer.concat([pending, raw]) : raw;
      if (bytes.length < 3) {
        pending = bytes;
        continue;
      }
      const detected = detectEncoding(bytes, declared);
      onDetected(detected.encoding);
      decoder = createDecoder(detected.encoding);
      bytes = bytes.subarray(detected.bomLength);
    }
    const text = decoder.write(bytes);
    if (text.length > 0) yield text;
  }
  if (!decoder) {
    const bytes = pending ?? Buffer.alloc(0);
    const detected = detectEncoding(bytes, declared);
    onDetected(detected.encoding);
    decoder = createDecoder(detected.encoding);
    const text = decoder.write(bytes.subarray(detected.bomLength));
    if (text.length > 0) yield text;
  }
  const rest = decoder.end();
  if (rest.length > 0) yield rest;
}

/** An encoding found by looking at a file's bytes, and how sure that is (for `steward profile` and `init`). */
export interface EncodingGuess {
  readonly encoding: string;
  readonly confidence: 'certain' | 'high' | 'medium';
  readonly reason: string;
}

/**
 * Looks at the first bytes of a file: a BOM is certain; UTF-16 without one shows in its NUL bytes; text that
 * decodes as UTF-8 with multi-byte characters is UTF-8; plain ASCII reads the same in every Western encoding;
 * bytes that are not UTF-8 are most likely Windows-1252 (Latin-1 plus curly quotes and €), the legacy default.
 */
export function sniffEncoding(head: Buffer): EncodingGuess {
  const bom = detectEncoding(head, 'utf-8');
  if (bom.bomLength > 0) return { encoding: bom.encoding, confidence: 'certain', reason: `byte order mark (${bom.encoding})` };
  const utf16 = guessUtf16(head);
  if (utf16) return { encoding: utf16, confidence: 'high', reason: 'NUL bytes in every other position (UTF-16 without a byte order mark)' };
  let multiByte = 0;
  let i = 0;
  while (i < head.length) {
    const b = head[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const length = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    // A sequence cut by the end of the sample is not evidence against UTF-8.
    if (length > 0 && i + length > head.length) break;
    let ok = length > 0;
    for (let k = 1; ok && k < length; k++) ok = (head[i + k]! & 0xc0) === 0x80;
    if (!ok) return doubleByteGuess(head) ?? { encoding: 'windows-1252', confidence: 'medium', reason: `byte 0x${b.toString(16)} at offset ${i} is not UTF-8; read as Windows-1252 (Western European): if letters look wrong, declare the encoding` };
    multiByte++;
    i += length;
  }
  if (multiByte > 0) return { encoding: 'utf-8', confidence: 'high', reason: `valid UTF-8 with ${multiByte} multi-byte character${multiByte === 1 ? '' : 's'} in the first ${head.length.toLocaleString('en-US')} bytes` };
  return { encoding: 'utf-8', confidence: 'high', reason: `plain ASCII in the first ${head.length.toLocaleString('en-US')} bytes (reads the same as UTF-8 or Windows-1252)` };
}

/**
 * Japanese and Chinese legacy files (Shift_JIS, GB18030, Big5) write each character as a lead byte of 0x81 or more
 * and a trail byte; Western text in Windows-1252 has lone high bytes (the ü of Müller, the é before a space). Read
 * the bytes as pairs: a trail below 0x40 breaks the pairing (Western). Japanese shows in kana once decoded as
 * Shift_JIS; GB18030's common characters have high trail bytes, Big5's often trail bytes in the ASCII range.
 */
function doubleByteGuess(head: Buffer): EncodingGuess | undefined {
  let pairs = 0;
  let highTrail = 0;
  let i = 0;
  while (i < head.length) {
    const b = head[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const trail = head[i + 1];
    if (trail === undefined) break;
    if (b === 0x80 || b === 0xff || trail < 0x40 || trail === 0x7f) return undefined;
    pairs++;
    if (trail >= 0x80) highTrail++;
    i += 2;
  }
  if (pairs < 4) return undefined;
  const clean = (text: string) => !/[\ufffd\ue000-\uf8ff]/u.test(text);
  const sjis = iconv.decode(head, 'shift_jis');
  const kana = sjis.match(/[\u3040-\u30ff]/gu)?.length ?? 0;
  if (clean(sjis) && kana >= pairs * 0.1) {
    return { encoding: 'shift_jis', confidence: 'medium', reason: `bytes in pairs that read as Japanese in Shift_JIS (${kana} kana in the first ${head.length.toLocaleString('en-US')} bytes); not UTF-8` };
  }
  if (highTrail >= pairs * 0.9 && clean(iconv.decode(head, 'gb18030'))) {
    return { encoding: 'gb18030', confidence: 'medium', reason: 'bytes in pairs, both high, as Chinese in GB18030 (GBK) is written; not UTF-8: if characters look wrong, declare the encoding (big5 for traditional Chinese)' };
  }
  if (highTrail >= pairs * 0.5 && clean(iconv.decode(head, 'big5'))) {
    return { encoding: 'big5', confidence: 'medium', reason: 'bytes in pairs, many with a trail byte in the ASCII range, as traditional Chinese in Big5 is written; not UTF-8' };
  }
  return undefined;
}
