import type { GiApplicationStatus } from "~/generated/prisma/enums";
import type { Actor } from "../shared/actor";
import { availableGiActions, type GiAction, type GiParty } from "./machine";

/** What a write returns: the application's state for the caller (GET /gi-applications/{id} gives the whole record). */
export type GiApplicationState = {
  id: string;
  status: GiApplicationStatus;
  version: number;
  certificateNumber: string | null;
  yourRole: GiParty | null;
  actions: GiAction[];
};

/** The caller's view of the state: what it may do now (nothing while its org is not ACTIVE). */
export function giStateFor(actor: Actor, party: GiParty | null, app: { id: string; status: GiApplicationStatus; version: number; certificateNumber: string | null }): GiApplicationState {
  const actions = party && actor.orgStatus === "ACTIVE" ? availableGiActions(app.status, party) : [];
  return { id: app.id, status: app.status, version: app.version, certificateNumber: app.certificateNumber, yourRole: party, actions };
}
