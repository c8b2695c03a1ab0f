import { randomInt } from "node:crypto";
import type { Actor } from "~/domain/shared/actor";
import { withCheckDigit } from "~/domain/patents/application-number";
import { patentInputSchema, type PatentInput } from "~/domain/patents/schemas";
import type { OrgKind } from "~/generated/prisma/enums";
import { createUser } from "./index";

/** A signed-in person's actor in a new ACTIVE org of `kind` (OWNER unless told otherwise). */
export async function actorOf(kind: OrgKind, role: "OWNER" | "MEMBER" = "OWNER"): Promise<Actor & { userId: string }> {
  const { user, orgId } = await createUser({ kind, role });
  return { userId: user.id, apiKeyId: null, orgId, orgKind: kind, orgStatus: "ACTIVE", role };
}

/** A fresh, valid invention application number (year 2020, random serial). */
export function randomApplicationNumber(type: 1 | 2 | 3 = 1): string {
  return withCheckDigit(`2020${type}${String(randomInt(0, 10_000_000)).padStart(7, "0")}`);
}

/** A valid patent as the schema outputs it; `over` is raw input (strings as a form sends them). */
export function patentInput(over: Record<string, unknown> = {}): PatentInput {
  return patentInputSchema.parse({
    applicationNumber: randomApplicationNumber(),
    title: "一种黑木耳多糖的低温提取方法",
    abstract: "本发明公开了一种黑木耳多糖的低温提取方法，提高多糖得率并保持其活性。",
    claims: "1. 一种黑木耳多糖的低温提取方法，其特征在于……",
    mainIpc: "A23L 31/00",
    inventors: "张三;李四",
    filingDate: "2020-03-01",
    grantDate: "2022-05-10",
    clusters: ["木耳深加工"],
    listingMode: "NON_EXCLUSIVE",
    askingPrice: "300000.00",
    ...over,
  });
}
