/** A word whose 32 members are all present. */
const FULL = 0xffffffff;

/**
 * A set of message sequence numbers stored as bits, one bit per message, so the audit can tell
 * a first outcome from a duplicate. Messages settle roughly in the order they were made, so
 * the bits below the oldest unsettled message are all set: those words are dropped, and the
 * set keeps only the window from there to the newest member. Its size then follows the
 * messages in flight, not the messages of the run (a run of ten million in a few kB, not
 * 1.25 MB growing with every message); a message that never settles keeps the window open
 * behind it, and the set grows as a plain bitset would.
 */
export class SeqSet {
  private words = new Uint32Array(1024);
  /** Words dropped from the front, every one of them full: all `seq < base * 32` are members. */
  private base = 0;
  private count = 0;

  /** Add `seq`; false when it was already present. */
  add(seq: number): boolean {
    let word = (seq >>> 5) - this.base;
    if (word < 0) return false;
    if (word >= this.words.length) word = this.makeRoom(word);
    const bit = 1 << (seq & 31);
    const value = this.words[word] as number;
    if (value & bit) return false;
    this.words[word] = value | bit;
    this.count++;
    return true;
  }

  /** Whether `seq` is present. */
  has(seq: number): boolean {
    const word = (seq >>> 5) - this.base;
    if (word < 0) return true;
    return word < this.words.length && ((this.words[word] as number) & (1 << (seq & 31))) !== 0;
  }

  /** Members. */
  get size(): number {
    return this.count;
  }

  /**
   * Room for window index `word`, which lies past the end; returns its index afterwards. Drops
   * the full words at the front when they are at least half the array (so each copy buys as
   * many free words as it moves, and stays cheap over the run), and doubles the array when
   * that is not enough.
   */
  private makeRoom(word: number): number {
    const words = this.words;
    let full = 0;
    while (full < words.length && words[full] === FULL) full++;
    if (full * 2 >= words.length) {
      words.copyWithin(0, full);
      words.fill(0, words.length - full);
      this.base += full;
      word -= full;
    }
    if (word < words.length) return word;
    let length = words.length;
    while (length <= word) length *= 2;
    const next = new Uint32Array(length);
    next.set(words);
    this.words = next;
    return word;
  }
}
