import { bookToday } from "~/domain/shared/book-dates";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { readForm } from "~/utils/forms.server";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { RouteError } from "~/components/route-error";
import { actOnPledgeApplication } from "~/domain/financing/act-on-pledge-application.server";
import { financingRulesInForce, getPledgeApplication, loanCapOf } from "~/domain/financing/queries.server";
import { losesInterestSubsidy, losesPremiumSubsidy, type SubsidyLimits } from "~/domain/financing/subsidy-limits";
import { formatPercent, PERCENT_FORMAT_MESSAGE, percentToDecimal } from "~/domain/shared/percent";
import { isPartyActionName } from "~/domain/financing/schemas";
import { actOnPayment } from "~/domain/payments/act-on-payment.server";
import { PAYMENT_ACTIONS, type PaymentAction } from "~/domain/payments/payment-machine";
import { listPayments } from "~/domain/payments/queries.server";
import { Money } from "~/domain/shared/money";
import stylesheet from "~/styles/financing.css";
import { formErrorsOf, throwErrorPage } from "~/utils/form-errors.server";
import { formatDateTime } from "~/utils/format";
import { useLocale, useT } from "~/utils/i18n-react";
import "~/utils/messages/financing";
import "~/utils/messages/subsidies";
import { AwardStatus, FlagList } from "~/components/subsidies/award-table";
import { pageTitle } from "~/utils/messages/identity";
import { requireSessionView } from "~/utils/session.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "fin.meta");

/** The fields each action asks for (the shared schemas check them). */
const ACTION_FIELDS: Record<string, string[]> = {
  withdraw: ["reason"],
  "reject-report": ["reason"],
  "bank-approve": ["amount", "annualRate", "termMonths"],
  "bank-reject": ["reason"],
  "insurer-approve": ["premiumRate"],
  "insurer-decline": ["reason"],
  register: ["cnipaRegNo", "date"],
  disburse: ["amount", "date"],
  "record-repayment": ["date", "principal", "interest"],
  "declare-default": ["date", "outstandingPrincipal"],
  "record-recovery": ["date", "amount"],
  close: ["reason"],
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const view = await requireSessionView(request);
  const application = await getPledgeApplication(view.actor, params.id ?? "").catch(throwErrorPage);
  const payments = await listPayments(view.actor, { applicationId: application.id }).catch(throwErrorPage);
  const [cap, rules] = await Promise.all([loanCapOf(application), financingRulesInForce()]);
  return { application, payments, cap, limits: rules.limits, today: bookToday() };
}

/** Rates are typed as percentages on this page; the domain and API v1 take exact decimals ("3.85" → "0.0385"). */
const PERCENT_FIELDS = ["annualRate", "premiumRate"] as const;

export async function action({ request, params }: ActionFunctionArgs) {
  const view = await requireSessionView(request);
  const form = Object.fromEntries(await readForm(request)) as Record<string, string>;
  const { intent, paymentId, ...fields } = form;
  try {
    if (paymentId && (PAYMENT_ACTIONS as readonly string[]).includes(intent)) {
      await actOnPayment(view.actor, paymentId, intent as PaymentAction, { version: Number(fields.version), reference: fields.reference, receivedOn: fields.receivedOn || undefined });
    } else if (isPartyActionName(intent)) {
      const body = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== ""));
      for (const name of PERCENT_FIELDS) {
        // A percentage that does not parse goes on as typed: the domain names it with every other bad field.
        if (body[name] !== undefined) body[name] = percentToDecimal(body[name]) ?? body[name];
      }
      await actOnPledgeApplication(view.actor, params.id ?? "", intent, body);
    } else {
      return data({ intent, errors: { "": ["未知操作"] } }, { status: 400 });
    }
    return { intent, errors: {} as Record<string, string[]>, done: true };
  } catch (error) {
    const failed = formErrorsOf(error);
    if (failed) {
      const errors = { ...failed.errors };
      for (const name of PERCENT_FIELDS) if (errors[name] && percentToDecimal(fields[name] ?? "") === null) errors[name] = [PERCENT_FORMAT_MESSAGE];
      return data({ intent, errors }, { status: failed.status });
    }
    throwErrorPage(error);
  }
}

const yuanText = (yuan: string | null) => (yuan === null ? "—" : Money.parseYuan(yuan).format());

export default function ApplicationPage() {
  const t = useT();
  const locale = useLocale();
  const { application: a, payments, cap, limits, today } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const errorsFor = (intent: string): Record<string, string[]> => (result && result.intent === intent ? (result.errors as Record<string, string[]>) : {});
  return (
    <section className="card">
      <div className="page-head">
        <div>
          <h1>
            {a.sme.name} · {t(`fin.status.${a.status}`)} {a.overdue ? <span className="tag tag-warn">{t("fin.overdue")}</span> : null}
          </h1>
          <p className="muted">
            {a.bank.name} · {a.insurer.name} · {t("fin.detail.version", { v: a.version })}
            {a.yourRole ? ` · ${t("fin.detail.yourRole", { role: t(`fin.role.${a.yourRole}`) })}` : ""}
          </p>
        </div>
      </div>
      {result && "done" in result ? (
        <p className="notice" role="status">
          {t("fin.done", { action: t((PAYMENT_ACTIONS as readonly string[]).includes(result.intent) ? `fin.action.payment.${result.intent}` : `fin.action.${result.intent}`), status: t(`fin.status.${a.status}`) })}
        </p>
      ) : null}

      <div className="fin-grid">
        <div>
          <h2>{t("fin.detail.terms")}</h2>
          <dl className="fin-terms">
            <dt>{t("fin.detail.requested")}</dt>
            <dd>
              {yuanText(a.requestedAmount)} · {t("fin.months", { n: a.termMonths })}
            </dd>
            <dt>{t("fin.detail.purpose")}</dt>
            <dd>{a.purpose}</dd>
            {cap ? (
              <>
                <dt>{t("fin.cap.title")}</dt>
                <dd className="fin-cap" data-testid="loan-cap">
                  {t("fin.cap.value", { amount: yuanText(cap.amount), policy: cap.policyRef })}
                </dd>
              </>
            ) : a.yourRole === "SME" && !a.terms.approvedAmount ? (
              <>
                <dt>{t("fin.cap.title")}</dt>
                <dd className="muted">{t("fin.cap.pending")}</dd>
              </>
            ) : null}
            {a.terms.approvedAmount ? (
              <>
                <dt>{t("fin.detail.approved")}</dt>
                <dd>
                  {yuanText(a.terms.approvedAmount)} · {t("fin.months", { n: a.terms.termMonths ?? 0 })}
                </dd>
                <dt>{t("fin.detail.rate")}</dt>
                <dd>
                  {a.terms.annualRate ? formatPercent(a.terms.annualRate) : "—"}
                  {a.terms.annualRate && losesInterestSubsidy(a.terms.annualRate, limits) ? <span className="tag tag-warn">{t("fin.rate.noInterestSubsidy")}</span> : null}
                </dd>
                <dt>{t("fin.detail.premium")}</dt>
                <dd>
                  {a.terms.premium && a.terms.premiumRate ? `${yuanText(a.terms.premium)}（${formatPercent(a.terms.premiumRate)}）` : "—"}
                  {a.terms.premiumRate && losesPremiumSubsidy(a.terms.premiumRate, limits) ? <span className="tag tag-warn">{t("fin.rate.noPremiumSubsidy")}</span> : null}
                </dd>
                <dt>{t("fin.detail.policy")}</dt>
                <dd>{a.terms.policyVersion}</dd>
              </>
            ) : (
              <dd className="muted">{t(cap ? "fin.detail.noApproval" : "fin.detail.noTerms")}</dd>
            )}
            {a.disbursement.amount ? (
              <dd>{t("fin.detail.repaid", { principal: yuanText(a.principalRepaid), interest: yuanText(a.interestPaid), outstanding: yuanText(a.outstandingPrincipal) })}</dd>
            ) : null}
          </dl>
        </div>
        <div>
          <h2>{t("fin.detail.assets")}</h2>
          <ul>
            {a.assets.map((asset) => (
              <li key={asset.id}>
                {asset.title}（{asset.registrationNumber}）— {t("fin.detail.appraised")}：{asset.appraisedValue ? yuanText(asset.appraisedValue) : t("fin.detail.notAppraised")}
              </li>
            ))}
          </ul>
          {a.report.fileUrl ? (
            <p>
              <a href={a.report.fileUrl}>{t("appr.report.download")}</a>
            </p>
          ) : null}
          {payments.length ? (
            <>
              <h2>{t("fin.detail.payments")}</h2>
              <ul>
                {payments.map((p) => (
                  <li key={p.id}>
                    {t(`fin.pay.${p.kind}`)} {yuanText(p.amount)} → {p.payee.name}：{t(`fin.paystatus.${p.status}`)}
                    {p.transferReference ? `（${p.transferReference}）` : ""}
                    {p.method === "STRIPE" && p.status !== "PAID" ? <p className="muted">{t("fin.pay.card")}</p> : null}
                    {p.actions.filter((act): act is PaymentAction => (PAYMENT_ACTIONS as readonly string[]).includes(act)).map((act) => (
                      <Form method="post" key={act} className="inline-fields">
                        <input type="hidden" name="intent" value={act} />
                        <input type="hidden" name="paymentId" value={p.id} />
                        <input type="hidden" name="version" value={p.version} />
                        {act === "submit-transfer" ? (
                          <label>
                            {t("fin.pay.reference")}
                            <input name="reference" required minLength={4} />
                          </label>
                        ) : null}
                        {act === "confirm-receipt" ? (
                          <label>
                            {t("fin.pay.receivedOn")}
                            <input name="receivedOn" type="date" defaultValue={today} max={today} required />
                          </label>
                        ) : null}
                        <button type="submit" className="button secondary" disabled={busy}>
                          {t(`fin.action.payment.${act}`)}
                        </button>
                      </Form>
                    ))}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </div>
      </div>

      {a.subsidies.length ? <SubsidyList subsidies={a.subsidies} /> : null}
      {a.lossShares ? <LossSharesPanel shares={a.lossShares} /> : null}

      <h2>{t("fin.detail.actions")}</h2>
      <div className="fin-actions">
        {a.actions.length === 0 ? <p className="muted">{t("fin.detail.noActions")}</p> : null}
        {a.actions.map((act) => {
          const errors = errorsFor(act);
          return (
            <Form method="post" key={act} aria-label={t(`fin.action.${act}`)}>
              <input type="hidden" name="intent" value={act} />
              <input type="hidden" name="version" value={a.version} />
              <div className="inline-fields">
                {(ACTION_FIELDS[act] ?? []).map((name) =>
                  name === "annualRate" || name === "premiumRate" ? (
                    <RateField key={name} name={name} limits={limits} errors={errors[name]} />
                  ) : (
                    <label key={name}>
                      {t(`fin.input.${name}`)}
                      <input name={name} aria-invalid={errors[name] ? true : undefined} defaultValue={name === "termMonths" ? String(a.termMonths) : undefined} />
                      {errors[name] ? (
                        <span className="error" role="alert">
                          {errors[name].join("；")}
                        </span>
                      ) : null}
                    </label>
                  ),
                )}
                <button type="submit" className={act === "withdraw" || act.endsWith("reject") || act.endsWith("decline") ? "button secondary" : "button"} disabled={busy}>
                  {t(`fin.action.${act}`)}
                </button>
              </div>
              {errors[""] ? (
                <p className="error" role="alert">
                  {errors[""].join("；")}
                </p>
              ) : null}
            </Form>
          );
        })}
      </div>

      <h2>{t("fin.detail.timeline")}</h2>
      <ol className="fin-timeline">
        {a.timeline.map((e, i) => (
          <li key={i}>
            <strong>{t(`fin.action.${e.action}`)}</strong>
            {e.to && e.from !== e.to ? ` → ${t(`fin.status.${e.to}`)}` : ""}
            {e.reason ? `（${e.reason}）` : ""}
            {e.data && typeof e.data.kind === "string" && e.action.startsWith("subsidy.") ? ` · ${t(`sub.kind.${e.data.kind}`)}` : ""}
            {e.data && typeof e.data.amount === "string" ? ` · ${yuanText(e.data.amount)}` : ""}
            {e.data && typeof e.data.loss === "string" ? ` · ${t("fin.loss.summary", { loss: yuanText(e.data.loss), insurer: yuanText(String(e.data.insurer)), fund: yuanText(String(e.data.fund)), bank: yuanText(String(e.data.bank)) })}` : ""}
            {e.data && typeof e.data.policy === "string" ? ` · ${e.data.policy}` : ""}
            <div className="when">
              {formatDateTime(e.at, locale)} · <span className="who">{e.actor.platform ? t("fin.actor.platform") : [e.actor.org, e.actor.person ?? (e.actor.apiKey ? t("fin.actor.apiKey", { name: e.actor.apiKey }) : null)].filter(Boolean).join(" · ")}</span>
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}

/**
 * A rate typed as a percentage, with the subsidy limit of the policy in force beside it:
 * as soon as the typed rate is above the limit, the warning says the SME loses its subsidy.
 */
function RateField({ name, limits, errors }: { name: "annualRate" | "premiumRate"; limits: SubsidyLimits; errors?: string[] }) {
  const t = useT();
  const [typed, setTyped] = useState("");
  const decimal = percentToDecimal(typed);
  const interest = name === "annualRate";
  const loses = decimal !== null && (interest ? losesInterestSubsidy(decimal, limits) : losesPremiumSubsidy(decimal, limits));
  const params = { rate: decimal ? formatPercent(decimal) : "", limit: formatPercent(interest ? limits.interestRate : limits.premiumRate), multiple: limits.maxRateOverLpr, lpr: formatPercent(limits.lpr), policy: limits.policyRef };
  const kind = interest ? "interest" : "premium";
  return (
    <div className="fin-rate-field">
      <label>
        {t(`fin.input.${name}Pct`)}
        <input name={name} inputMode="decimal" value={typed} onChange={(e) => setTyped(e.target.value)} aria-invalid={errors ? true : undefined} aria-describedby={`${name}-limit`} />
      </label>
      {errors ? (
        <span className="error" role="alert">
          {errors.join("；")}
        </span>
      ) : null}
      <p id={`${name}-limit`} className={loses ? "fin-warn" : "fin-hint"} role={loses ? "alert" : undefined} data-testid={`${name}-limit`}>
        {t(loses ? `fin.rate.${kind}Warn` : `fin.rate.${kind}Ok`, params)}
      </p>
    </div>
  );
}

type Detail = ReturnType<typeof useLoaderData<typeof loader>>["application"];

/** The subsidies this loan earned, each with the policy version it was computed by and why it is less than the rule's share. */
function SubsidyList({ subsidies }: { subsidies: Detail["subsidies"] }) {
  const t = useT();
  return (
    <>
      <h2>{t("fin.sub.title")}</h2>
      <table className="table" aria-label={t("fin.sub.title")}>
        <thead>
          <tr>
            <th scope="col">{t("fin.sub.kind")}</th>
            <th scope="col">{t("fin.sub.eventOn")}</th>
            <th scope="col">{t("fin.sub.base")}</th>
            <th scope="col">{t("fin.sub.amount")}</th>
            <th scope="col">{t("fin.sub.policy")}</th>
            <th scope="col">{t("fin.sub.status")}</th>
          </tr>
        </thead>
        <tbody>
          {subsidies.map((s) => (
            <tr key={s.id}>
              <td>{t(`sub.kind.${s.kind}`)}</td>
              <td>{s.eventOn}</td>
              <td>{yuanText(s.base)}</td>
              <td>
                <strong>{yuanText(s.amount)}</strong>
                {s.flags.length ? <FlagList flags={s.flags} /> : null}
              </td>
              <td>{s.policyVersion}</td>
              <td>
                <AwardStatus award={s} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** Loss sharing on default (SPEC §8): L and every share, the fund's flags, the policy version, and recoveries shared back since. */
function LossSharesPanel({ shares }: { shares: NonNullable<Detail["lossShares"]> }) {
  const t = useT();
  return (
    <>
      <h2>{t("fin.loss.title")}</h2>
      <dl className="fin-terms">
        <dt>{t("fin.loss.loss")}</dt>
        <dd>{t("fin.loss.formula", { loss: yuanText(shares.loss), outstanding: yuanText(shares.outstanding), recovered: yuanText(shares.recoveredBefore) })}</dd>
        <dt>{t("fin.loss.insurer")}</dt>
        <dd>{yuanText(shares.insurer)}</dd>
        <dt>{t("fin.loss.fund")}</dt>
        <dd>
          {yuanText(shares.fund)}
          {shares.flags.map((f) => (
            <div key={f} className="tag tag-warn">
              {t(`fin.loss.flag.${f}`, { due: yuanText(shares.fundDue) })}
            </div>
          ))}
        </dd>
        <dt>{t("fin.loss.bank")}</dt>
        <dd>{yuanText(shares.bank)}</dd>
        <dt>{t("fin.detail.policy")}</dt>
        <dd>{shares.policyVersion}</dd>
      </dl>
      {shares.sharedBack.length ? (
        <>
          <h3>{t("fin.loss.sharedBack")}</h3>
          <ul>
            {shares.sharedBack.map((r, i) => (
              <li key={i}>
                {r.date} · {yuanText(r.amount)}：{t("fin.loss.back", { insurer: yuanText(r.insurer), fund: yuanText(r.fund), bank: yuanText(r.bank) })}（{r.policyVersion}）
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <RouteError />;
}
