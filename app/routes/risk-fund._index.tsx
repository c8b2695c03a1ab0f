import { ConfirmStep } from "~/components/confirm-step";
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
import { correctRiskFund, getRiskFund, previewRiskFundCorrection, previewRiskFundTopUp, topUpRiskFund } from "~/domain/financing/risk-fund.server";
import { Money } from "~/domain/shared/money";
import { pageQuerySchema } from "~/domain/shared/pagination";
import stylesheet from "~/styles/subsidies.css";
import { formatDateTime } from "~/utils/format";
import { useLocale, useT } from "~/utils/i18n-react";
import { pageTitle } from "~/utils/messages/identity";
import "~/utils/messages/subsidies";
import "~/utils/messages/partners";
import { requireSessionView } from "~/utils/session.server";
import { TableWrap } from "~/components/table-wrap";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "fund.meta");

type Correction = { amount: string; balanceBefore: string; balance: string; reason: string };
type TopUp = { amount: string; balanceBefore: string; balance: string; note: string };
type ActionData = {
  form?: "top-up" | "correct";
  /** The top-up to confirm (its confirm step). */
  topUpPreview?: TopUp;
  errors: FieldErrorMap;
  values?: { amount: string; note: string };
  done?: { amount: string; balance: string };
  /** The correcting entry to confirm (the confirm step), or the one just booked. */
  preview?: Correction;
  corrected?: Correction;
};

/** GOVERNMENT and platform staff read the fund; GOVERNMENT tops it up. */
export async function loader({ request }: LoaderFunctionArgs) {
  const view = await requireSessionView(request);
  const parsed = pageQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  const fund = await getRiskFund(view.actor, parsed.success ? parsed.data : { page: 1, pageSize: 20 }).catch(throwErrorPage);
  return { ...fund, canTopUp: canOnCountyFinance(view.actor, "top-up-risk-fund"), canCorrect: canOnCountyFinance(view.actor, "correct-risk-fund") };
}

/**
 * intent=top-up-preview (the confirm step: the same checks, nothing written), then
 * intent=top-up (books it) or intent=top-up-edit (back to the form); the same for a
 * correction: intent=correct-preview, then intent=correct or intent=correct-edit. One
 * person moves the county's money, so each move is confirmed with its amount in words.
 */
export async function action({ request }: ActionFunctionArgs) {
  const view = await requireSessionView(request);
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  const values = { amount: String(form.get("amount") ?? ""), note: String(form.get(intent.startsWith("top-up") ? "note" : "reason") ?? "").trim() };
  const which = intent.startsWith("top-up") ? "top-up" : "correct";
  try {
    if (intent === "top-up-preview") return data<ActionData>({ form: which, errors: {}, values, topUpPreview: await previewRiskFundTopUp(view.actor, { amount: values.amount, note: values.note || undefined }) });
    if (intent === "top-up-edit") return data<ActionData>({ form: which, errors: {}, values });
    if (intent === "top-up") return data<ActionData>({ form: which, errors: {}, done: await topUpRiskFund(view.actor, { amount: values.amount, note: values.note || undefined }) });
    if (intent === "correct-preview") return data<ActionData>({ form: which, errors: {}, values, preview: await previewRiskFundCorrection(view.actor, { amount: values.amount, reason: values.note }) });
    if (intent === "correct-edit") return data<ActionData>({ form: which, errors: {}, values });
    if (intent === "correct") return data<ActionData>({ form: which, errors: {}, corrected: await correctRiskFund(view.actor, { amount: values.amount, reason: values.note }) });
    return data<ActionData>({ errors: { "": ["sub.unknownIntent"] } }, { status: 400 });
  } catch (error) {
    const failure = formErrorsOf(error);
    if (!failure) throwErrorPage(error);
    return data<ActionData>({ form: which, errors: failure.errors, values }, { status: failure.status });
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
  const errors = result?.form !== "correct" ? (result?.errors ?? {}) : {};
  const correctErrors = result?.form === "correct" ? result.errors : {};
  const topUpValues = result?.form === "top-up" ? result.values : undefined;
  return (
    <>
      <section className="card">
        <h1>{t("fund.title")}</h1>
        <p className="muted">{t("fund.intro")}</p>
        {result?.corrected ? (
          <p className="notice" role="status">
            {t("fund.correct.done", { amount: signed(result.corrected.amount), balance: yuan(result.corrected.balance) })}
          </p>
        ) : null}
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
          {fund.corrected !== "0.00" ? <Figure label={t("fund.corrected")} value={signed(fund.corrected)} /> : null}
        </dl>
      </section>

      {fund.canTopUp ? (
        <section className="card" aria-labelledby="top-up-title">
          <h2 id="top-up-title">{t("fund.topUp.title")}</h2>
          {result?.topUpPreview ? (
            <ConfirmStep
              id="top-up"
              className="sub-top-up"
              title={t("fund.topUp.confirmTitle")}
              amount={result.topUpPreview.amount}
              hidden={{ amount: result.topUpPreview.amount, note: result.topUpPreview.note }}
              confirm={{ intent: "top-up", label: t("fund.topUp.confirm"), busyLabel: t("fund.topUp.submitting") }}
              back={{ intent: "top-up-edit", label: t("fund.correct.back") }}
              busy={busy}
            >
              <p role="status">
                {t("fund.topUp.confirmText", { amount: yuan(result.topUpPreview.amount), before: yuan(result.topUpPreview.balanceBefore), after: yuan(result.topUpPreview.balance) })}
              </p>
              {result.topUpPreview.note ? <p>{t("fund.topUp.confirmNote", { note: result.topUpPreview.note })}</p> : null}
            </ConfirmStep>
          ) : (
            <Form method="post" className="sub-top-up" noValidate key={result?.done?.balance ?? "top-up"}>
              <input type="hidden" name="intent" value="top-up-preview" />
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
                defaultValue={topUpValues?.amount}
              />
              <PlainField id="top-up-note" name="note" label={t("fund.topUp.note")} hint={t("fund.topUp.noteHint")} errors={errors.note} maxLength={500} defaultValue={topUpValues?.note} />
              <div className="form-actions">
                <button type="submit" className="button" disabled={busy}>
                  {t("fund.topUp.submit")}
                </button>
              </div>
            </Form>
          )}
        </section>
      ) : null}

      {fund.canCorrect ? <CorrectionForm result={result} errors={correctErrors} busy={busy} /> : null}

      <section className="card" aria-labelledby="ledger-title">
        <h2 id="ledger-title">{t("fund.ledger")}</h2>
        {fund.total === 0 ? (
          <p className="empty">{t("fund.empty")}</p>
        ) : (
          <TableWrap label={t("fund.ledgerTable")}>
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
          </TableWrap>
        )}
        <Pagination page={fund.page} pages={Math.ceil(fund.total / fund.pageSize)} label={t("fund.ledger")} />
      </section>
    </>
  );
}

/** GOVERNMENT's correcting entry: amount and reason, then a confirm step showing the balance before and after. */
function CorrectionForm({ result, errors, busy }: { result: ActionData | undefined; errors: FieldErrorMap; busy: boolean }) {
  const t = useT();
  const preview = result?.preview;
  return (
    <section className="card" aria-labelledby="correct-title">
      <h2 id="correct-title">{t("fund.correct.title")}</h2>
      <p className="muted">{t("fund.correct.intro")}</p>
      {preview ? (
        <ConfirmStep
          id="correct"
          className="sub-top-up"
          title={t("fund.correct.confirmTitle")}
          amount={preview.amount}
          hidden={{ amount: preview.amount, reason: preview.reason }}
          confirm={{ intent: "correct", label: t("fund.correct.confirm"), busyLabel: t("fund.correct.submitting") }}
          back={{ intent: "correct-edit", label: t("fund.correct.back") }}
          busy={busy}
        >
          <p role="status">{t("fund.correct.confirmText", { before: yuan(preview.balanceBefore), after: yuan(preview.balance), amount: signed(preview.amount) })}</p>
          <p>{t("fund.correct.confirmReason", { reason: preview.reason })}</p>
        </ConfirmStep>
      ) : (
        <Form method="post" className="sub-top-up" noValidate key={result?.corrected?.balance ?? "correct"}>
          <input type="hidden" name="intent" value="correct-preview" />
          <FormErrors id="correct-error" errors={errors[""]} />
          <PlainField
            id="correct-amount"
            name="amount"
            label={t("fund.correct.amount")}
            hint={t("fund.correct.amountHint")}
            errors={errors.amount}
            inputMode="decimal"
            required
            autoComplete="off"
            defaultValue={result?.corrected ? undefined : result?.values?.amount}
          />
          <PlainField id="correct-reason" name="reason" label={t("fund.correct.reason")} hint={t("fund.correct.reasonHint")} errors={errors.reason} required maxLength={500} defaultValue={result?.corrected ? undefined : result?.values?.note} />
          <div className="form-actions">
            <button type="submit" className="button" disabled={busy}>
              {t("fund.correct.preview")}
            </button>
          </div>
        </Form>
      )}
    </section>
  );
}

export function ErrorBoundary() {
  return <RouteError messages={{ 403: "fund.forbidden" }} />;
}
