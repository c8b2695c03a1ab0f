import { randomBytes } from "node:crypto";
import { hashPassword } from "~/domain/identity/passwords.server";
import type { MembershipRole, OrgKind, OrgStatus } from "~/generated/prisma/enums";
import { randomUscc } from "./uscc";
import { db } from "~/utils/db.server";

export async function createOrg(over: { kind?: OrgKind; status?: OrgStatus; name?: string } = {}) {
  return db.organization.create({
    data: {
      name: over.name ?? `测试机构-${randomBytes(3).toString("hex")}`,
      kind: over.kind ?? "SME",
      status: over.status ?? "ACTIVE",
      uscc: randomUscc(),
      county: "柞水县",
      clusters: [],
    },
  });
}

export const TEST_PASSWORD = "Correct-Horse-9";

export async function createUser(over: { orgId?: string; role?: MembershipRole; email?: string; name?: string; password?: string; kind?: OrgKind; status?: OrgStatus } = {}) {
  const orgId = over.orgId ?? (await createOrg({ kind: over.kind, status: over.status })).id;
  const user = await db.user.create({
    data: {
      email: over.email ?? `u-${randomBytes(4).toString("hex")}@example.test`,
      name: over.name ?? "测试用户",
      passwordHash: await hashPassword(over.password ?? TEST_PASSWORD),
      memberships: { create: { orgId, role: over.role ?? "OWNER" } },
    },
  });
  return { user, orgId, password: over.password ?? TEST_PASSWORD };
}

export { randomUscc };
