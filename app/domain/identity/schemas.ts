import { z } from "zod";
import { INT32_MAX, text, verbatimText } from "~/domain/shared/text";
import { OrgKind, OrgStatus, MembershipRole } from "~/generated/prisma/enums";
import { county, isCountyCluster, isCountyTown } from "./county";
import { checkUscc } from "./uscc";

/**
 * Input schemas of the identity context, shared by the forms (Conform validates with
 * them in the browser) and the use cases. Error messages are i18n keys from
 * app/utils/messages/identity.ts; text that is not a key (checkUscc's reasons) is shown
 * as is, because `translate` falls back to the key itself.
 */

export const PASSWORD_MIN = 10;
// argon2 hashes whatever it is given; a cap keeps a megabyte "password" from costing CPU.
export const PASSWORD_MAX = 128;
export const REASON_MAX = 500;

/** Kinds anyone may register; PLATFORM orgs are created by the operator (CLI, seed). */
export const SIGNUP_KINDS = [
  OrgKind.SME,
  OrgKind.UNIVERSITY,
  OrgKind.RESEARCH_INSTITUTE,
  OrgKind.SOE,
  OrgKind.BANK,
  OrgKind.INSURER,
  OrgKind.APPRAISER,
  OrgKind.GOVERNMENT,
] as const;
export type SignupKind = (typeof SIGNUP_KINDS)[number];

const required = (key: string) => ({ error: key });

export const emailSchema = text(required("identity.v.emailRequired"))
  .trim()
  .toLowerCase()
  .max(254, "identity.v.emailInvalid")
  .pipe(z.email("identity.v.emailInvalid"));

const personName = text(required("identity.v.nameRequired")).trim().min(1, "identity.v.nameRequired").max(50, "identity.v.nameTooLong");

export const newPasswordSchema = verbatimText(required("identity.v.passwordRequired"))
  .min(PASSWORD_MIN, "identity.v.passwordTooShort")
  .max(PASSWORD_MAX, "identity.v.passwordTooLong");

export const usccSchema = text(required("identity.v.usccRequired"))
  .transform((value, ctx) => {
    const result = checkUscc(value);
    if (result.ok) return result.value;
    ctx.addIssue({ code: "custom", message: result.reason });
    return z.NEVER;
  });

export const signUpSchema = z.object({
  name: personName,
  email: emailSchema,
  password: newPasswordSchema,
  orgName: text(required("identity.v.orgNameRequired")).trim().min(2, "identity.v.orgNameTooShort").max(100, "identity.v.orgNameTooLong"),
  orgKind: z.enum(SIGNUP_KINDS, required("identity.v.orgKindRequired")),
  uscc: usccSchema,
  town: text(required("identity.v.townRequired")).refine(isCountyTown, "identity.v.townInvalid"),
  clusters: z
    .array(text().refine(isCountyCluster, "identity.v.clusterInvalid"))
    .max(county.clusters.length)
    .default([])
    .transform((list) => [...new Set(list)]),
});
export type SignUpInput = z.output<typeof signUpSchema>;

export const logInSchema = z.object({
  email: emailSchema,
  // Not the new-password rules: old accounts and the generic error must not leak policy.
  password: verbatimText(required("identity.v.passwordRequired")).max(PASSWORD_MAX, "identity.v.passwordTooLong"),
  redirectTo: text().optional(),
});
export type LogInInput = z.output<typeof logInSchema>;

export const inviteMemberSchema = z.object({
  email: emailSchema,
  role: z.enum(MembershipRole, required("identity.v.roleRequired")).default(MembershipRole.MEMBER),
});
export type InviteMemberInput = z.output<typeof inviteMemberSchema>;

/** Accepting an invitation: join with the signed-in account, or create one. */
export const acceptInvitationSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("join") }),
  z.object({ intent: z.literal("register"), name: personName, password: newPasswordSchema }),
]);
export type AcceptInvitationInput = z.output<typeof acceptInvitationSchema>;

export const setLocaleSchema = z.object({
  locale: z.enum(["zh-CN", "en"]),
  redirectTo: text().optional(),
});

/** Platform review of an organization. `version` is the one the reviewer saw. */
export const reviewOrgSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("activate"),
    orgId: text().min(1),
    version: z.coerce.number().int().max(INT32_MAX).min(1),
    reason: text().trim().max(REASON_MAX, "identity.v.reasonTooLong").optional(),
  }),
  z.object({
    intent: z.literal("suspend"),
    orgId: text().min(1),
    version: z.coerce.number().int().max(INT32_MAX).min(1),
    reason: text(required("identity.v.reasonRequired")).trim().min(2, "identity.v.reasonRequired").max(REASON_MAX, "identity.v.reasonTooLong"),
  }),
]);
export type ReviewOrgInput = z.output<typeof reviewOrgSchema>;

export const ORG_PAGE_SIZE = 20;

/** /admin/orgs?status=&q=&page= — lenient: a bad value falls back to the default. */
export const orgListQuerySchema = z.object({
  status: z.enum(OrgStatus).optional().catch(undefined),
  q: text().trim().max(100).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).default(1).catch(1),
});
export type OrgListQuery = z.output<typeof orgListQuerySchema>;
