import { bidsAsAppraiser } from "~/domain/appraisal/policies";
import { hasDealList } from "~/domain/deals/policies";
import { canOnCountyFinance } from "~/domain/financing/policies";
import { canOnSubsidies } from "~/domain/subsidies/policies";
import { can, isPlatformOperator } from "~/domain/identity/policies";
import type { Actor } from "~/domain/shared/actor";

export type NavItem = { to: string; labelKey: string; reloadDocument?: boolean };

/** Navigation follows the permissions table: nobody sees a link to a page they cannot use. */
export function navigationFor(actor: Actor | null): NavItem[] {
  // The public register of GI special-mark users (issue 16 §4) is for everyone, signed in or not.
  // So are the county's headline indicators (issue 17 §5).
  if (!actor) return [{ to: "/patents", labelKey: "nav.patents" }, { to: "/gi/verify", labelKey: "nav.giVerify" }, { to: "/county", labelKey: "nav.county" }];
  const items: NavItem[] = [{ to: "/home", labelKey: "nav.home" }, { to: "/patents", labelKey: "nav.patents" }];
  if (can(actor, "patent.manage", { orgId: actor.orgId })) items.push({ to: "/catalog", labelKey: "nav.catalog" });
  if (can(actor, "need.manage", { orgId: actor.orgId })) items.push({ to: "/needs", labelKey: "nav.needs" });
  if (hasDealList(actor)) items.push({ to: "/deals", labelKey: "nav.deals" });
  if (can(actor, "subscription.manage", { orgId: actor.orgId })) items.push({ to: "/subscriptions", labelKey: "nav.subscriptions" });
  const active = actor.orgStatus === "ACTIVE";
  if (["SME", "BANK", "INSURER", "GOVERNMENT", "PLATFORM"].includes(actor.orgKind) && active) {
    items.push({ to: "/financing", labelKey: "nav.financing" }, { to: "/policies", labelKey: "nav.policies" });
  }
  // Subsidies: the county sets budgets and pays; an SME reads its own statement.
  if (canOnSubsidies(actor, undefined, "list")) items.push({ to: "/subsidies", labelKey: "nav.subsidies" });
  // GI special marks: SMEs apply, the county reviews and checks, the platform reads.
  if (can(actor, "gi.apply", { orgId: actor.orgId }) || can(actor, "gi.read-all")) items.push({ to: "/gi", labelKey: "nav.gi" });
  if (can(actor, "indicators.read")) items.push({ to: "/indicators", labelKey: "nav.indicators" });
  if (canOnCountyFinance(actor, "read-risk-fund")) items.push({ to: "/risk-fund", labelKey: "nav.riskFund" });
  // The job board: an appraiser's market, the operator's oversight; parties reach their jobs from the application.
  if (bidsAsAppraiser(actor) || isPlatformOperator(actor)) items.push({ to: "/appraisal", labelKey: "nav.appraisal" });
  // An appraiser's own profile (qualification number, methods, capacity, service area).
  if (actor.orgKind === "APPRAISER" && actor.orgStatus !== "SUSPENDED") items.push({ to: "/appraisal/profile", labelKey: "nav.appraiserProfile" });
  if (can(actor, "notification.read")) items.push({ to: "/notifications", labelKey: "nav.notifications" });
  if (can(actor, "org.read", { orgId: actor.orgId })) items.push({ to: "/org/profile", labelKey: "nav.org" });
  if (can(actor, "member.list", { orgId: actor.orgId })) items.push({ to: "/org/members", labelKey: "nav.members" });
  if (can(actor, "apikey.list", { orgId: actor.orgId })) items.push({ to: "/org/api-keys", labelKey: "nav.apiKeys" });
  if (can(actor, "org.activate", { orgId: "*" })) items.push({ to: "/admin/orgs", labelKey: "nav.adminOrgs" });
  if (can(actor, "queues.view")) items.push({ to: "/admin/queues", labelKey: "nav.adminQueues", reloadDocument: true });
  return items;
}
