import { randomBytes } from "node:crypto";

/**
 * Ids for rows written in bulk by SQL (Prisma makes its own cuids for the rows it writes):
 * the same shape — "c", time, a per-process counter, randomness; 25 lowercase characters,
 * roughly ordered by creation time.
 */
let counter = 0;
export function newId(): string {
  counter = (counter + 1) % 1_679_616; // 36^4
  // The machine's time, not the application's clock: it only spreads ids, like Prisma's own cuids.
  // eslint-disable-next-line no-restricted-syntax
  const time = Date.now().toString(36).padStart(8, "0").slice(-8);
  const count = counter.toString(36).padStart(4, "0");
  const random = BigInt(`0x${randomBytes(8).toString("hex")}`).toString(36).padStart(12, "0").slice(-12);
  return `c${time}${count}${random}`;
}
