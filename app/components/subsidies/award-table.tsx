import { Link } from "@remix-run/react";
import { Money } from "~/domain/shared/money";
import { formatDateTime } from "~/utils/format";
import { useLocale, useT } from "~/utils/i18n-react";
import "~/utils/messages/subsidies";
import { TableWrap } from "~/components/table-wrap";

/** An award as the subsidy queries return it (AwardView). */
export type AwardRow = {
  id: string;
  applicationId: string;
  smeName: string | null;
  kind: string;
  eventOn: string;
  base: string;
  computed: string;
  amount: string;
  flags: string[];
  policyVersion: string;
  status: string;
  voucherNo: string | null;
  paidAt: string | null;
};

const yuan = (text: string) => Money.parseYuan(text).format();

/** Each flag with its short name and what it means for the amount. */
export function FlagList({ flags }: { flags: string[] }) {
  const t = useT();
  if (!flags.length) return <span className="muted">—</span>;
  return (
    <ul className="sub-flags">
      {flags.map((f) => (
        <li key={f}>
          <span className="tag tag-warn">{t(`sub.flag.${f}`)}</span> <span className="sub-flag-help">{t(`sub.flagHelp.${f}`)}</span>
        </li>
      ))}
    </ul>
  );
}

export function AwardStatus({ award }: { award: AwardRow }) {
  const t = useT();
  const locale = useLocale();
  const tone = award.status === "PAID" ? "tag tag-ok" : award.status === "UNPAID" ? "tag tag-warn" : "tag";
  return (
    <>
      <span className={tone}>{t(`sub.status.${award.status}`)}</span>
      {award.voucherNo ? <div className="sub-voucher">{t("sub.paidOn", { voucher: award.voucherNo, date: award.paidAt ? formatDateTime(award.paidAt, locale, false) : "" })}</div> : null}
    </>
  );
}

/**
 * Awards as a table. For GOVERNMENT (`selectable`) each unpaid award has a checkbox named
 * `awardId` (the surrounding form marks them paid) and the enterprise's name; an SME's
 * statement links each award to its application instead.
 */
export function AwardTable({ awards, selectable = false, label, selected = [] }: { awards: AwardRow[]; selectable?: boolean; label: string; selected?: readonly string[] }) {
  const t = useT();
  return (
    <TableWrap label={label}>
      <table className="table sub-awards" aria-label={label}>
        <thead>
          <tr>
            {selectable ? <th scope="col">{t("sub.col.select")}</th> : null}
            {selectable ? <th scope="col">{t("sub.col.sme")}</th> : null}
            <th scope="col">{t("sub.col.kind")}</th>
            <th scope="col">{t("sub.col.eventOn")}</th>
            <th scope="col">{t("sub.col.base")}</th>
            <th scope="col" className="num">
              {t("sub.col.amount")}
            </th>
            <th scope="col">{t("sub.col.flags")}</th>
            <th scope="col">{t("sub.col.policy")}</th>
            <th scope="col">{t("sub.col.status")}</th>
            {selectable ? null : <th scope="col">{t("sub.col.application")}</th>}
          </tr>
        </thead>
        <tbody>
          {awards.map((a) => (
            <tr key={a.id}>
              {selectable ? (
                <td>
                  {a.status === "UNPAID" ? (
                    <input type="checkbox" name="awardId" value={a.id} defaultChecked={selected.includes(a.id)} aria-label={t("sub.selectAward", { sme: a.smeName ?? "", kind: t(`sub.kind.${a.kind}`), amount: yuan(a.amount) })} />
                  ) : null}
                </td>
              ) : null}
              {selectable ? (
                <td className="sub-sme">
                  <Link to={`/financing/${a.applicationId}`}>{a.smeName}</Link>
                </td>
              ) : null}
              <td>{t(`sub.kind.${a.kind}`)}</td>
              <td className="nowrap">{a.eventOn}</td>
              <td className="nowrap">
                <span className="muted">{t(`sub.base.${a.kind}`)}</span>
                <div>{yuan(a.base)}</div>
              </td>
              <td className="num">
                <strong>{yuan(a.amount)}</strong>
                {a.computed !== a.amount ? <div className="muted sub-computed">{t("sub.computedNote", { amount: yuan(a.computed) })}</div> : null}
              </td>
              <td>
                <FlagList flags={a.flags} />
              </td>
              <td className="nowrap">
                <Link to={`/policies/${encodeURIComponent(a.policyVersion)}`}>{a.policyVersion}</Link>
              </td>
              <td>
                <AwardStatus award={a} />
              </td>
              {selectable ? null : (
                <td className="nowrap">
                  <Link to={`/financing/${a.applicationId}`}>{t("sub.viewApplication")}</Link>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
