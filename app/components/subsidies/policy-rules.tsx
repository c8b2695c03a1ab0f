import type { PolicyRuleKey } from "~/domain/financing/policy";
import { Money, Ratio } from "~/domain/shared/money";
import { formatRate } from "~/utils/format";
import { useT } from "~/utils/i18n-react";
import "~/utils/messages/subsidies";
import { POLICY_GROUPS, ruleValue, type ValueKind } from "./policy-fields";

type T = ReturnType<typeof useT>;

/** "0.0385" → "3.85": a rate as a percentage, exactly (no floating point). */
export function percentOf(rate: string | Ratio): string {
  const ratio = typeof rate === "string" ? Ratio.parse(rate) : rate;
  return ratio.times(Ratio.of(100)).toDecimalString(0);
}

/** A rule value in words: rates as an exact percentage (3.85%, never the stored 0.0385), amounts in yuan, durations with their unit. */
export function formatRuleValue(kind: ValueKind, value: string, t: T): string {
  if (value === "") return "—";
  try {
    switch (kind) {
      case "rate":
        return formatRate(value);
      case "multiple":
        return t("policy.times", { n: value });
      case "yuan":
        return Money.parseYuan(value).format();
      case "months":
        return t("policy.months", { n: value });
      case "hours": {
        const hours = Number(value);
        return Number.isInteger(hours) && hours % 24 === 0 ? t("policy.hoursDays", { n: value, days: hours / 24 }) : t("policy.hours", { n: value });
      }
    }
  } catch {
    // A value the schema would not have let through: show it as stored.
    return value;
  }
}

/** What follows from the values: the interest-subsidy rate threshold, the bank's share of a loss. */
function derivedLine(key: PolicyRuleKey, rules: unknown, t: T): string | null {
  try {
    if (key === "interestSubsidy") {
      const threshold = Ratio.parse(ruleValue(rules, "lpr")).times(Ratio.parse(ruleValue(rules, "interestSubsidy.maxRateOverLpr")));
      return t("policy.eligibleBelow", { percent: percentOf(threshold) });
    }
    if (key === "lossSharing") {
      const shared = Ratio.parse(ruleValue(rules, "lossSharing.insurer")).plus(Ratio.parse(ruleValue(rules, "lossSharing.countyFund")));
      const rest = Ratio.of(1).plus(shared.times(Ratio.of(-1)));
      return `${t("policy.bankRest")}：${percentOf(rest)}%`;
    }
  } catch {
    return null;
  }
  return null;
}

/** Every rule of a version with its value(s) and its source note, as a table. */
export function PolicyRules({ policy, caption }: { policy: { rules: unknown; sources: Record<string, string> }; caption: string }) {
  const t = useT();
  return (
    <table className="table policy-rules">
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t("policy.col.rule")}</th>
          <th scope="col">{t("policy.col.value")}</th>
          <th scope="col">{t("policy.col.source")}</th>
        </tr>
      </thead>
      <tbody>
        {POLICY_GROUPS.map(({ key, fields }) => {
          const derived = derivedLine(key, policy.rules, t);
          return (
            <tr key={key}>
              <th scope="row">{t(`policy.group.${key}`)}</th>
              <td>
                <dl className="policy-values">
                  {fields.map((f) => (
                    <div key={f.path}>
                      <dt>{t(`policy.field.${f.path}`)}</dt>
                      <dd>{formatRuleValue(f.kind, ruleValue(policy.rules, f.path), t)}</dd>
                    </div>
                  ))}
                </dl>
                {derived ? <p className="muted policy-derived">{derived}</p> : null}
              </td>
              <td className="policy-source">{policy.sources[key] ?? "—"}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** In force, withdrawn (before it came into force), upcoming (effective later than the version in force), or superseded. */
export function VersionBadge({ inForce, effectiveFrom, current, withdrawn = false }: { inForce: boolean; effectiveFrom: string; current: string; withdrawn?: boolean }) {
  const t = useT();
  if (withdrawn) return <span className="tag tag-danger">{t("policy.badge.withdrawn")}</span>;
  if (inForce) return <span className="tag tag-ok">{t("policy.badge.inForce")}</span>;
  if (effectiveFrom > current) return <span className="tag tag-warn">{t("policy.badge.future")}</span>;
  return <span className="tag">{t("policy.badge.superseded")}</span>;
}
