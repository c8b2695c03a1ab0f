import type { OrgStatus } from "~/generated/prisma/enums";
import type { Actor } from "../shared/actor";
import { can, type Action } from "./policies";

/**
 * The organization review state machine as data. Who may fire a transition is the
 * permissions table's business (`action`); this table says which transitions exist and
 * what each one needs. Nothing else compares org status strings to decide a transition.
 *
 *   PENDING ──activate──▶ ACTIVE ──suspend──▶ SUSPENDED ──activate──▶ ACTIVE
 *      └────────suspend (驳回, with reason)────────▲
 */
export type OrgTransitionName = "activate" | "suspend";

export type OrgTransition = {
  name: OrgTransitionName;
  from: OrgStatus;
  to: OrgStatus;
  action: Extract<Action, "org.activate" | "org.suspend">;
  reasonRequired: boolean;
  /** Audit action name. */
  audit: string;
};

export const orgTransitions: readonly OrgTransition[] = [
  { name: "activate", from: "PENDING", to: "ACTIVE", action: "org.activate", reasonRequired: false, audit: "org.activated" },
  { name: "activate", from: "SUSPENDED", to: "ACTIVE", action: "org.activate", reasonRequired: false, audit: "org.reactivated" },
  { name: "suspend", from: "PENDING", to: "SUSPENDED", action: "org.suspend", reasonRequired: true, audit: "org.rejected" },
  { name: "suspend", from: "ACTIVE", to: "SUSPENDED", action: "org.suspend", reasonRequired: true, audit: "org.suspended" },
];

export function findOrgTransition(name: OrgTransitionName, from: OrgStatus): OrgTransition | null {
  return orgTransitions.find((t) => t.name === name && t.from === from) ?? null;
}

/** Guards beyond role and status, as a reason the transition is refused (null: allowed). */
export function orgTransitionRefusal(actor: Actor, transition: OrgTransition, orgId: string): string | null {
  // Operators suspending their own org would lock the platform out of itself.
  if (transition.to === "SUSPENDED" && orgId === actor.orgId) return "不能停用本平台运营机构";
  return null;
}

/** Transitions this actor may fire on an org (drives the buttons on the review page). */
export function orgTransitionsFor(actor: Actor, org: { id: string; status: OrgStatus }): OrgTransition[] {
  return orgTransitions.filter(
    (t) => t.from === org.status && can(actor, t.action, { orgId: org.id }) && !orgTransitionRefusal(actor, t, org.id),
  );
}
