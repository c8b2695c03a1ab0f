import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { readForm } from "~/utils/forms.server";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FormErrors, PlainField } from "~/components/form-field";
import { Pagination } from "~/components/pagination";
import { RouteError } from "~/components/route-error";
import { type FieldErrorMap, formErrorsOf, throwErrorPage } from "~/utils/form-errors.server";
import { Figure } from "~/components/subsidies/figure";
import { canOnCountyFinance } from "~/domain/financing/policies";
import { getRiskFund, topUpRiskFund } from "~/domain/financing/risk-fund.server";
import { Money } from "~/domain/shared/money";
import { pageQuerySchema } from "~/domain/shared/pagination";
import stylesheet from "~/styles/subsidies.css";
import { formatDateTime } from "~/utils/format";
import { useLocale, useT } from "~/utils/i18n-react";
import { pageTitle } from "~/utils/messages/identity";
import "~/utils/messages/subsidies";
import { requireSessionView } from "~/utils/session.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "fund.meta");

type ActionData = { errors: FieldErrorMap; values?: { amount: string; note: string }; done?: { amount: string; balance: string } };

/** GOVERNMENT and platform staff read the fund; GOVERNMENT tops it up. */
export async function loader({ request }: LoaderFunctionArgs) {
  const view = await requireSessionView(request);
  const parsed = pageQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  const fund = await getRiskFund(view.actor, parsed.success ? parsed.data : { page: 1, pageSize: 20 }).catch(throwErrorPage);
  return { ...fund, canTopUp: canOnCountyFinance(view.actor, "top-up-risk-fund") };
}

export async function action({ request }: ActionFunctionArgs) {
  const view = await requireSessionView(request);
  const form = await readForm(request);
  const values = { amount: String(form.get("amount") ?? ""), note: String(form.get("note") ?? "").trim() };
  if (form.get("intent") !== "top-up") return data<ActionData>({ errors: { "": ["sub.unknownIntent"] } }, { status: 400 });
  try {
    const done = await topUpRiskFund(view.actor, { amount: values.amount, note: values.note || undefined });
    return data<ActionData>({ errors: {}, done });
  } catch (error) {
    const failure = formErrorsOf(error);
    if (!failure) throwErrorPage(error);
    return data<ActionData>({ errors: failure.errors, values }, { status: failure.status });
  }
}

const yuan = (text: string) => Money.parseYuan(text).format();
/** A ledger amount with its sign: money in "+¥…", money out "-¥…". */
const signed = (text: string) => (Money.parseYuan(text).isNegative() ? yuan(text) : `+${yuan(text)}`);

export default function RiskFund() {
  const t = useT();
  const locale = useLocale();
  const fund = useLoaderData<typeof loader>();
  const result = useActionData<ActionData>();
  const busy = useNavigation().state === "submitting";
  const errors = result?.errors ?? {};
  return (
    <>
      <section className="card">
        <h1>{t("fund.title")}</h1>
        <p className="muted">{t("fund.intro")}</p>
        {result?.done ? (
          <p className="notice" role="status">
            {t("fund.topUp.done", { amount: yuan(result.done.amount), balance: yuan(result.done.balance) })}
          </p>
        ) : null}
        <dl className="sub-figures">
          <Figure label={t("fund.balance")} value={yuan(fund.balance)} testId="fund-balance" />
          <Figure label={t("fund.toppedUp")} value={yuan(fund.toppedUp)} />
          <Figure label={t("fund.compensated")} value={yuan(fund.compensated)} />
          <Figure label={t("fund.returned")} value={yuan(fund.returned)} />
        </dl>
      </section>

      {fund.canTopUp ? (
        <section className="card" aria-labelledby="top-up-title">
          <h2 id="top-up-title">{t("fund.topUp.title")}</h2>
          <Form method="post" className="sub-top-up" noValidate key={result?.done?.balance ?? "top-up"}>
            <input type="hidden" name="intent" value="top-up" />
            <FormErrors id="top-up-error" errors={errors[""]} />
            <PlainField
              id="top-up-amount"
              name="amount"
              label={t("fund.topUp.amount")}
              hint={t("fund.topUp.amountHint")}
              errors={errors.amount}
              inputMode="decimal"
              required
              autoComplete="off"
              defaultValue={result?.values?.amount}
            />
            <PlainField id="top-up-note" name="note" label={t("fund.topUp.note")} hint={t("fund.topUp.noteHint")} errors={errors.note} maxLength={500} defaultValue={result?.values?.note} />
            <div className="form-actions">
              <button type="submit" className="button" disabled={busy}>
                {busy ? t("fund.topUp.submitting") : t("fund.topUp.submit")}
              </button>
            </div>
          </Form>
        </section>
      ) : null}

      <section className="card" aria-labelledby="ledger-title">
        <h2 id="ledger-title">{t("fund.ledger")}</h2>
        {fund.total === 0 ? (
          <p className="empty">{t("fund.empty")}</p>
        ) : (
          <div className="table-scroll">
            <table className="table" aria-labelledby="ledger-title">
              <thead>
                <tr>
                  <th scope="col">{t("fund.col.at")}</th>
                  <th scope="col">{t("fund.col.kind")}</th>
                  <th scope="col" className="num">
                    {t("fund.col.amount")}
                  </th>
                  <th scope="col" className="num">
                    {t("fund.col.balanceAfter")}
                  </th>
                  <th scope="col">{t("fund.col.application")}</th>
                  <th scope="col">{t("fund.col.note")}</th>
                </tr>
              </thead>
              <tbody>
                {fund.entries.map((e) => (
                  <tr key={e.id}>
                    <td>{formatDateTime(e.at, locale)}</td>
                    <td>{t(`fund.kind.${e.kind}`)}</td>
                    <td className={Money.parseYuan(e.amount).isNegative() ? "num sub-out" : "num sub-in"}>{signed(e.amount)}</td>
                    <td className="num">{yuan(e.balanceAfter)}</td>
                    <td>{e.applicationId ? <Link to={`/financing/${e.applicationId}`}>{e.smeName ?? e.applicationId}</Link> : <span className="muted">—</span>}</td>
                    <td>{e.note || <span className="muted">—</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pagination page={fund.page} pages={Math.ceil(fund.total / fund.pageSize)} label={t("fund.ledger")} />
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <RouteError messages={{ 403: "fund.forbidden" }} />;
}
