import { z } from "zod";
import { db } from "~/utils/db.server";
import type { Actor } from "../shared/actor";
import { recordAudit } from "../shared/audit.server";
import { validation } from "../shared/errors";
import { toHalfWidth } from "../patents/text";
import { assertCan } from "./policies";

/**
 * Where the treasury pays an org's subsidies (issue 19): its bank (开户银行) and account
 * number (银行账号). Kept apart from the public profile: only the org itself reads and
 * changes it (its OWNER), and the county's payment batch prints it next to each award.
 */
export type SettlementAccount = { bank: string | null; account: string | null };

export const settlementAccountSchema = z
  .object({
    bank: z.string().trim().max(60, { error: "开户银行最多 60 个字" }),
    account: z
      .string()
      .transform((v) => toHalfWidth(v).replace(/[\s-]/g, ""))
      .refine((v) => v === "" || /^\d{6,32}$/.test(v), { error: "银行账号应为 6–32 位数字（可含空格）" }),
  })
  .refine((v) => (v.bank === "") === (v.account === ""), { error: "开户银行和银行账号请一起填写（或一起留空）", path: ["account"] });

export async function getSettlementAccount(actor: Actor): Promise<SettlementAccount> {
  const org = await db.organization.findUniqueOrThrow({ where: { id: actor.orgId }, select: { settlementBank: true, settlementAccount: true } });
  return { bank: org.settlementBank, account: org.settlementAccount };
}

export async function setSettlementAccount(actor: Actor, raw: unknown): Promise<SettlementAccount> {
  assertCan(actor, "org.update", { orgId: actor.orgId });
  const parsed = settlementAccountSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const errors: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) (errors[String(issue.path[0] ?? "account")] ??= []).push(issue.message);
    throw validation(errors);
  }
  const bank = parsed.data.bank || null;
  const account = parsed.data.account || null;
  return db.$transaction(async (tx) => {
    await tx.organization.update({ where: { id: actor.orgId }, data: { settlementBank: bank, settlementAccount: account, version: { increment: 1 } } });
    // The number itself stays out of the audit trail: its last four digits say which it was.
    await recordAudit(tx, actor, { entityType: "Organization", entityId: actor.orgId, action: "org.settlement-account", orgId: actor.orgId, data: { bank, accountEnding: account ? account.slice(-4) : null } });
    return { bank, account };
  });
}
