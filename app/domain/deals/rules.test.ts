import { describe, expect, it } from "vitest";
import { ListingMode, PledgeStatus, type DealMode, type DealStatus } from "~/generated/prisma/enums";
import { Money } from "../shared/money";
import {
  canonicalTerms,
  DEAL_MODE_NAMES,
  DEAL_MODES,
  DEFAULT_TERRITORY,
  exclusivityConflict,
  formatRate,
  negotiableModes,
  offeredModes,
  openLicenceNotice,
  openLicenceTerms,
  percentToRate,
  pledgeNeedingConsent,
  termsHash,
  transfersThePatent,
  type ContractFacts,
} from "./rules";

const STATUSES: DealStatus[] = ["INQUIRY", "NEGOTIATING", "AGREED", "PAID", "RECORDED", "CONVERTED", "DECLINED", "CANCELLED"];

describe("rule 1: exclusivity (issue 14 §5)", () => {
  /*
   * By hand: a deal binds the patent from AGREED on until it ends (AGREED, PAID, RECORDED,
   * CONVERTED; never DECLINED or CANCELLED, never before agreement). An exclusive, sole or
   * assignment deal cannot be agreed while another exclusive, sole or assignment deal binds
   * the patent (the rule); an ordinary or open licence cannot be agreed while an
   * exclusive or sole licence binds it (nobody else may be licensed then), but may be
   * while an assignment does (licences survive an assignment).
   */
  const BINDS = new Set<DealStatus>(["AGREED", "PAID", "RECORDED", "CONVERTED"]);
  const BLOCKED_BY: Record<DealMode, DealMode[]> = {
    ASSIGNMENT: ["ASSIGNMENT", "EXCLUSIVE", "SOLE"],
    EXCLUSIVE: ["ASSIGNMENT", "EXCLUSIVE", "SOLE"],
    SOLE: ["ASSIGNMENT", "EXCLUSIVE", "SOLE"],
    NON_EXCLUSIVE: ["EXCLUSIVE", "SOLE"],
    OPEN: ["EXCLUSIVE", "SOLE"],
  };

  it("refuses exactly when another deal in a blocking mode binds the patent (mode × other mode × other status)", () => {
    let refused = 0;
    for (const mode of DEAL_MODES) {
      for (const otherMode of DEAL_MODES) {
        for (const status of STATUSES) {
          const other = { id: "other", mode: otherMode, status };
          const want = BINDS.has(status) && BLOCKED_BY[mode].includes(otherMode);
          expect(exclusivityConflict(mode, [other]), `${mode} against ${otherMode} ${status}`).toEqual(want ? other : null);
          if (want) refused++;
        }
      }
    }
    expect(refused).toBe(3 * 3 * 4 + 2 * 2 * 4);
  });

  it("the issue's cases: EXCLUSIVE or SOLE against an agreed-or-later EXCLUSIVE/SOLE/ASSIGNMENT, not against an ended one", () => {
    for (const mode of ["EXCLUSIVE", "SOLE"] as const) {
      for (const other of ["EXCLUSIVE", "SOLE", "ASSIGNMENT"] as const) {
        expect(exclusivityConflict(mode, [{ id: "x", mode: other, status: "AGREED" }])?.id).toBe("x");
        expect(exclusivityConflict(mode, [{ id: "x", mode: other, status: "CONVERTED" }])?.id).toBe("x");
        expect(exclusivityConflict(mode, [{ id: "x", mode: other, status: "CANCELLED" }])).toBeNull();
        expect(exclusivityConflict(mode, [{ id: "x", mode: other, status: "NEGOTIATING" }])).toBeNull();
      }
    }
  });

  it("finds the blocking deal among many, and none in an empty list", () => {
    const others = [
      { id: "a", mode: "NON_EXCLUSIVE" as const, status: "RECORDED" as const },
      { id: "b", mode: "EXCLUSIVE" as const, status: "CANCELLED" as const },
      { id: "c", mode: "SOLE" as const, status: "PAID" as const },
    ];
    expect(exclusivityConflict("EXCLUSIVE", others)?.id).toBe("c");
    expect(exclusivityConflict("NON_EXCLUSIVE", others)?.id).toBe("c");
    expect(exclusivityConflict("EXCLUSIVE", [])).toBeNull();
    // Several ordinary licences coexist.
    expect(exclusivityConflict("NON_EXCLUSIVE", [others[0]])).toBeNull();
  });
});

describe("rule 2: a pledged patent needs the pledgee's consent (Civil Code art. 444)", () => {
  // By hand from SPEC §6 and the issue: from REGISTERED until the pledge ends. SETTLED cancels the
  // registration, CLOSED ends the case; before REGISTERED (and REJECTED/DECLINED/WITHDRAWN) there is no pledge.
  const IN_FORCE = new Set<string>(["REGISTERED", "DISBURSED", "REPAYING", "DEFAULTED", "COMPENSATED"]);

  it.each(Object.values(PledgeStatus))("%s", (status) => {
    const pledge = { applicationId: "app-1", bankId: "bank-1", status };
    expect(pledgeNeedingConsent([pledge])).toEqual(IN_FORCE.has(status) ? pledge : null);
  });

  it("finds the pledge in force among ended ones, and none in an empty list", () => {
    const pledges = [
      { applicationId: "old", bankId: "b0", status: "SETTLED" as const },
      { applicationId: "live", bankId: "b1", status: "REPAYING" as const },
    ];
    expect(pledgeNeedingConsent(pledges)?.applicationId).toBe("live");
    expect(pledgeNeedingConsent([])).toBeNull();
  });
});

describe("rule 3: only a recorded assignment moves the patent", () => {
  it.each(DEAL_MODES)("%s", (mode) => {
    expect(transfersThePatent(mode)).toBe(mode === "ASSIGNMENT");
  });
});

describe("modes a listing offers (issue 14 §2, §4)", () => {
  // By hand: each listing its own mode; an open licence is taken at once (OPEN) or an ordinary licence is negotiated.
  const OFFERED: Record<ListingMode, DealMode[]> = {
    ASSIGNMENT: ["ASSIGNMENT"],
    EXCLUSIVE: ["EXCLUSIVE"],
    SOLE: ["SOLE"],
    NON_EXCLUSIVE: ["NON_EXCLUSIVE"],
    OPEN_LICENCE: ["OPEN", "NON_EXCLUSIVE"],
  };

  it.each(Object.values(ListingMode))("%s", (listing) => {
    expect([...offeredModes(listing)].sort()).toEqual([...OFFERED[listing]].sort());
    expect([...negotiableModes(listing)].sort()).toEqual(OFFERED[listing].filter((m) => m !== "OPEN").sort());
  });

  it("an unlisted patent offers nothing; an open licence is never exclusive or sole", () => {
    expect(offeredModes(null)).toEqual([]);
    expect(negotiableModes(null)).toEqual([]);
    expect(offeredModes("OPEN_LICENCE")).not.toContain("EXCLUSIVE");
    expect(offeredModes("OPEN_LICENCE")).not.toContain("SOLE");
  });

  it("names every mode in Chinese", () => {
    expect(DEAL_MODE_NAMES).toEqual({ ASSIGNMENT: "转让", EXCLUSIVE: "独占许可", SOLE: "排他许可", NON_EXCLUSIVE: "普通许可", OPEN: "开放许可" });
  });
});

describe("open licence terms (SPEC §3, issue 14 §4)", () => {
  it("takes the listing's fee and royalty exactly, no term, mainland China", () => {
    const t = openLicenceTerms({ askingPriceFen: 5_000_000n, royaltyPercent: "3.50", royaltyBasis: null });
    expect(t).toEqual({ mode: "OPEN", upfront: Money.fromFen(5_000_000n), royaltyRate: "0.035", royaltyBasis: "NET_SALES", termMonths: null, territory: "中国大陆" });
    expect(DEFAULT_TERRITORY).toBe("中国大陆");
    expect(openLicenceTerms({ askingPriceFen: null, royaltyPercent: "5", royaltyBasis: "PROFIT" })).toMatchObject({ upfront: Money.zero, royaltyRate: "0.05", royaltyBasis: "PROFIT" });
    expect(openLicenceTerms({ askingPriceFen: 100n, royaltyPercent: null, royaltyBasis: "PROFIT" })).toMatchObject({ royaltyRate: null, royaltyBasis: null });
  });

  it("a royalty of 0 % is no royalty, as an offer of rate 0 is", () => {
    expect(openLicenceTerms({ askingPriceFen: 100n, royaltyPercent: "0.00", royaltyBasis: "NET_SALES" })).toMatchObject({ royaltyRate: null, royaltyBasis: null });
  });

  it.each([
    ["3.50", "0.035"],
    ["3.5", "0.035"],
    ["10", "0.1"],
    ["10.00", "0.1"],
    ["0.01", "0.0001"],
    ["12.25", "0.1225"],
    ["99.99", "0.9999"],
    ["0.05", "0.0005"],
    ["1", "0.01"],
  ])("percent %s → rate %s, exactly", (percent, rate) => {
    expect(percentToRate(percent)).toBe(rate);
  });

  it("formats a rate for people", () => {
    expect(formatRate("0.035")).toBe("3.5%");
    expect(formatRate("0.1")).toBe("10%");
    expect(formatRate("0.1225")).toBe("12.25%");
    expect(formatRate(null)).toBe("无");
  });
});

describe("the agreed terms' fingerprint (issue 14 §7)", () => {
  const facts: ContractFacts = {
    dealId: "deal-1",
    patent: { applicationNumber: "2020100000001", title: "一种黑木耳多糖的低温提取方法" },
    licensor: { name: "西北农林大学", uscc: "12100000400000624D" },
    licensee: { name: "柞水木耳食品有限公司", uscc: "91611026MA6YXXXX0X" },
    terms: { mode: "NON_EXCLUSIVE", upfront: Money.parseYuan("50000.00"), royaltyRate: "0.035", royaltyBasis: "NET_SALES", termMonths: 36, territory: "中国大陆" },
  };

  it("is a SHA-256 in hex, the same every time and whatever order the facts were written in", () => {
    const h = termsHash(facts);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(termsHash({ ...facts, patent: { ...facts.patent }, terms: { ...facts.terms } })).toBe(h);
    const reordered: ContractFacts = {
      terms: { territory: "中国大陆", termMonths: 36, royaltyBasis: "NET_SALES", royaltyRate: "0.035", upfront: Money.fromFen(5_000_000n), mode: "NON_EXCLUSIVE" },
      licensee: { uscc: facts.licensee.uscc, name: facts.licensee.name },
      licensor: { uscc: facts.licensor.uscc, name: facts.licensor.name },
      patent: { title: facts.patent.title, applicationNumber: facts.patent.applicationNumber },
      dealId: "deal-1",
    };
    expect(termsHash(reordered)).toBe(h);
    expect(canonicalTerms(reordered)).toBe(canonicalTerms(facts));
  });

  it("does not change with how an equal rate is written", () => {
    expect(termsHash({ ...facts, terms: { ...facts.terms, royaltyRate: "0.0350" } })).toBe(termsHash(facts));
  });

  it("changes with every term, party and the deal", () => {
    const variants: [string, ContractFacts][] = [
      ["deal", { ...facts, dealId: "deal-2" }],
      ["application number", { ...facts, patent: { ...facts.patent, applicationNumber: "2020100000002" } }],
      ["title", { ...facts, patent: { ...facts.patent, title: "一种木耳烘干装置" } }],
      ["licensor name", { ...facts, licensor: { ...facts.licensor, name: "另一大学" } }],
      ["licensor USCC", { ...facts, licensor: { ...facts.licensor, uscc: "12100000400000625B" } }],
      ["licensee name", { ...facts, licensee: { ...facts.licensee, name: "另一企业" } }],
      ["licensee USCC", { ...facts, licensee: { ...facts.licensee, uscc: "91611026MA6YXXXX1X" } }],
      ["mode", { ...facts, terms: { ...facts.terms, mode: "EXCLUSIVE" } }],
      ["upfront by one fen", { ...facts, terms: { ...facts.terms, upfront: Money.parseYuan("50000.01") } }],
      ["royalty rate", { ...facts, terms: { ...facts.terms, royaltyRate: "0.036" } }],
      ["no royalty", { ...facts, terms: { ...facts.terms, royaltyRate: null, royaltyBasis: null } }],
      ["royalty basis", { ...facts, terms: { ...facts.terms, royaltyBasis: "PROFIT" } }],
      ["term", { ...facts, terms: { ...facts.terms, termMonths: 37 } }],
      ["no term", { ...facts, terms: { ...facts.terms, termMonths: null } }],
      ["territory", { ...facts, terms: { ...facts.terms, territory: "陕西省" } }],
    ];
    const hashes = new Set([termsHash(facts)]);
    for (const [what, v] of variants) {
      const h = termsHash(v);
      expect(hashes.has(h), what).toBe(false);
      hashes.add(h);
    }
  });

  it("is not fooled by a value that moves between fields", () => {
    const a: ContractFacts = { ...facts, licensor: { name: "甲", uscc: "乙" } };
    const b: ContractFacts = { ...facts, licensor: { name: "乙", uscc: "甲" } };
    expect(termsHash(a)).not.toBe(termsHash(b));
  });
});

describe("the open licence's written notice (书面通知)", () => {
  it("names both parties with their USCC, the patent, the declared terms, the date and the deal", () => {
    const terms = openLicenceTerms({ askingPriceFen: 5_000_000n, royaltyPercent: "3.50", royaltyBasis: "NET_SALES" });
    const text = openLicenceNotice(
      { dealId: "deal-9", patent: { applicationNumber: "2020100000001", title: "一种黑木耳多糖的低温提取方法" }, licensor: { name: "西北农林大学", uscc: "12100000400000624D" }, licensee: { name: "柞水木耳食品有限公司", uscc: "91611026MA6YXXXX0X" }, terms },
      "2026-12-04",
    );
    for (const part of ["致 西北农林大学（统一社会信用代码 12100000400000624D）", "柞水木耳食品有限公司（统一社会信用代码 91611026MA6YXXXX0X）", "自 2026-12-04 起", "“一种黑木耳多糖的低温提取方法”（申请号 2020100000001）", "开放许可（普通许可，非独占、非排他）", "提成费率：3.5%（按净销售额计）", "地域：中国大陆", "至专利权有效期届满", "交易编号 deal-9"]) {
      expect(text).toContain(part);
    }
    expect(text).toContain(Money.fromFen(5_000_000n).format());
    expect(text).not.toMatch(/NET_SALES|OPEN|null|undefined/);
  });
});
