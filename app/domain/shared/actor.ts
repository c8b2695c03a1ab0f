import type { MembershipRole, OrgKind, OrgStatus } from "~/generated/prisma/enums";

/** Who is acting: a signed-in user (through one of their orgs) or an org's API key. */
export type Actor = {
  userId: string | null;
  apiKeyId: string | null;
  orgId: string;
  orgKind: OrgKind;
  orgStatus: OrgStatus;
  /** API keys act with MEMBER rights. */
  role: MembershipRole;
};
