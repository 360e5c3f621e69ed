/**
 * A set of message sequence numbers stored as bits: one bit per message, so the audit can tell
 * a first outcome from a duplicate for ten million messages in 1.25 MB.
 */
export class SeqSet {
  private words = new Uint32Array(1024);
  private count = 0;

  /** Add `seq`; false when it was already present. */
  add(seq: number): boolean {
    const word = seq >>> 5;
    if (word >= this.words.length) this.grow(word);
    const bit = 1 << (seq & 31);
    const value = this.words[word] as number;
    if (value & bit) return false;
    this.words[word] = value | bit;
    this.count++;
    return true;
  }

  /** Whether `seq` is present. */
  has(seq: number): boolean {
    const word = seq >>> 5;
    return word < this.words.length && ((this.words[word] as number) & (1 << (seq & 31))) !== 0;
  }

  /** Members. */
  get size(): number {
    return this.count;
  }

  private grow(word: number): void {
    let length = this.words.length;
    while (length <= word) length *= 2;
    const next = new Uint32Array(length);
    next.set(this.words);
    this.words = next;
  }
}
