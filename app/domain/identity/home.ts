import type { OrgKind } from "~/generated/prisma/enums";
import type { Actor } from "../shared/actor";
import { can, type Action } from "./policies";

/**
 * What each kind of organization does on its home page (SPEC §0). Capabilities that are
 * not built yet are listed as "即将上线" so people can see where the product is going;
 * when one ships, give it `to` and mark it available. Labels are i18n keys
 * `home.cap.<key>.title` / `.desc`.
 */
export type CapabilityKey =
  | "patentSearch"
  | "needs"
  | "deals"
  | "pledgeFinancing"
  | "subsidies"
  | "patentListing"
  | "patentImport"
  | "inquiries"
  | "pledgeReview"
  | "guaranteeQuote"
  | "appraisalBidding"
  | "appraiserProfile"
  | "indicators"
  | "policies"
  | "riskFund"
  | "giMarks"
  | "giApply"
  | "orgReview"
  | "jobQueues"
  | "stuckWork"
  | "members"
  | "apiKeys";

export type Capability = {
  key: CapabilityKey;
  /** Set when the page exists. */
  to?: string;
  /** Hidden unless the actor may do this (the permissions table decides). */
  requires?: Action;
};

export type HomeDefinition = {
  titleKey: string;
  introKey: string;
  capabilities: readonly Capability[];
};

const members: Capability = { key: "members", to: "/org/members", requires: "member.list" };
const apiKeys: Capability = { key: "apiKeys", to: "/org/api-keys", requires: "apikey.list" };
const holder: readonly Capability[] = [
  { key: "patentListing", to: "/catalog", requires: "patent.manage" },
  { key: "patentImport", to: "/catalog/imports", requires: "patent.import" },
  { key: "inquiries", to: "/deals" },
  members,
  apiKeys,
];

export const homes: Record<OrgKind, HomeDefinition> = {
  SME: {
    titleKey: "home.SME.title",
    introKey: "home.SME.intro",
    capabilities: [
      { key: "patentSearch", to: "/patents" },
      { key: "needs", to: "/needs", requires: "need.manage" },
      { key: "deals", to: "/deals" },
      { key: "pledgeFinancing", to: "/financing" },
      { key: "subsidies", to: "/subsidies" },
      { key: "giApply", to: "/gi", requires: "gi.apply" },
      members,
    ],
  },
  UNIVERSITY: { titleKey: "home.UNIVERSITY.title", introKey: "home.UNIVERSITY.intro", capabilities: holder },
  RESEARCH_INSTITUTE: { titleKey: "home.RESEARCH_INSTITUTE.title", introKey: "home.RESEARCH_INSTITUTE.intro", capabilities: holder },
  SOE: { titleKey: "home.SOE.title", introKey: "home.SOE.intro", capabilities: holder },
  BANK: {
    titleKey: "home.BANK.title",
    introKey: "home.BANK.intro",
    capabilities: [{ key: "pledgeReview", to: "/financing" }, { key: "policies", to: "/policies" }, members, apiKeys],
  },
  INSURER: {
    titleKey: "home.INSURER.title",
    introKey: "home.INSURER.intro",
    capabilities: [{ key: "guaranteeQuote", to: "/financing" }, { key: "policies", to: "/policies" }, members, apiKeys],
  },
  APPRAISER: {
    titleKey: "home.APPRAISER.title",
    introKey: "home.APPRAISER.intro",
    capabilities: [{ key: "appraisalBidding", to: "/appraisal" }, { key: "appraiserProfile", to: "/appraisal/profile" }, members, apiKeys],
  },
  GOVERNMENT: {
    titleKey: "home.GOVERNMENT.title",
    introKey: "home.GOVERNMENT.intro",
    capabilities: [
      { key: "indicators", to: "/indicators", requires: "indicators.read" },
      { key: "policies", to: "/policies" },
      { key: "subsidies", to: "/subsidies" },
      { key: "riskFund", to: "/risk-fund" },
      { key: "giMarks", to: "/gi", requires: "gi.review" },
      members,
    ],
  },
  PLATFORM: {
    titleKey: "home.PLATFORM.title",
    introKey: "home.PLATFORM.intro",
    capabilities: [
      { key: "orgReview", to: "/admin/orgs", requires: "org.list" },
      { key: "stuckWork", to: "/admin/stuck", requires: "queues.view" },
      { key: "jobQueues", to: "/admin/queues", requires: "queues.view" },
      { key: "indicators", to: "/indicators", requires: "indicators.read" },
      members,
    ],
  },
};

/** available: a link; soon: not built yet (即将上线); locked: built, opens once the org is approved. */
export type CapabilityView = { key: CapabilityKey; state: "available" | "soon" | "locked"; to: string | null };

/**
 * The cards for this actor. Pages the actor's role may never use are left out; a PENDING
 * or SUSPENDED org sees what it will get, locked until the platform activates it.
 */
export function capabilitiesFor(actor: Actor): CapabilityView[] {
  const out: CapabilityView[] = [];
  const scope = { orgId: actor.orgId };
  for (const cap of homes[actor.orgKind].capabilities) {
    if (cap.requires && !can({ ...actor, orgStatus: "ACTIVE" }, cap.requires, scope)) continue;
    if (!cap.to) out.push({ key: cap.key, state: "soon", to: null });
    else if (cap.requires && !can(actor, cap.requires, scope)) out.push({ key: cap.key, state: "locked", to: null });
    else out.push({ key: cap.key, state: "available", to: cap.to });
  }
  return out;
}
