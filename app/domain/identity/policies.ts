import type { MembershipRole, OrgKind } from "~/generated/prisma/enums";
import { forbidden } from "../shared/errors";
import type { Actor } from "../shared/actor";

/**
 * The one place that decides access: role × action × scope. Routes, the API, the admin
 * UI and workers all ask `can()` / `assertCan()`; record-level visibility queries build
 * on the same table. Pure: no I/O.
 */
export type Action =
  | "org.read" // an org's full profile
  | "org.update"
  | "org.list" // every org, any status
  | "org.activate"
  | "org.suspend"
  | "member.list"
  | "member.invite"
  | "apikey.list"
  | "apikey.create"
  | "apikey.revoke"
  | "notification.read"
  | "audit.read"
  | "queues.view"
  | "apikey.read" // key metadata (name, prefix, last use; never secrets) — what API clients may see of their own org's keys
  | "org.create" // an org created by an operator (admin CLI), not by sign-up
  | "user.create" // a user created straight into an org by an operator (admin CLI)
  | "patent.manage" // create, edit, list and unlist the org's own patents (holders)
  | "patent.import" // bulk import into the org's catalog (holders; PLATFORM for any holder)
  | "patent.read-unlisted" // drafts and unlisted patents: the holder only (LISTED ones are public)
  | "need.manage" // post and edit technology needs, read their matches (SMEs)
  | "subscription.manage" // saved searches and need subscriptions (专利信息定点推送)
  | "pledge.apply" // start a pledge financing application (SMEs); later moves are decided per party by the pledge machine
  | "gi.apply" // apply to use a GI special mark (SMEs and cooperatives registered as SMEs); later moves by the GI machine
  | "gi.review" // keep the GI products, decide applications, import the register, run spot checks (the county government)
  | "gi.read-all" // read every GI application and spot check (GOVERNMENT, PLATFORM)
  | "indicators.read" // the county's indicator dashboard, its drill-down, exports and the API (GOVERNMENT, PLATFORM)
  | "indicators.enter" // enter official statistics and their corrections (the county government)
  | "deal.start"; // ask a holder about a patent or take its open licence (SMEs); later moves are decided per party by the deal machine

/** own: only the actor's org; any: every org. */
export type Scope = "own" | "any";

type Rule = {
  /** Org kinds allowed; "*" for any kind. */
  kinds: readonly OrgKind[] | "*";
  roles: readonly MembershipRole[];
  scope: Scope;
  /** A PENDING or SUSPENDED org may still do this (e.g. read its own profile). */
  allowInactiveOrg?: boolean;
  /** Only people, never API keys. */
  humansOnly?: boolean;
};

const ANY_ROLE = ["OWNER", "MEMBER"] as const;
/** SPEC §0: universities, research institutes and SOEs hold and list patents. */
export const HOLDER_KINDS = ["UNIVERSITY", "RESEARCH_INSTITUTE", "SOE"] as const;
const OWNER = ["OWNER"] as const;

export const permissionTable: Record<Action, Rule[]> = {
  "org.read": [
    { kinds: "*", roles: ANY_ROLE, scope: "own", allowInactiveOrg: true },
    { kinds: ["PLATFORM"], roles: ANY_ROLE, scope: "any" },
  ],
  "org.update": [
    { kinds: "*", roles: OWNER, scope: "own", humansOnly: true },
    { kinds: ["PLATFORM"], roles: ANY_ROLE, scope: "any", humansOnly: true },
  ],
  "org.list": [{ kinds: ["PLATFORM"], roles: ANY_ROLE, scope: "any" }],
  "org.activate": [{ kinds: ["PLATFORM"], roles: ANY_ROLE, scope: "any", humansOnly: true }],
  "org.suspend": [{ kinds: ["PLATFORM"], roles: ANY_ROLE, scope: "any", humansOnly: true }],
  "member.list": [
    { kinds: "*", roles: ANY_ROLE, scope: "own", allowInactiveOrg: true, humansOnly: true },
    { kinds: ["PLATFORM"], roles: ANY_ROLE, scope: "any", humansOnly: true },
  ],
  "member.invite": [{ kinds: "*", roles: OWNER, scope: "own", humansOnly: true }],
  "apikey.list": [
    { kinds: "*", roles: OWNER, scope: "own", humansOnly: true },
    // Platform operators (and the admin CLI's system actor) set up integrations for any org.
    { kinds: ["PLATFORM"], roles: ANY_ROLE, scope: "any", humansOnly: true },
  ],
  "apikey.create": [
    { kinds: "*", roles: OWNER, scope: "own", humansOnly: true },
    // Platform operators (and the admin CLI's system actor) set up integrations for any org.
    { kinds: ["PLATFORM"], roles: ANY_ROLE, scope: "any", humansOnly: true },
  ],
  "apikey.revoke": [
    { kinds: "*", roles: OWNER, scope: "own", humansOnly: true },
    // Platform operators (and the admin CLI's system actor) set up integrations for any org.
    { kinds: ["PLATFORM"], roles: ANY_ROLE, scope: "any", humansOnly: true },
  ],
  "notification.read": [{ kinds: "*", roles: ANY_ROLE, scope: "own", allowInactiveOrg: true, humansOnly: true }],
  "audit.read": [
    { kinds: "*", roles: OWNER, scope: "own", humansOnly: true },
    { kinds: ["PLATFORM"], roles: ANY_ROLE, scope: "any", humansOnly: true },
  ],
  "queues.view": [{ kinds: ["PLATFORM"], roles: ANY_ROLE, scope: "any", humansOnly: true }],
  "apikey.read": [
    { kinds: "*", roles: ANY_ROLE, scope: "own" },
    { kinds: ["PLATFORM"], roles: ANY_ROLE, scope: "any", humansOnly: true },
  ],
  "org.create": [{ kinds: ["PLATFORM"], roles: ANY_ROLE, scope: "any", humansOnly: true }],
  "user.create": [{ kinds: ["PLATFORM"], roles: ANY_ROLE, scope: "any", humansOnly: true }],
  "patent.manage": [{ kinds: HOLDER_KINDS, roles: ANY_ROLE, scope: "own" }],
  "patent.import": [
    { kinds: HOLDER_KINDS, roles: ANY_ROLE, scope: "own" },
    // The admin command line imports for a holder: `npm run import:patents -- FILE --holder ORG`.
    { kinds: ["PLATFORM"], roles: ANY_ROLE, scope: "any", humansOnly: true },
  ],
  "patent.read-unlisted": [{ kinds: HOLDER_KINDS, roles: ANY_ROLE, scope: "own", allowInactiveOrg: true }],
  "need.manage": [{ kinds: ["SME"], roles: ANY_ROLE, scope: "own" }],
  "subscription.manage": [{ kinds: ["SME"], roles: ANY_ROLE, scope: "own" }],
  "pledge.apply": [{ kinds: ["SME"], roles: ANY_ROLE, scope: "own" }],
  "gi.apply": [{ kinds: ["SME"], roles: ANY_ROLE, scope: "own" }],
  // County-wide duties, asked without a target org (the GI records are the county's, not an org's).
  "gi.review": [{ kinds: ["GOVERNMENT"], roles: ANY_ROLE, scope: "own" }],
  "gi.read-all": [{ kinds: ["GOVERNMENT", "PLATFORM"], roles: ANY_ROLE, scope: "own" }],
  "deal.start": [{ kinds: ["SME"], roles: ANY_ROLE, scope: "own" }],
  // County-wide as well: the indicators are the county's, asked without a target org.
  "indicators.read": [{ kinds: ["GOVERNMENT", "PLATFORM"], roles: ANY_ROLE, scope: "own" }],
  "indicators.enter": [{ kinds: ["GOVERNMENT"], roles: ANY_ROLE, scope: "own" }],
};

export type Target = { orgId: string } | undefined;

export function can(actor: Actor | null, action: Action, target?: Target): boolean {
  if (!actor) return false;
  return permissionTable[action].some((rule) => {
    if (rule.kinds !== "*" && !rule.kinds.includes(actor.orgKind)) return false;
    if (!rule.roles.includes(actor.role)) return false;
    if (rule.humansOnly && !actor.userId) return false;
    if (!rule.allowInactiveOrg && actor.orgStatus !== "ACTIVE") return false;
    if (rule.scope === "own" && target && target.orgId !== actor.orgId) return false;
    return true;
  });
}

export function assertCan(actor: Actor | null, action: Action, target?: Target): asserts actor is Actor {
  if (!can(actor, action, target)) throw forbidden();
}

export function isPlatformOperator(actor: Actor | null): boolean {
  return !!actor && actor.orgKind === "PLATFORM" && actor.orgStatus === "ACTIVE";
}
