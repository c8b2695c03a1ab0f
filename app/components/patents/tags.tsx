import { useT } from "~/utils/i18n-react";

const LEGAL_TONE: Record<string, string> = { VALID: "tag-ok", PENDING: "tag-warn", LAPSED: "tag-danger", INVALIDATED: "tag-danger", EXPIRED: "tag-danger" };
const STATUS_TONE: Record<string, string> = { DRAFT: "", LISTED: "tag-ok", UNLISTED: "tag-warn" };

type Taggable = {
  type: string | null;
  legalStatus: string;
  isDemo: boolean;
  highValueFlags: string[];
  listing: { mode: string } | null;
};

/** Type, legal status, deal type, high value and the 示例 mark of a patent. */
export function PatentTags({ patent }: { patent: Taggable }) {
  const t = useT();
  return (
    <span className="patent-tags">
      {patent.type ? <span className="tag tag-type">{t(`patents.type.${patent.type}`)}</span> : null}
      <span className={`tag ${LEGAL_TONE[patent.legalStatus] ?? ""}`}>{t(`patents.legal.${patent.legalStatus}`)}</span>
      {patent.listing ? <span className="tag tag-mode">{t(`patents.mode.${patent.listing.mode}`)}</span> : null}
      {patent.highValueFlags.length ? <span className="tag tag-value">{t("patents.highValue")}</span> : null}
      {patent.isDemo ? <span className="tag tag-demo">{t("patents.demo")}</span> : null}
    </span>
  );
}

/** The market status only the holder sees: 草稿 / 挂牌中 / 已下架. */
export function StatusTag({ status }: { status: string }) {
  const t = useT();
  return (
    <span className={`tag ${STATUS_TONE[status] ?? ""}`} data-testid="patent-status">
      {t(`patents.status.${status}`)}
    </span>
  );
}
