/**
 * Money is an exact integer number of fen (分). Rates are exact decimals. Every product is
 * computed exactly on bigints and rounded once, half-up (ties away from zero), to the fen.
 * Never use `number` arithmetic on yuan: 2817.99 × 0.5 = 1408.995 must give 1409.00.
 */

const YUAN_PATTERN = /^(-)?(\d{1,13})(?:\.(\d{1,2}))?$/;
const RATE_PATTERN = /^(-)?(\d{1,9})(?:\.(\d{1,12}))?$/;

export class MoneyError extends Error {
  name = "MoneyError";
}

/** An exact decimal ratio, e.g. a rate "0.0385" or a factor months/12. */
export class Ratio {
  private constructor(
    readonly numerator: bigint,
    readonly denominator: bigint,
  ) {}

  static of(numerator: bigint | number, denominator: bigint | number = 1n): Ratio {
    const n = BigInt(numerator);
    const d = BigInt(denominator);
    if (d === 0n) throw new MoneyError("denominator must not be zero");
    return d < 0n ? new Ratio(-n, -d) : new Ratio(n, d);
  }

  /** Parses a decimal string such as "0.0385" (up to 12 decimals). */
  static parse(text: string): Ratio {
    const m = RATE_PATTERN.exec(text.trim());
    if (!m) throw new MoneyError(`not a decimal rate: "${text}"`);
    const [, sign, int, frac = ""] = m;
    const n = BigInt(int + frac) * (sign ? -1n : 1n);
    return Ratio.of(n, 10n ** BigInt(frac.length));
  }

  /** Parses a plain decimal of any size up to 20 integer digits and 12 decimals ("2150000000.00", a county's expenditure). */
  static parseDecimal(text: string): Ratio {
    const m = /^(-)?(\d{1,20})(?:\.(\d{1,12}))?$/.exec(text.trim());
    if (!m) throw new MoneyError(`not a decimal: "${text}"`);
    const [, sign, int, frac = ""] = m;
    return Ratio.of(BigInt(int + frac) * (sign ? -1n : 1n), 10n ** BigInt(frac.length));
  }

  times(other: Ratio): Ratio {
    return Ratio.of(this.numerator * other.numerator, this.denominator * other.denominator);
  }

  plus(other: Ratio): Ratio {
    return Ratio.of(this.numerator * other.denominator + other.numerator * this.denominator, this.denominator * other.denominator);
  }

  minus(other: Ratio): Ratio {
    return this.plus(Ratio.of(-other.numerator, other.denominator));
  }

  /** this ÷ other; other must not be zero. */
  dividedBy(other: Ratio): Ratio {
    if (other.numerator === 0n) throw new MoneyError("division by zero");
    return Ratio.of(this.numerator * other.denominator, this.denominator * other.numerator);
  }

  isZero(): boolean {
    return this.numerator === 0n;
  }

  /** The same value with numerator and denominator divided by their greatest common divisor. */
  reduced(): Ratio {
    let a = this.numerator < 0n ? -this.numerator : this.numerator;
    let b = this.denominator;
    while (b !== 0n) [a, b] = [b, a % b];
    return a <= 1n ? this : Ratio.of(this.numerator / a, this.denominator / a);
  }

  /** Exactly `places` decimals, rounded half-up (ties away from zero). */
  toFixed(places: number): string {
    return formatScaled(divideHalfUp(this.numerator * 10n ** BigInt(places), this.denominator), places);
  }

  compare(other: Ratio): -1 | 0 | 1 {
    const l = this.numerator * other.denominator;
    const r = other.numerator * this.denominator;
    return l < r ? -1 : l > r ? 1 : 0;
  }

  /** Decimal string with at least `minDecimals`, exact when the ratio terminates within 12 decimals. */
  toDecimalString(minDecimals = 4): string {
    for (let places = minDecimals; places <= 12; places++) {
      const scale = 10n ** BigInt(places);
      if ((this.numerator * scale) % this.denominator === 0n) {
        return formatScaled((this.numerator * scale) / this.denominator, places);
      }
    }
    return formatScaled(divideHalfUp(this.numerator * 10n ** 12n, this.denominator), 12);
  }
}

export class Money {
  private constructor(readonly fen: bigint) {}

  static readonly zero = new Money(0n);

  static fromFen(fen: bigint | number): Money {
    if (typeof fen === "number" && !Number.isSafeInteger(fen)) throw new MoneyError(`fen must be an integer: ${fen}`);
    return new Money(BigInt(fen));
  }

  /** Parses a yuan string: "850000.00", "850000", "1408.5", "-12.30". At most 2 decimals. */
  static parseYuan(text: string): Money {
    const m = YUAN_PATTERN.exec(text.trim());
    if (!m) throw new MoneyError(`not a yuan amount with at most two decimals: "${text}"`);
    const [, sign, int, frac = ""] = m;
    const fen = BigInt(int) * 100n + BigInt(frac.padEnd(2, "0"));
    return new Money(sign ? -fen : fen);
  }

  static isYuan(text: string): boolean {
    return YUAN_PATTERN.test(text.trim());
  }

  static sum(items: Iterable<Money>): Money {
    let total = 0n;
    for (const m of items) total += m.fen;
    return new Money(total);
  }

  static min(...items: Money[]): Money {
    return items.reduce((a, b) => (b.fen < a.fen ? b : a));
  }

  static max(...items: Money[]): Money {
    return items.reduce((a, b) => (b.fen > a.fen ? b : a));
  }

  plus(other: Money): Money {
    return new Money(this.fen + other.fen);
  }

  minus(other: Money): Money {
    return new Money(this.fen - other.fen);
  }

  /** Multiplies by every factor exactly, then rounds half-up to the fen once. */
  times(...factors: (Ratio | string)[]): Money {
    let ratio = Ratio.of(1);
    for (const f of factors) ratio = ratio.times(typeof f === "string" ? Ratio.parse(f) : f);
    return new Money(divideHalfUp(this.fen * ratio.numerator, ratio.denominator));
  }

  compare(other: Money): -1 | 0 | 1 {
    return this.fen < other.fen ? -1 : this.fen > other.fen ? 1 : 0;
  }

  /** this ÷ other as an exact Ratio (a price against a budget, the lowest fee against a fee). Throws when other is zero. */
  ratioTo(other: Money): Ratio {
    return Ratio.of(this.fen, other.fen);
  }

  equals(other: Money): boolean {
    return this.fen === other.fen;
  }

  isZero(): boolean {
    return this.fen === 0n;
  }

  isNegative(): boolean {
    return this.fen < 0n;
  }

  isPositive(): boolean {
    return this.fen > 0n;
  }

  /**
   * "850000.00": the API and storage-neutral form. `trimZeros` drops zero decimals
   * ("850000", "12.5"), for URLs and labels; parseYuan reads both forms back.
   */
  toYuanString(options: { trimZeros?: boolean } = {}): string {
    const text = formatScaled(this.fen, 2);
    return options.trimZeros ? trimDecimalZeros(text) : text;
  }

  /**
   * "¥850,000.00" for people (grouped thousands). Without the symbol ("850,000.00") and
   * with `trimZeros` ("850,000") for texts that say the unit themselves.
   */
  format(options: { symbol?: boolean; trimZeros?: boolean } = {}): string {
    const [int, frac] = this.toYuanString({ trimZeros: options.trimZeros }).replace("-", "").split(".");
    const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    return `${this.isNegative() ? "-" : ""}${options.symbol === false ? "" : "¥"}${grouped}${frac === undefined ? "" : `.${frac}`}`;
  }

  /**
   * "85.00万元": the unit Chinese finance people read large amounts in, rounded half-up to
   * 0.01 万 (100 元). Without the unit ("85.00") and with `trimZeros` ("85", "85.5").
   */
  formatWan(options: { unit?: boolean; trimZeros?: boolean } = {}): string {
    const wan = formatScaled(divideHalfUp(this.fen, 10_000n), 2);
    return `${options.trimZeros ? trimDecimalZeros(wan) : wan}${options.unit === false ? "" : "万元"}`;
  }

  /**
   * For summaries, by one rule (issue 19): below 1 万元 exact in 元 ("9,999.99元"), from 1 万元
   * in 万元 ("35万元", "12.35万元"), from 1 亿元 in 亿元 ("1.5亿元"), rounded half-up to two
   * decimals of the unit, trailing zeros dropped; a rounding that reaches the next unit
   * takes it (99,999,999.99 元 is "1亿元"). Pages reach it through formatMoneySummary.
   */
  summary(): string {
    const abs = this.fen < 0n ? -this.fen : this.fen;
    const sign = this.fen < 0n ? "-" : "";
    const inWan = scaledText(abs, 1_000_000n);
    if (abs >= 10_000_000_000n || inWan === "10,000") return `${sign}${scaledText(abs, 10_000_000_000n)}亿元`;
    if (abs >= 1_000_000n) return `${sign}${inWan}万元`;
    return `${sign}${scaledText(abs, 100n)}元`;
  }

  /** The magnitude in units of `unitFen` fen, half-up to two decimals, grouped, zeros dropped (`summary` and its English twin): "12.35", "1,000". */
  magnitudeIn(unitFen: bigint): string {
    return scaledText(this.fen < 0n ? -this.fen : this.fen, unitFen);
  }

  /** The fen as a number, for APIs that take integer minor units (Stripe, the search index); throws beyond 2^53. */
  toFenNumber(): number {
    const n = Number(this.fen);
    if (!Number.isSafeInteger(n)) throw new MoneyError(`fen out of the safe integer range: ${this.fen}`);
    return n;
  }

  toJSON(): string {
    return this.toYuanString();
  }
}

/** A non-negative fen amount ÷ unit (in fen), half-up to two decimals, grouped, trailing zeros dropped: "12.35", "1,000". */
function scaledText(fen: bigint, unit: bigint): string {
  const q = (fen * 100n * 2n + unit) / (unit * 2n);
  const int = (q / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const frac = (q % 100n).toString().padStart(2, "0").replace(/0+$/, "");
  return frac ? `${int}.${frac}` : int;
}

/** n / d rounded half-up (ties away from zero). d > 0. */
function divideHalfUp(n: bigint, d: bigint): bigint {
  const q = n / d;
  const r = n % d;
  if (r === 0n) return q;
  const twice = (r < 0n ? -r : r) * 2n;
  if (twice >= d) return n < 0n ? q - 1n : q + 1n;
  return q;
}

/** "12.50" → "12.5", "12.00" → "12"; text without a decimal point is left as it is. */
function trimDecimalZeros(text: string): string {
  return text.includes(".") ? text.replace(/0+$/, "").replace(/\.$/, "") : text;
}

function formatScaled(value: bigint, places: number): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(places + 1, "0");
  const int = digits.slice(0, digits.length - places);
  const frac = digits.slice(digits.length - places);
  return `${negative ? "-" : ""}${int}${places ? "." + frac : ""}`;
}
