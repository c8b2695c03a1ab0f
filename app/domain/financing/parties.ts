import type { PledgeStatus } from "~/generated/prisma/enums";
import { isSystemActor, type Actor } from "../shared/actor";
import type { PledgeParty } from "./pledge-machine";

type Parties = { smeId: string; bankId: string; insurerId: string; status: PledgeStatus };

/**
 * The caller's part in an application (SPEC §2): its SME always; the chosen bank and
 * insurer once it is submitted (a draft is the SME's alone); the platform itself.
 */
export function partyOf(actor: Actor, app: Parties): PledgeParty | null {
  if (isSystemActor(actor)) return "SYSTEM";
  if (actor.orgId === app.smeId) return "SME";
  if (app.status === "DRAFT") return null;
  if (actor.orgId === app.bankId) return "BANK";
  if (actor.orgId === app.insurerId) return "INSURER";
  return null;
}

/** GOVERNMENT and platform staff read every application and appraisal job (read-only, SPEC §2). */
export function readsAllFinancing(actor: Actor): boolean {
  return actor.orgStatus === "ACTIVE" && (actor.orgKind === "GOVERNMENT" || actor.orgKind === "PLATFORM");
}

/** Who may read an application: its parties, and GOVERNMENT and platform staff (read-only). */
export function canReadApplication(actor: Actor, app: Parties): boolean {
  return partyOf(actor, app) !== null || readsAllFinancing(actor);
}

/** The county government (an active GOVERNMENT org) sets policies, budgets and the risk fund, and marks subsidies paid (SPEC §2). */
export function governsFinancing(actor: Actor): boolean {
  return actor.orgKind === "GOVERNMENT" && actor.orgStatus === "ACTIVE";
}
