/**
 * Document frequencies of single characters and character pairs, to tell how rare a
 * verbatim stretch of text is. Word statistics cannot: a phrase such as 子管 or 面漆 is
 * not one token, and how jieba cut it differs from text to text. A phrase occurs in at most
 * as many documents as its rarest character pair (its rarest character for one character),
 * the classic estimate of Chinese retrieval.
 *
 * Compact on purpose: a pair is a number key ((c1 + 1)·65536 + c2 over UTF-16 units; single
 * characters are c < 65536), counts live in typed arrays, and a per-slot "last document" stamp counts each
 * pair once per document without building a set per document.
 */
export class PhraseStats {
  private readonly slots = new Map<number, number>();
  private frequencies: Int32Array<ArrayBuffer> = new Int32Array(1024);
  private stamps: Int32Array<ArrayBuffer> = new Int32Array(1024);
  private nextSlot = 0;
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
    if (phrase.length === 1) return this.frequencyOf(phrase.charCodeAt(0));
    let lowest = Number.POSITIVE_INFINITY;
    for (let i = 1; i < phrase.length && lowest > 0; i++) {
      lowest = Math.min(lowest, this.frequencyOf(pairKey(phrase.charCodeAt(i - 1), phrase.charCodeAt(i))));
    }
    return lowest;
  }

  private frequencyOf(key: number): number {
    const slot = this.slots.get(key);
    return slot === undefined ? 0 : this.frequencies[slot];
  }

  private update(texts: readonly string[], delta: 1 | -1): void {
    const stamp = ++this.stamp;
    for (const text of texts) {
      let previous = -1;
      for (let i = 0; i < text.length; i++) {
        const code = text.charCodeAt(i);
        this.count(code, stamp, delta);
        if (previous >= 0) this.count(pairKey(previous, code), stamp, delta);
        previous = code;
      }
    }
  }

  private count(key: number, stamp: number, delta: 1 | -1): void {
    let slot = this.slots.get(key);
    if (slot === undefined) {
      if (delta < 0) return;
      slot = this.allocate();
      this.slots.set(key, slot);
    }
    if (this.stamps[slot] === stamp) return;
    this.stamps[slot] = stamp;
    this.frequencies[slot] += delta;
  }

  private allocate(): number {
    if (this.nextSlot === this.frequencies.length) {
      this.frequencies = grow(this.frequencies);
      this.stamps = grow(this.stamps);
    }
    return this.nextSlot++;
  }
}

/** Pairs never collide with single characters (< 65536): a pair key is ≥ 65536. */
function pairKey(first: number, second: number): number {
  return (first + 1) * 65536 + second;
}

function grow(array: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const larger = new Int32Array(array.length * 2);
  larger.set(array);
  return larger;
}
