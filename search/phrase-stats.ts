/**
 * Document frequencies of single characters and character pairs, to tell how rare a
 * verbatim stretch of text is. Word statistics cannot: a phrase such as 子管 or 面漆 is
 * not one token, and how jieba cut it differs from text to text. A phrase occurs in at most
 * as many documents as its rarest character pair (its rarest character for one character),
 * the classic estimate of Chinese retrieval.
 *
 * Compact and allocation-free on purpose (it sees every character of every document):
 * characters index a flat array, pairs live in an open-addressing hash table over typed
 * arrays, and a per-entry "last document" stamp counts each once per document without
 * building a set per document.
 */

const EMPTY = 0;

export class PhraseStats {
  private readonly charFrequencies = new Int32Array(65536);
  private readonly charStamps = new Int32Array(65536);
  /** Pair table: key = (first << 16 | second) + 1, so that 0 means empty. */
  private pairKeys = new Float64Array(1 << 16);
  private pairFrequencies = new Int32Array(1 << 16);
  private pairStamps = new Int32Array(1 << 16);
  /** 32 − log2(table size): the hash's top bits pick the slot. */
  private shift = 16;
  private pairCount = 0;
  private stamp = 0;
  private documents = 0;

  get documentCount(): number {
    return this.documents;
  }

  /** Counts one document (its normalized texts). */
  add(texts: readonly string[]): void {
    this.documents++;
    this.update(texts, 1);
  }

  /** Uncounts a document previously added with the same texts. */
  remove(texts: readonly string[]): void {
    this.documents = Math.max(0, this.documents - 1);
    this.update(texts, -1);
  }

  /** Upper bound of the number of documents containing `phrase` (normalized). */
  documentFrequency(phrase: string): number {
    if (phrase.length === 0) return 0;
    if (phrase.length === 1) return this.charFrequencies[phrase.charCodeAt(0)];
    let lowest = Number.POSITIVE_INFINITY;
    for (let i = 1; i < phrase.length && lowest > 0; i++) {
      const at = this.find(pairKey(phrase.charCodeAt(i - 1), phrase.charCodeAt(i)));
      lowest = Math.min(lowest, this.pairKeys[at] === EMPTY ? 0 : this.pairFrequencies[at]);
    }
    return lowest;
  }

  private update(texts: readonly string[], delta: 1 | -1): void {
    const stamp = ++this.stamp;
    for (const text of texts) {
      let previous = -1;
      for (let i = 0; i < text.length; i++) {
        const code = text.charCodeAt(i);
        if (this.charStamps[code] !== stamp) {
          this.charStamps[code] = stamp;
          this.charFrequencies[code] += delta;
        }
        if (previous >= 0) this.countPair(pairKey(previous, code), stamp, delta);
        previous = code;
      }
    }
  }

  private countPair(key: number, stamp: number, delta: 1 | -1): void {
    let at = this.find(key);
    if (this.pairKeys[at] === EMPTY) {
      if (delta < 0) return;
      if ((this.pairCount + 1) * 2 > this.pairKeys.length) {
        this.grow();
        at = this.find(key);
      }
      this.pairKeys[at] = key;
      this.pairCount++;
    }
    if (this.pairStamps[at] === stamp) return;
    this.pairStamps[at] = stamp;
    this.pairFrequencies[at] += delta;
  }

  /** The slot holding `key`, or the empty slot where it would go (linear probing). */
  private find(key: number): number {
    const mask = this.pairKeys.length - 1;
    let at = hash(key) >>> this.shift;
    while (this.pairKeys[at] !== EMPTY && this.pairKeys[at] !== key) at = (at + 1) & mask;
    return at;
  }

  private grow(): void {
    const keys = this.pairKeys;
    const frequencies = this.pairFrequencies;
    const stamps = this.pairStamps;
    this.pairKeys = new Float64Array(keys.length * 2);
    this.pairFrequencies = new Int32Array(keys.length * 2);
    this.pairStamps = new Int32Array(keys.length * 2);
    this.shift--;
    for (let i = 0; i < keys.length; i++) {
      if (keys[i] === EMPTY) continue;
      const at = this.find(keys[i]);
      this.pairKeys[at] = keys[i];
      this.pairFrequencies[at] = frequencies[i];
      this.pairStamps[at] = stamps[i];
    }
  }
}

function pairKey(first: number, second: number): number {
  return first * 65536 + second + 1;
}

/** Fibonacci hashing of the (up to 33-bit) key; callers take the top bits. */
function hash(key: number): number {
  return Math.imul((key | 0) ^ Math.floor(key / 4294967296), 0x9e3779b1);
}
