/**
 * Shape of one demo patent (fictional, CNIPA style) held by a demo organization.
 * Pure data: the seed maps it onto PatentInput. Application numbers carry a correct
 * check digit and their 5th digit agrees with `type`.
 */
export type HighValueFlag = "STRATEGIC_EMERGING" | "OVERSEAS_FAMILY" | "MAINTAINED_OVER_10Y" | "PLEDGE_FINANCED" | "NATIONAL_AWARD";

export type DemoListing = {
  mode: "ASSIGNMENT" | "EXCLUSIVE" | "SOLE" | "NON_EXCLUSIVE" | "OPEN_LICENCE";
  /** Yuan, two decimals, "350000.00"; 20,000–3,000,000. */
  askingPrice: string | null;
  /** Percent, e.g. "3.5". */
  royaltyPercent: string | null;
  /** Set whenever royaltyPercent is set. */
  royaltyBasis: "NET_SALES" | "PROFIT" | null;
  negotiable: boolean;
  /** 专利权评价报告编号, e.g. "PJ2023610000123"; required for OPEN_LICENCE of a utility model or design. */
  evaluationReportNo: string | null;
};

export type DemoPatent = {
  /** "CN" + 12 digits + "." + check digit. */
  applicationNumber: string;
  /** Fictional: "CN114123456A" (invention), "CN215123456U" (utility model), "CN306123456S" (design). */
  publicationNumber: string;
  /** Agrees with the 5th digit of the application number: 1 invention, 2 utility model, 3 design. */
  type: "INVENTION" | "UTILITY_MODEL" | "DESIGN";
  title: string;
  /** 120–220 Chinese characters. */
  abstract: string;
  /** 2–3 short claims. */
  claims: string;
  /** Normalized like "A23L31/00"; "" for designs. */
  mainIpc: string;
  /** 1–3 codes, mainIpc first; [] for designs. */
  ipc: string[];
  inventors: string[];
  /** "YYYY-MM-DD", same year as digits 1–4 of the application number. */
  filingDate: string;
  /** null when PENDING. */
  grantDate: string | null;
  legalStatus: "PENDING" | "VALID" | "LAPSED";
  clusters: string[];
  /** MAINTAINED_OVER_10Y only if filed before 2016. */
  highValueFlags: HighValueFlag[];
  /** 3–9. */
  trl: number;
  advantage: string;
  targetApplication: string;
  /**
   * The listing terms; null only for LAPSED patents, which the catalog refuses to list
   * (rules.ts checkListable: only PENDING and VALID patents can be transferred or licensed).
   */
  listing: DemoListing | null;
};
