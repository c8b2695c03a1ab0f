import type { LegalStatus, PatentType } from "~/generated/prisma/enums";
import { Money } from "../shared/money";
import type { FieldErrors } from "../shared/errors";
import { checkApplicationNumber, patentTypeFromApplicationNumber } from "./application-number";
import { contentKeyOf } from "./content-key";
import { parseIpc } from "./ipc";
import { PATENT_TYPE_LABELS } from "./labels";
import { checkListable, effectiveLegalStatus, expiryDate } from "./rules";
import type { PatentInput } from "./schemas";
import { todayInChina } from "./dates";

/**
 * A validated `PatentInput` as the rows the catalog stores: the patent itself, its listing
 * terms, its IPC codes with their hierarchy, its inventors. Pure, shared by the single
 * create/edit use cases and the bulk import, so both store exactly the same thing.
 */
export type PatentRows = {
  patent: {
    applicationNumber: string | null;
    publicationNumber: string | null;
    type: PatentType | null;
    title: string;
    abstract: string;
    /** sha256 of the normalized title and abstract (content-key.ts), for probable duplicates. */
    contentKey: string;
    claims: string;
    ipcCodes: string[];
    filingDate: Date | null;
    grantDate: Date | null;
    expiryDate: Date | null;
    legalStatus: LegalStatus;
    clusters: string[];
    highValueFlags: PatentInput["highValueFlags"];
    trl: number | null;
    advantage: string | null;
    targetApplication: string | null;
  };
  listing: {
    mode: NonNullable<PatentInput["listingMode"]>;
    askingPriceFen: bigint | null;
    royaltyPercent: string | null;
    royaltyBasis: PatentInput["royaltyBasis"] | null;
    negotiable: boolean;
    evaluationReportNo: string | null;
  } | null;
  ipc: { code: string; section: string; class: string; subclass: string; group: string; isMain: boolean }[];
  inventors: { position: number; name: string }[];
};

export function patentRows(input: PatentInput, today = todayInChina()): PatentRows {
  const codes = input.mainIpc ? [input.mainIpc, ...input.ipc.filter((c) => c !== input.mainIpc)] : input.ipc;
  const expiry = input.type && input.filingDate ? expiryDate(input.type, input.filingDate) : null;
  return {
    patent: {
      applicationNumber: input.applicationNumber ?? null,
      publicationNumber: input.publicationNumber ?? null,
      type: input.type ?? null,
      title: input.title,
      abstract: input.abstract,
      contentKey: contentKeyOf(input.title, input.abstract),
      claims: input.claims ?? "",
      ipcCodes: codes,
      filingDate: dateOrNull(input.filingDate),
      grantDate: dateOrNull(input.grantDate),
      expiryDate: dateOrNull(expiry ?? undefined),
      legalStatus: effectiveLegalStatus(input.legalStatus, input.type, input.filingDate, today),
      clusters: input.clusters,
      highValueFlags: input.highValueFlags,
      trl: input.trl ?? null,
      advantage: input.advantage ?? null,
      targetApplication: input.targetApplication ?? null,
    },
    listing: input.listingMode
      ? {
          mode: input.listingMode,
          askingPriceFen: input.askingPrice ? Money.parseYuan(input.askingPrice).fen : null,
          royaltyPercent: input.royaltyPercent ?? null,
          royaltyBasis: input.royaltyBasis ?? null,
          negotiable: input.negotiable,
          evaluationReportNo: input.evaluationReportNo ?? null,
        }
      : null,
    ipc: codes.map((code, i) => {
      const p = parseIpc(code);
      return { code: p.full, section: p.section, class: p.class, subclass: p.subclass, group: p.group, isMain: i === 0 };
    }),
    inventors: input.inventors.map((name, position) => ({ position, name })),
  };
}

/** The stored facts the listing rule reads: a `PatentRows["patent"]` or a Prisma row. */
export type ListingFacts = {
  title: string;
  applicationNumber: string | null;
  type: PatentType | null;
  filingDate: Date | null;
  grantDate: Date | null;
  legalStatus: LegalStatus;
  expiryDate: Date | null;
};

/**
 * Why this patent may not be listed (LISTED) now; empty when it may. The one listing rule
 * of the catalog (issue 15): the form, API v1, the bulk listing, the import and the seed
 * all ask it. A listed patent is a public offer, so it must be identifiable and its
 * facts consistent: a valid application number, a type agreeing with it, a title, dates
 * in order, a status that can still be traded, and listing terms.
 */
export function listingBlockers(patent: ListingFacts, listing: { mode: NonNullable<PatentInput["listingMode"]> } | null): FieldErrors {
  const errors: FieldErrors = {};
  const add = (field: string, message: string) => (errors[field] ??= []).push(message);
  if (!patent.title.trim()) add("title", "标题为空，请补充标题后再挂牌");
  if (!patent.applicationNumber) add("applicationNumber", "挂牌须填写有效的申请号（如 CN201710117081.7）");
  else {
    const checked = checkApplicationNumber(patent.applicationNumber);
    if (!checked.ok) add("applicationNumber", checked.reason);
  }
  if (!patent.type) add("type", "挂牌须填写专利类型（发明、实用新型或外观设计）");
  else if (patent.applicationNumber) {
    const fromNumber = patentTypeFromApplicationNumber(patent.applicationNumber);
    if (fromNumber.ok && fromNumber.value !== patent.type) {
      add("type", `专利类型“${PATENT_TYPE_LABELS[patent.type]}”与申请号不符：申请号表示${PATENT_TYPE_LABELS[fromNumber.value]}专利`);
    }
  }
  const filing = isoOf(patent.filingDate);
  const grant = isoOf(patent.grantDate);
  if (filing && grant && grant < filing) add("grantDate", `授权日（${grant}）不能早于申请日（${filing}）`);
  if (!listing) add("listingMode", "挂牌前请先填写交易方式和价格条款");
  else for (const [field, messages] of Object.entries(checkListable(listing.mode, patent.legalStatus, isoOf(patent.expiryDate) ?? undefined))) for (const m of messages) add(field, m);
  return errors;
}

/** The blockers as one line per problem, for a list row or an import note. */
export function blockerMessages(errors: FieldErrors): string[] {
  return Object.values(errors).flat();
}

const isoOf = (d: Date | null) => d?.toISOString().slice(0, 10) ?? null;

function dateOrNull(iso: string | undefined): Date | null {
  return iso ? new Date(`${iso}T00:00:00Z`) : null;
}
