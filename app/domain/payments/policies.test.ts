import { describe, expect, it } from "vitest";
import { OrgKind, type PaymentKind } from "~/generated/prisma/enums";
import { matchesWhere } from "../../../test/setup/where-match";
import type { Actor } from "../shared/actor";
import { canOnPayment, PAYMENT_OPERATIONS, paymentsVisibleTo } from "./policies";

/*
 * By hand from SPEC §2 and §6 and issue 13: the payer and the payee see and move a
 * payment; the application's readers (SME, bank, insurer once submitted, GOVERNMENT,
 * PLATFORM) see it; an appraiser sees only the fee it is paid, never the insurer's premium.
 */
type Rel = "applicant" | "bank" | "insurer" | "assigned appraiser" | "unrelated";
const KIND_OF: Partial<Record<Rel, OrgKind>> = { applicant: "SME", bank: "BANK", insurer: "INSURER", "assigned appraiser": "APPRAISER" };
const ORG_OF: Partial<Record<Rel, string>> = { applicant: "sme-1", bank: "bank-1", insurer: "ins-1", "assigned appraiser": "appr-1" };

// payment kind / whether the application was ever submitted → ops
const EXPECTED: Record<string, Partial<Record<`${PaymentKind}/${"submitted" | "never submitted"}`, string>>> = {
  // the SME pays both
  "SME/applicant": { "APPRAISAL_FEE/submitted": "read list act", "PREMIUM/submitted": "read list act", "APPRAISAL_FEE/never submitted": "read list act", "PREMIUM/never submitted": "read list act" },
  "BANK/bank": { "APPRAISAL_FEE/submitted": "read list", "PREMIUM/submitted": "read list" },
  // the insurer is paid the premium
  "INSURER/insurer": { "APPRAISAL_FEE/submitted": "read list", "PREMIUM/submitted": "read list act", "PREMIUM/never submitted": "read list act" },
  // the appraiser is paid the fee, and sees nothing else
  "APPRAISER/assigned appraiser": { "APPRAISAL_FEE/submitted": "read list act", "APPRAISAL_FEE/never submitted": "read list act" },
  "GOVERNMENT/unrelated": { "APPRAISAL_FEE/submitted": "read list", "PREMIUM/submitted": "read list" },
  "PLATFORM/unrelated": { "APPRAISAL_FEE/submitted": "read list", "PREMIUM/submitted": "read list" },
};

function paymentFor(kind: PaymentKind, submitted: boolean) {
  const application = { id: "app-1", smeId: "sme-1", bankId: "bank-1", insurerId: "ins-1", submittedAt: submitted ? new Date("2026-03-01T02:00:00Z") : null, appraisal: { assignedAppraiserId: "appr-1", status: "REPORTED" as const } };
  return { id: `pay-${kind}`, payerId: "sme-1", payeeId: kind === "PREMIUM" ? "ins-1" : "appr-1", application, deal: null };
}

describe("payments access matrix (org kind × relation × payment × operation)", () => {
  const cases = Object.values(OrgKind).flatMap((kind) => (["applicant", "bank", "insurer", "assigned appraiser", "unrelated"] as Rel[]).filter((r) => !KIND_OF[r] || KIND_OF[r] === kind).map((rel) => ({ kind, rel })));
  it.each(cases)("$kind as $rel", ({ kind, rel }) => {
    const actor: Actor = { userId: "u-1", apiKeyId: null, orgId: ORG_OF[rel] ?? `other-${kind}`, orgKind: kind, orgStatus: "ACTIVE", role: "MEMBER" };
    for (const kindOfPayment of ["APPRAISAL_FEE", "PREMIUM"] as const) {
      for (const submitted of [true, false]) {
        const payment = paymentFor(kindOfPayment, submitted);
        const want = new Set((EXPECTED[`${kind}/${rel}`]?.[`${kindOfPayment}/${submitted ? "submitted" : "never submitted"}`] ?? "").split(" ").filter(Boolean));
        for (const op of PAYMENT_OPERATIONS) expect(canOnPayment(actor, payment, op), `${kind} ${rel} ${kindOfPayment} ${submitted} ${op}`).toBe(want.has(op));
        expect(matchesWhere(payment, paymentsVisibleTo(actor)), `${kind} ${rel} ${kindOfPayment} ${submitted} list where`).toBe(want.has("list"));
      }
    }
  });
});

/*
 * By hand from SPEC §2 and issue 14: a deal's upfront fee is seen and moved by the SME that
 * pays it and the holder it is paid to; PLATFORM reads it; the pledgee bank reads it only
 * while its consent is asked; nobody else sees it (GOVERNMENT included).
 */
describe("payments access: a deal's upfront fee", () => {
  const deal = (consent: "PENDING" | "NOT_NEEDED") => ({ smeId: "sme-1", holderId: "uni-1", status: "AGREED" as const, consent, pledgeeBankId: consent === "PENDING" ? "bank-1" : null });
  const payment = (consent: "PENDING" | "NOT_NEEDED") => ({ id: "pay-deal", payerId: "sme-1", payeeId: "uni-1", application: null, deal: deal(consent) });
  const actor = (orgId: string, orgKind: OrgKind): Actor => ({ userId: "u-1", apiKeyId: null, orgId, orgKind, orgStatus: "ACTIVE", role: "MEMBER" });
  it.each([
    { who: "the paying SME", a: actor("sme-1", "SME"), consent: "NOT_NEEDED" as const, want: "read list act" },
    { who: "the holder (payee)", a: actor("uni-1", "UNIVERSITY"), consent: "NOT_NEEDED" as const, want: "read list act" },
    { who: "PLATFORM", a: actor("plat-1", "PLATFORM"), consent: "NOT_NEEDED" as const, want: "read list" },
    { who: "the pledgee bank, consent asked", a: actor("bank-1", "BANK"), consent: "PENDING" as const, want: "read list" },
    { who: "GOVERNMENT", a: actor("gov-1", "GOVERNMENT"), consent: "NOT_NEEDED" as const, want: "" },
    { who: "another SME", a: actor("sme-2", "SME"), consent: "NOT_NEEDED" as const, want: "" },
  ])("$who", ({ a, consent, want }) => {
    const wanted = new Set(want.split(" ").filter(Boolean));
    for (const op of PAYMENT_OPERATIONS) expect(canOnPayment(a, payment(consent), op), op).toBe(wanted.has(op));
    expect(matchesWhere(payment(consent), paymentsVisibleTo(a))).toBe(wanted.has("list"));
  });
});
