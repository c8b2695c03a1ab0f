import type { LegalStatus, PatentType } from "~/generated/prisma/enums";
import { Money } from "../shared/money";
import type { FieldErrors } from "../shared/errors";
import { parseIpc } from "./ipc";
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

/** Why these rows may not be listed (LISTED) now; empty when they may. */
export function listingBlockers(
  patent: { legalStatus: LegalStatus; expiryDate: Date | null },
  listing: { mode: NonNullable<PatentInput["listingMode"]> } | null,
): FieldErrors {
  if (!listing) return { listingMode: ["挂牌前请先填写交易方式和价格条款"] };
  return checkListable(listing.mode, patent.legalStatus, patent.expiryDate?.toISOString().slice(0, 10));
}

function dateOrNull(iso: string | undefined): Date | null {
  return iso ? new Date(`${iso}T00:00:00Z`) : null;
}
