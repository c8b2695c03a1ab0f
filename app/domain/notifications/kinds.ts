/**
 * The kinds of notification a user can receive, grouped as a user thinks of them. E-mail can
 * be turned off per kind (User.emailOptOutKinds); in-app notifications always arrive, so no
 * turn is ever missed. Kinds not listed here (account and sign-up mail) cannot be turned off.
 */
export const EMAIL_OPTIONAL_KINDS = [
  // Pledge financing (SPEC §6): whoever owes the next step.
  "financing.bank-turn",
  "financing.insurer-turn",
  "financing.sme-update",
  "pledge.overdue",
  "pledge.compensated",
  "financing.update",
  // Appraisal market (SPEC §7).
  "appraisal.new-job",
  "appraisal.assigned",
  "appraisal.update",
  // Money.
  "payment.turn",
  "subsidy.award",
  // Transfer and licensing (SPEC §5).
  "deal.inquiry",
  "deal.update",
  "deal.message",
  "deal.overdue",
  // Geographical indications (SPEC §10): the applicant hears every decision, the county its turn.
  "gi.decision",
  "gi.review-turn",
  "gi.spot-check",
  // County indicators (SPEC §9): GOVERNMENT hears when one falls behind, or waits for its statistic.
  "indicators.behind",
  "indicators.entry-due",
  // Matching (SPEC §4).
  "patent.push",
] as const;
export type EmailOptionalKind = (typeof EMAIL_OPTIONAL_KINDS)[number];

export const isEmailOptionalKind = (kind: string): kind is EmailOptionalKind => (EMAIL_OPTIONAL_KINDS as readonly string[]).includes(kind);

/** The opt-out group a notification kind belongs to: deal kinds other than inquiry, message and overdue are "deal.update". */
export function emailKindOf(kind: string): EmailOptionalKind | null {
  if (isEmailOptionalKind(kind)) return kind;
  if (kind.startsWith("deal.")) return "deal.update";
  return null;
}
