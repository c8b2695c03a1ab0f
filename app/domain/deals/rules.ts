import { createHash } from "node:crypto";
import type { DealMode, DealStatus, ListingMode, PledgeStatus, RoyaltyBasis } from "~/generated/prisma/enums";
import { Money, Ratio } from "../shared/money";
import { BINDING_DEAL_STATUSES } from "./deal-machine";

/**
 * The rules of a deal that are not moves of the machine (issue 14 §2, §4, §5, §7): which
 * modes a listing offers, the terms of an open licence, the three rules that protect
 * people, and the agreed terms' fingerprint. Pure.
 */

export const DEAL_MODES = ["ASSIGNMENT", "EXCLUSIVE", "SOLE", "NON_EXCLUSIVE", "OPEN"] as const satisfies readonly DealMode[];

export const DEAL_MODE_NAMES: Record<DealMode, string> = {
  ASSIGNMENT: "转让",
  EXCLUSIVE: "独占许可",
  SOLE: "排他许可",
  NON_EXCLUSIVE: "普通许可",
  OPEN: "开放许可",
};

/**
 * The modes a listing offers. Each listing offers its own mode; an open licence also lets
 * the parties negotiate an ordinary licence (Patent Law art. 51 ¶3: never an exclusive or
 * sole one while the open licence is declared).
 */
export function offeredModes(listingMode: ListingMode | null): DealMode[] {
  switch (listingMode) {
    case null:
      return [];
    case "OPEN_LICENCE":
      return ["OPEN", "NON_EXCLUSIVE"];
    default:
      return [listingMode];
  }
}

/** Modes reached through offers (an open licence is taken at its declared terms, never negotiated). */
export function negotiableModes(listingMode: ListingMode | null): DealMode[] {
  return offeredModes(listingMode).filter((m) => m !== "OPEN");
}

/** Modes that exclude others from the patent: at most one may bind it at a time. */
export const EXCLUSIVE_MODES: readonly DealMode[] = ["ASSIGNMENT", "EXCLUSIVE", "SOLE"];
/** Licences that leave no room for another licensee (an assignment leaves licences in force). */
const LICENCE_EXCLUDING_MODES: readonly DealMode[] = ["EXCLUSIVE", "SOLE"];

export type OtherDeal = { id: string; mode: DealMode; status: DealStatus };

/**
 * Rule 1: an exclusive, sole or assignment deal cannot be agreed while another of those
 * binds the patent (agreed or later, not ended); nor can any licence be agreed while an
 * exclusive or sole licence binds it. Returns the deal in the way, or null.
 */
export function exclusivityConflict(mode: DealMode, others: readonly OtherDeal[]): OtherDeal | null {
  const binding = others.filter((d) => (BINDING_DEAL_STATUSES as readonly DealStatus[]).includes(d.status));
  const blocking = EXCLUSIVE_MODES.includes(mode) ? EXCLUSIVE_MODES : LICENCE_EXCLUDING_MODES;
  return binding.find((d) => blocking.includes(d.mode)) ?? null;
}

/**
 * Rule 2 (Civil Code art. 444): from registration until the pledge ends, the pledged patent
 * is not assigned or licensed without the pledgee's consent. SETTLED cancels the
 * registration and CLOSED ends the case, so neither needs consent.
 */
export const PLEDGE_IN_FORCE: readonly PledgeStatus[] = ["REGISTERED", "DISBURSED", "REPAYING", "DEFAULTED", "COMPENSATED"];

export function pledgeNeedingConsent<P extends { status: PledgeStatus }>(pledges: readonly P[]): P | null {
  return pledges.find((p) => PLEDGE_IN_FORCE.includes(p.status)) ?? null;
}

/** Rule 3 happens at RECORDED on an assignment: the patent changes hands and its other open deals end. */
export function transfersThePatent(mode: DealMode): boolean {
  return mode === "ASSIGNMENT";
}

export const DEFAULT_TERRITORY = "中国大陆";

/** Terms of an offer, or the agreed terms. `royaltyRate` is an exact decimal string in [0, 1). */
export type DealTerms = {
  mode: DealMode;
  upfront: Money;
  royaltyRate: string | null;
  royaltyBasis: RoyaltyBasis | null;
  /** null: until the patent expires. */
  termMonths: number | null;
  territory: string;
};

/**
 * An open licence's declared terms (SPEC §3): the listing's upfront fee and royalty, no
 * term of its own (until the patent expires), mainland China.
 */
export function openLicenceTerms(listing: { askingPriceFen: bigint | null; royaltyPercent: string | null; royaltyBasis: RoyaltyBasis | null }): DealTerms {
  // A royalty of 0 % is no royalty, as an offer's rate of 0 is (schemas.ts): one form for equal terms.
  const rate = listing.royaltyPercent === null ? null : percentToRate(listing.royaltyPercent);
  const royaltyRate = rate === "0" ? null : rate;
  return {
    mode: "OPEN",
    upfront: Money.fromFen(listing.askingPriceFen ?? 0n),
    royaltyRate,
    royaltyBasis: royaltyRate === null ? null : (listing.royaltyBasis ?? "NET_SALES"),
    termMonths: null,
    territory: DEFAULT_TERRITORY,
  };
}

/** "3.50" (percent) → "0.035" (rate), exactly. */
export function percentToRate(percent: string): string {
  const rate = Ratio.parse(percent).times(Ratio.of(1, 100));
  return rate.compare(Ratio.of(0)) === 0 ? "0" : trimRate(rate.toDecimalString(6));
}

function trimRate(text: string): string {
  return text.includes(".") ? text.replace(/0+$/, "").replace(/\.$/, "") : text;
}

/** A rate for people: "0.035" → "3.5%". */
export function formatRate(rate: string | null): string {
  if (rate === null) return "无";
  return `${trimRate(Ratio.parse(rate).times(Ratio.of(100)).toDecimalString(4))}%`;
}

/** What the contract states and its SHA-256 fingerprint fixes (issue 14 §7). */
export type ContractFacts = {
  dealId: string;
  patent: { applicationNumber: string | null; title: string };
  licensor: { name: string; uscc: string };
  licensee: { name: string; uscc: string };
  terms: DealTerms;
};

/**
 * The agreed terms in one canonical form (fixed key order, yuan with two decimals), so the
 * fingerprint is the same wherever it is computed and changes with any term.
 */
export function canonicalTerms(facts: ContractFacts): string {
  const t = facts.terms;
  return JSON.stringify([
    ["deal", facts.dealId],
    ["patent", facts.patent.applicationNumber ?? "", facts.patent.title],
    ["licensor", facts.licensor.uscc, facts.licensor.name],
    ["licensee", facts.licensee.uscc, facts.licensee.name],
    ["mode", t.mode],
    ["upfront", t.upfront.toYuanString()],
    // The rate's value, not how it was typed ("0.0350" and "0.035" are the same term).
    ["royalty", t.royaltyRate === null ? "" : trimRate(Ratio.parse(t.royaltyRate).toDecimalString(0)), t.royaltyBasis ?? ""],
    ["termMonths", t.termMonths ?? ""],
    ["territory", t.territory],
  ]);
}

export function termsHash(facts: ContractFacts): string {
  return createHash("sha256").update(canonicalTerms(facts), "utf8").digest("hex");
}

/** The written notice (书面通知) an open licensee sends the holder (Patent Law art. 51). */
export function openLicenceNotice(facts: ContractFacts, on: string): string {
  const t = facts.terms;
  const royalty = t.royaltyRate === null ? "无" : `${formatRate(t.royaltyRate)}（按${t.royaltyBasis === "PROFIT" ? "利润" : "净销售额"}计）`;
  return [
    `致 ${facts.licensor.name}（统一社会信用代码 ${facts.licensor.uscc}）：`,
    `根据《中华人民共和国专利法》第五十条、第五十一条，${facts.licensee.name}（统一社会信用代码 ${facts.licensee.uscc}）` +
      `现以书面方式通知贵方，自 ${on} 起按贵方声明的开放许可条件实施专利“${facts.patent.title}”（申请号 ${facts.patent.applicationNumber ?? "—"}）。`,
    `许可方式：开放许可（普通许可，非独占、非排他）；入门费：${t.upfront.format()}；提成费率：${royalty}；地域：${t.territory}；期限：至专利权有效期届满。`,
    `本通知由知产桥平台生成并留存，交易编号 ${facts.dealId}。`,
  ].join("\n");
}
