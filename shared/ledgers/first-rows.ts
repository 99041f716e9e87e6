/**
 * The first row of each identity in a batch, for finding a repeated one (docs/rules.md, Ledgers).
 * An open-addressing table of 32-bit hashes and entry numbers in one typed array: a new identity —
 * nearly every row of a large sheet — costs one look at one place in memory, where a `Map` of
 * strings reaches into three for each (its bucket, its entry, the key it compares); identities are
 * compared only when their hashes agree.
 */
export class FirstRows {
  /** Pairs (hash, entry + 1); entry 0 marks an empty slot. */
  private table = new Int32Array(2 * 1024);
  private mask = 1023;
  private readonly keys: string[] = [];
  private readonly rows: number[] = [];

  /** The first row that had `key`; `undefined` when it is new, and `row` is remembered as its first. */
  firstRow(key: string, row: number): number | undefined {
    const hash = hashOf(key);
    const table = this.table;
    let slot = hash & this.mask;
    for (let entry = table[2 * slot + 1]!; entry !== 0; entry = table[2 * slot + 1]!) {
      if (table[2 * slot] === hash && this.keys[entry - 1] === key) return this.rows[entry - 1];
      slot = (slot + 1) & this.mask;
    }
    this.keys.push(key);
    this.rows.push(row);
    table[2 * slot] = hash;
    table[2 * slot + 1] = this.keys.length;
    // Kept at most half full, so that a look for a new identity ends at once.
    if (this.keys.length * 2 > this.mask) this.grow();
    return undefined;
  }

  private grow(): void {
    const old = this.table;
    this.mask = this.mask * 2 + 1;
    this.table = new Int32Array(2 * (this.mask + 1));
    for (let i = 0; i < old.length; i += 2) {
      if (old[i + 1] === 0) continue;
      let slot = old[i]! & this.mask;
      while (this.table[2 * slot + 1] !== 0) slot = (slot + 1) & this.mask;
      this.table[2 * slot] = old[i]!;
      this.table[2 * slot + 1] = old[i + 1]!;
    }
  }
}

/** FNV-1a over the UTF-16 code units, as a signed 32-bit number (what the table holds). */
function hashOf(key: string): number {
  let hash = 0x811c9dc5 | 0;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return hash;
}
