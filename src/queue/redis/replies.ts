/**
 * Reading the lists the Lua scripts send back as text (see `lua.ts`). Stamps and expired
 * hand-outs come as changes rather than one item per message: joining a thousand items costs a
 * script more than expanding the changes costs here.
 */

/**
 * Comma-separated whole numbers, each read as the digits after its last `-`, so that entry
 * ids `0-N` give N: straight from the bytes, without a string for each.
 */
export function integersIn(text: Buffer): number[] {
  const numbers: number[] = [];
  let value = 0;
  for (let i = 0; i < text.length; i++) {
    const byte = text[i] as number;
    if (byte === COMMA) {
      numbers.push(value);
      value = 0;
    } else if (byte === DASH) value = 0;
    else value = value * 10 + (byte - ZERO);
  }
  numbers.push(value);
  return numbers;
}

const COMMA = 0x2c;
const DASH = 0x2d;
const ZERO = 0x30;

/**
 * `count` stamps, each plus `shift`, from the changes a script sends (`position,stamp` pairs,
 * positions from 1): each stamp holds from its position until the next pair's.
 */
export function stampsIn(changes: Buffer, count: number, shift: number): number[] {
  const parts = changes.toString("latin1").split(",");
  const stamps = new Array<number>(count);
  for (let p = 0; p + 1 < parts.length; p += 2) {
    const to = p + 2 < parts.length ? Number(parts[p + 2]) - 1 : count;
    stamps.fill(Number(parts[p + 1]) + shift, Number(parts[p]) - 1, to);
  }
  return stamps;
}

/**
 * `count` expired hand-out counts from the changes a script sends (`position,count` pairs,
 * positions from 1): none but at the positions named.
 */
export function countsIn(changes: Buffer, count: number): number[] {
  const counts = new Array<number>(count).fill(0);
  if (changes.length === 0) return counts;
  const pairs = integersIn(changes);
  for (let p = 0; p + 1 < pairs.length; p += 2) {
    counts[(pairs[p] as number) - 1] = pairs[p + 1] as number;
  }
  return counts;
}
