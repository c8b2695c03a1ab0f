import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Money, Ratio } from "./money";

/**
 * Property tests for Money and Ratio: every expectation is recomputed independently on
 * bigints (never on `number`), so the half-up rounding and the exactness claims of
 * money.ts are checked against arithmetic that cannot drift.
 */

/** Largest magnitude parseYuan accepts: 13 integer digits and 2 decimals. */
const MAX_FEN = 10n ** 15n - 1n;

const fen = fc.bigInt({ min: -MAX_FEN, max: MAX_FEN });
const nonNegativeFen = fc.bigInt({ min: 0n, max: MAX_FEN });

/** A non-negative decimal with at most `maxDecimals` places as scaled integer + places, and its text. */
const decimalText = (maxDecimals: number, maxInt = 999n) =>
  fc.integer({ min: 0, max: maxDecimals }).chain((places) =>
    fc.bigInt({ min: 0n, max: (maxInt + 1n) * 10n ** BigInt(places) - 1n }).map((scaled) => ({
      scaled,
      places,
      den: 10n ** BigInt(places),
      text: toDecimalText(scaled, places),
    })),
  );

function toDecimalText(scaled: bigint, places: number): string {
  const negative = scaled < 0n;
  const digits = (negative ? -scaled : scaled).toString().padStart(places + 1, "0");
  const int = digits.slice(0, digits.length - places);
  const frac = digits.slice(digits.length - places);
  return `${negative ? "-" : ""}${int}${places ? "." + frac : ""}`;
}

/** Independent half-up (ties away from zero) rounding of f × num / den, den > 0. */
function halfUp(f: bigint, num: bigint, den: bigint): bigint {
  const n = f * num;
  if (n >= 0n) return (n * 2n + den) / (2n * den);
  return -((-n * 2n + den) / (2n * den));
}

describe("Money.times rounds half-up to the fen", () => {
  it("matches floor((f·num·2 + den) / (2·den)) for non-negative fen and a rate with ≤ 6 decimals", () => {
    fc.assert(
      fc.property(nonNegativeFen, decimalText(6), (f, rate) => {
        const expected = (f * rate.scaled * 2n + rate.den) / (2n * rate.den);
        expect(Money.fromFen(f).times(rate.text).fen).toBe(expected);
        // a Ratio factor gives the same as its decimal text
        expect(Money.fromFen(f).times(Ratio.of(rate.scaled, rate.den)).fen).toBe(expected);
      }),
    );
  });

  it("rounds ties away from zero for negative amounts (symmetric with the positive side)", () => {
    fc.assert(
      fc.property(fen, decimalText(6), (f, rate) => {
        const result = Money.fromFen(f).times(rate.text).fen;
        expect(result).toBe(halfUp(f, rate.scaled, rate.den));
        expect(Money.fromFen(-f).times(rate.text).fen).toBe(-result);
      }),
    );
  });

  it("multiplies several factors exactly and rounds only once", () => {
    fc.assert(
      fc.property(nonNegativeFen, decimalText(6, 9n), fc.integer({ min: 1, max: 360 }), (f, rate, months) => {
        const expected = halfUp(f, rate.scaled * BigInt(months), rate.den * 12n);
        expect(Money.fromFen(f).times(rate.text, Ratio.of(months, 12)).fen).toBe(expected);
      }),
    );
  });

  it("gives odd fen × 0.50 the upper fen and even fen × 0.50 exactly half", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: MAX_FEN / 2n - 1n }), (k) => {
        expect(Money.fromFen(2n * k + 1n).times("0.50").fen).toBe(k + 1n);
        expect(Money.fromFen(2n * k).times("0.50").fen).toBe(k);
        expect(Money.fromFen(-(2n * k + 1n)).times("0.5").fen).toBe(-(k + 1n));
      }),
    );
  });

  it("is never more than half a fen away from the exact product", () => {
    fc.assert(
      fc.property(fen, decimalText(12, 9n), (f, rate) => {
        const result = Money.fromFen(f).times(rate.text).fen;
        // |result·den − f·num| ≤ den / 2
        const error = result * rate.den - f * rate.scaled;
        expect(2n * (error < 0n ? -error : error) <= rate.den).toBe(true);
      }),
    );
  });
});

describe("parseYuan / toYuanString", () => {
  it("round-trips every amount in range through its yuan string", () => {
    fc.assert(
      fc.property(fen, (f) => {
        const text = Money.fromFen(f).toYuanString();
        expect(text).toMatch(/^-?\d{1,13}\.\d{2}$/);
        expect(Money.isYuan(text)).toBe(true);
        expect(Money.parseYuan(text).fen).toBe(f);
        expect(JSON.parse(JSON.stringify({ m: Money.fromFen(f) })).m).toBe(text);
      }),
    );
  });

  it("parses any valid yuan text (0–2 decimals, optional sign) to its exact fen and prints it canonically", () => {
    const yuanText = fc.record({
      negative: fc.boolean(),
      int: fc.bigInt({ min: 0n, max: 10n ** 13n - 1n }),
      zeros: fc.integer({ min: 0, max: 3 }),
      places: fc.integer({ min: 0, max: 2 }),
      frac: fc.integer({ min: 0, max: 99 }),
    });
    fc.assert(
      fc.property(yuanText, ({ negative, int, zeros, places, frac }) => {
        const intText = int.toString();
        const paddedInt = "0".repeat(Math.max(0, Math.min(zeros, 13 - intText.length))) + intText;
        const fracText = places === 0 ? "" : String(frac).padStart(2, "0").slice(0, places);
        const text = `${negative ? "-" : ""}${paddedInt}${fracText ? "." + fracText : ""}`;
        const fracFen = BigInt(fracText.padEnd(2, "0"));
        const expected = (int * 100n + fracFen) * (negative ? -1n : 1n);
        const money = Money.parseYuan(text);
        expect(money.fen).toBe(expected);
        expect(money.toYuanString()).toBe(toDecimalText(expected, 2));
        expect(Money.parseYuan(money.toYuanString()).fen).toBe(expected);
      }),
    );
  });

  it("refuses any text with three or more decimals", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 9n }), fc.integer({ min: 3, max: 8 }), fc.integer({ min: 0, max: 10 ** 6 }), (int, places, frac) => {
        const text = `${int}.${String(frac).padStart(places, "0").slice(0, places)}`;
        expect(Money.isYuan(text)).toBe(false);
        expect(() => Money.parseYuan(text)).toThrow();
      }),
    );
  });

  it("keeps plus / minus / sum exact on fen", () => {
    fc.assert(
      fc.property(fc.array(fen, { maxLength: 20 }), (fens) => {
        const total = fens.reduce((a, b) => a + b, 0n);
        expect(Money.sum(fens.map((f) => Money.fromFen(f))).fen).toBe(total);
        const folded = fens.reduce((acc, f) => acc.plus(Money.fromFen(f)), Money.zero);
        expect(folded.fen).toBe(total);
        expect(fens.reduce((acc, f) => acc.minus(Money.fromFen(f)), folded).isZero()).toBe(true);
      }),
    );
  });
});

describe("Ratio.plus is exact", () => {
  const signedDecimal = fc.record({ d: decimalText(6, 999n), negative: fc.boolean() }).map(({ d, negative }) => ({
    ...d,
    scaled: negative ? -d.scaled : d.scaled,
    text: negative ? "-" + d.text : d.text,
  }));

  it("adds two decimals (≤ 6 places) to exactly their decimal sum", () => {
    fc.assert(
      fc.property(signedDecimal, signedDecimal, (a, b) => {
        const scale = 10n ** 6n;
        const sumScaled = a.scaled * (scale / a.den) + b.scaled * (scale / b.den);
        const sum = Ratio.parse(a.text).plus(Ratio.parse(b.text));
        expect(sum.compare(Ratio.of(sumScaled, scale))).toBe(0);
        expect(sum.compare(Ratio.of(sumScaled + 1n, scale))).toBe(-1);
        expect(sum.compare(Ratio.of(sumScaled - 1n, scale))).toBe(1);
        expect(sum.toDecimalString(6)).toBe(toDecimalText(sumScaled, 6));
      }),
    );
  });

  it("is commutative, associative and has zero as identity", () => {
    const ratio = fc
      .record({ n: fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), d: fc.bigInt({ min: 1n, max: 10n ** 9n }), flip: fc.boolean() })
      .map(({ n, d, flip }) => Ratio.of(n, flip ? -d : d));
    fc.assert(
      fc.property(ratio, ratio, ratio, (a, b, c) => {
        expect(a.plus(b).compare(b.plus(a))).toBe(0);
        expect(a.plus(b).plus(c).compare(a.plus(b.plus(c)))).toBe(0);
        expect(a.plus(Ratio.of(0)).compare(a)).toBe(0);
        // cross-multiplied definition of the sum
        expect(a.plus(b).compare(Ratio.of(a.numerator * b.denominator + b.numerator * a.denominator, a.denominator * b.denominator))).toBe(0);
        // adding something positive makes it strictly larger
        expect(a.plus(Ratio.of(1n, 10n ** 12n)).compare(a)).toBe(1);
      }),
    );
  });

  it("keeps the denominator positive (Ratio.of normalizes the sign)", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -1000n, max: 1000n }), fc.bigInt({ min: 1n, max: 1000n }), (n, d) => {
        const r = Ratio.of(n, -d);
        expect(r.denominator > 0n).toBe(true);
        expect(r.compare(Ratio.of(-n, d))).toBe(0);
      }),
    );
  });
});
