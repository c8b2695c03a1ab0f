import { Link } from "@remix-run/react";
import { Money } from "~/domain/shared/money";
import { useT } from "~/utils/i18n-react";
import "~/utils/messages/subsidies";
import { AwardTable, type AwardRow } from "./award-table";
import { Figure } from "./figure";

export type Statement = {
  year: number;
  awards: AwardRow[];
  totals: { all: string; paid: string; unpaid: string; byKind: Record<string, string> };
  capsLeft: { policyVersion: string; INTEREST: string; PREMIUM: string };
};

const KINDS = ["INTEREST", "PREMIUM", "APPRAISAL_FEE"] as const;
const yuan = (text: string) => Money.parseYuan(text).format();

/** An SME's subsidy statement for a year: totals, caps left under the policy in force, and every award explained. */
export function SubsidyStatement({ statement }: { statement: Statement }) {
  const t = useT();
  const { year, totals, capsLeft, awards } = statement;
  return (
    <>
      <section className="card" aria-labelledby="statement-title">
        <h2 id="statement-title">{t("sub.statement.title", { year })}</h2>
        <dl className="sub-figures">
          <Figure label={t("sub.statement.total")} value={yuan(totals.all)} testId="statement-total" />
          <Figure label={t("sub.statement.paid")} value={yuan(totals.paid)} />
          <Figure label={t("sub.statement.unpaid")} value={yuan(totals.unpaid)} />
        </dl>
        <h3>{t("sub.statement.byKind")}</h3>
        <dl className="sub-figures">
          {KINDS.map((k) => (
            <Figure key={k} label={t(`sub.kind.${k}`)} value={yuan(totals.byKind[k] ?? "0.00")} />
          ))}
        </dl>
        <h3>{t("sub.statement.caps")}</h3>
        <dl className="sub-figures">
          <Figure label={t("sub.statement.capInterest")} value={yuan(capsLeft.INTEREST)} />
          <Figure label={t("sub.statement.capPremium")} value={yuan(capsLeft.PREMIUM)} />
        </dl>
        <p className="muted">
          {t("sub.statement.capsHint")}
          <Link to={`/policies/${encodeURIComponent(capsLeft.policyVersion)}`}>{capsLeft.policyVersion}</Link>
        </p>
      </section>
      <section className="card" aria-labelledby="statement-awards">
        <h2 id="statement-awards">{t("sub.statement.awards")}</h2>
        {awards.length === 0 ? <p className="empty">{t("sub.statement.empty", { year })}</p> : <AwardTable awards={awards} label={t("sub.statement.awards")} />}
      </section>
    </>
  );
}
