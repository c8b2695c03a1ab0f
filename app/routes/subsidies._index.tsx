import { ConfirmStep } from "~/components/confirm-step";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { readForm } from "~/utils/forms.server";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FormErrors, PlainField } from "~/components/form-field";
import { Pagination } from "~/components/pagination";
import { RouteError } from "~/components/route-error";
import { AwardTable } from "~/components/subsidies/award-table";
import { BudgetChart } from "~/components/subsidies/budget-chart";
import { type FieldErrorMap, formErrorsOf, throwErrorPage } from "~/utils/form-errors.server";
import { Figure } from "~/components/subsidies/figure";
import { SubsidyStatement } from "~/components/subsidies/statement";
import { canOnSubsidies } from "~/domain/subsidies/policies";
import { shanghaiDate, yearOf } from "~/domain/shared/calendar";
import { Money } from "~/domain/shared/money";
import { budgetYearSchema, getSubsidyBudget, previewSubsidyBudget, setSubsidyBudget } from "~/domain/subsidies/budgets.server";
import { markAwardsPaid, previewMarkPaid } from "~/domain/subsidies/pay-out.server";
import { listSubsidyAwards, subsidyStatement } from "~/domain/subsidies/queries.server";
import { awardQuerySchema, SUBSIDY_KINDS, SUBSIDY_STATUSES } from "~/domain/subsidies/schemas";
import stylesheet from "~/styles/subsidies.css";
import { useT } from "~/utils/i18n-react";
import { pageTitle } from "~/utils/messages/identity";
import "~/utils/messages/subsidies";
import { requireSessionView } from "~/utils/session.server";
import { clock } from "~/domain/shared/clock";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "sub.meta");

type ActionData = {
  intent: string;
  errors: FieldErrorMap;
  done?: {
    year?: number;
    amount?: string;
    paid?: number;
    total?: string;
    voucherNo?: string;
  };
  /** The confirm steps (one person moves the county's money): the budget change, the payment to record. */
  budgetPreview?: { year: number; from: string; to: string; used: string };
  payPreview?: {
    awardIds: string[];
    count: number;
    total: string;
    voucherNo: string;
  };
  /** What the form held when the user went back to change it. */
  values?: { amount?: string; awardIds?: string[]; voucherNo?: string };
};

/** The year asked for, else the current year in Asia/Shanghai. */
const yearFrom = (value: unknown) => budgetYearSchema.catch(yearOf(shanghaiDate(clock.now()))).parse(value ?? "");

/** GOVERNMENT: the year's budget, payment batch and awards. An SME: its own statement. Anyone else: 403 (the domain decides). */
export async function loader({ request }: LoaderFunctionArgs) {
  const view = await requireSessionView(request);
  const params = Object.fromEntries([...new URL(request.url).searchParams].filter(([, v]) => v !== ""));
  const year = yearFrom(params.year);
  const thisYear = yearOf(shanghaiDate(clock.now()));
  if (!canOnSubsidies(view.actor, undefined, "read-budget")) {
    return {
      desk: "SME" as const,
      year,
      thisYear,
      statement: await subsidyStatement(view.actor, year).catch(throwErrorPage),
    };
  }
  const parsed = awardQuerySchema.safeParse({ ...params, year });
  const query = parsed.success ? parsed.data : { page: 1, pageSize: 20, year };
  const [budget, awards] = await Promise.all([getSubsidyBudget(view.actor, year), listSubsidyAwards(view.actor, query)]).catch(throwErrorPage);
  return {
    desk: "GOVERNMENT" as const,
    year,
    thisYear,
    budget,
    awards,
    kind: query.kind ?? "",
    status: query.status ?? "",
    kinds: SUBSIDY_KINDS,
    statuses: SUBSIDY_STATUSES,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const view = await requireSessionView(request);
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  const year = yearFrom(form.get("year"));
  const amount = String(form.get("amount") ?? "");
  const pay = {
    awardIds: form.getAll("awardId").map(String),
    voucherNo: String(form.get("voucherNo") ?? ""),
  };
  try {
    // Each money move is confirmed first: *-preview runs the same checks and writes nothing; *-edit goes back to the form.
    if (intent === "set-budget-preview")
      return data<ActionData>({
        intent,
        errors: {},
        budgetPreview: await previewSubsidyBudget(view.actor, year, { amount }),
      });
    if (intent === "set-budget-edit") return data<ActionData>({ intent, errors: {}, values: { amount } });
    if (intent === "set-budget") {
      const budget = await setSubsidyBudget(view.actor, year, { amount });
      return data<ActionData>({
        intent,
        errors: {},
        done: { year, amount: budget.amount },
      });
    }
    if (intent === "mark-paid-preview")
      return data<ActionData>({
        intent,
        errors: {},
        payPreview: await previewMarkPaid(view.actor, pay),
        values: pay,
      });
    if (intent === "mark-paid-edit") return data<ActionData>({ intent, errors: {}, values: pay });
    if (intent === "mark-paid") {
      const paid = await markAwardsPaid(view.actor, pay);
      return data<ActionData>({
        intent,
        errors: {},
        done: {
          paid: paid.paid,
          total: paid.total,
          voucherNo: pay.voucherNo.trim(),
        },
      });
    }
    return data<ActionData>({ intent, errors: { "": ["sub.unknownIntent"] } }, { status: 400 });
  } catch (error) {
    const failure = formErrorsOf(error);
    if (!failure) throwErrorPage(error);
    return data<ActionData>(
      {
        intent: intent.replace(/-preview$/, ""),
        errors: failure.errors,
        values: { amount, ...pay },
      },
      { status: failure.status }
    );
  }
}

const yuan = (text: string) => Money.parseYuan(text).format();

export default function Subsidies() {
  const t = useT();
  const loaded = useLoaderData<typeof loader>();
  return (
    <>
      <section className="card">
        <div className="page-head">
          <div>
            <h1>{t("sub.title")}</h1>
            <p className="muted">{loaded.desk === "GOVERNMENT" ? t("sub.introGov") : t("sub.introSme")}</p>
          </div>
          <YearPicker year={loaded.year} thisYear={loaded.thisYear} />
        </div>
      </section>
      {loaded.desk === "GOVERNMENT" ? <GovernmentDesk {...loaded} /> : <SubsidyStatement statement={loaded.statement} />}
    </>
  );
}

function YearPicker({ year, thisYear }: { year: number; thisYear: number }) {
  const t = useT();
  const years = Array.from(new Set([...Array.from({ length: 6 }, (_, i) => thisYear + 1 - i), year])).sort((a, b) => b - a);
  return (
    <Form method="get" className="inline-form">
      <label htmlFor="year-select">{t("sub.year")}</label>
      <select id="year-select" name="year" defaultValue={String(year)}>
        {years.map((y) => (
          <option key={y} value={y}>
            {t("sub.yearOption", { year: y })}
          </option>
        ))}
      </select>
      <button type="submit" className="button button-secondary">
        {t("sub.yearApply")}
      </button>
    </Form>
  );
}

type Desk = Extract<ReturnType<typeof useLoaderData<typeof loader>>, { desk: "GOVERNMENT" }>;

function GovernmentDesk({ year, budget, awards, kind, status, kinds, statuses }: Desk) {
  const t = useT();
  const result = useActionData<ActionData>();
  const navigation = useNavigation();
  const busy = (intent: string) => navigation.state === "submitting" && navigation.formData?.get("intent") === intent;
  const errorsOf = (intent: string) => (result?.intent === intent ? result.errors : {});
  const budgetErrors = errorsOf("set-budget");
  const payErrors = errorsOf("mark-paid");
  const hasUnpaid = awards.items.some((a) => a.status === "UNPAID");
  const batch = (format: string) => `/subsidies/payment-batch?year=${year}&format=${format}`;
  return (
    <>
      {result?.done?.amount ? (
        <p className="notice" role="status">
          {t("sub.budget.saved", {
            year: result.done.year ?? year,
            amount: yuan(result.done.amount),
          })}
        </p>
      ) : null}
      {result?.done?.paid ? (
        <p className="notice" role="status">
          {t("sub.pay.done", {
            count: result.done.paid,
            total: yuan(result.done.total ?? "0"),
            voucher: result.done.voucherNo ?? "",
          })}
        </p>
      ) : null}

      <section className="card" aria-labelledby="budget-title">
        <h2 id="budget-title">{t("sub.budget.title", { year })}</h2>
        <dl className="sub-figures">
          <Figure label={t("sub.budget.amount")} value={yuan(budget.amount)} testId="budget-amount" />
          <Figure label={t("sub.budget.used")} value={yuan(budget.used)} />
          <Figure label={t("sub.budget.remaining")} value={yuan(budget.remaining)} testId="budget-remaining" />
          <Figure label={t("sub.budget.unpaid")} value={yuan(budget.unpaid)} />
          <Figure label={t("sub.budget.paid")} value={yuan(budget.paid)} />
        </dl>
        <h3>{t("sub.budget.byKind")}</h3>
        <ul className="sub-inline-list">
          {kinds.map((k) => (
            <li key={k}>
              {t(`sub.kind.${k}`)} <strong>{yuan(budget.byKind[k])}</strong>
            </li>
          ))}
        </ul>
        <p className="muted">
          {!budget.opened
            ? t("sub.budget.notOpened", { ref: budget.policyVersion ?? "" })
            : budget.policyVersion
            ? t("sub.budget.fromPolicy", { ref: budget.policyVersion })
            : t("sub.budget.setByGov")}
        </p>
        <BudgetChart year={year} amount={budget.amount} used={budget.used} remaining={budget.remaining} byMonth={budget.byMonth} />
        {result?.budgetPreview ? (
          <ConfirmStep
            id="budget"
            className="sub-inline-form"
            title={t("sub.budget.confirmTitle")}
            amount={result.budgetPreview.to}
            hidden={{ year: String(result.budgetPreview.year), amount: result.budgetPreview.to }}
            confirm={{ intent: "set-budget", label: t("sub.budget.confirm") }}
            back={{ intent: "set-budget-edit", label: t("sub.back") }}
            busy={busy("set-budget")}
          >
            <p role="status">
              {t("sub.budget.confirmText", {
                year: result.budgetPreview.year,
                from: yuan(result.budgetPreview.from),
                to: yuan(result.budgetPreview.to),
                used: yuan(result.budgetPreview.used),
              })}
            </p>
          </ConfirmStep>
        ) : (
          <Form method="post" className="sub-inline-form" aria-labelledby="budget-form-title" noValidate key={result?.done?.amount ?? "budget"}>
            <h3 id="budget-form-title">{t("sub.budget.form")}</h3>
            <input type="hidden" name="intent" value="set-budget-preview" />
            <input type="hidden" name="year" value={year} />
            <FormErrors id="budget-form-error" errors={budgetErrors[""]} />
            <PlainField
              id="budget-amount"
              name="amount"
              label={t("sub.budget.field")}
              hint={t("sub.budget.hint")}
              errors={budgetErrors.amount}
              inputMode="decimal"
              defaultValue={result?.intent === "set-budget-edit" || result?.intent === "set-budget" ? result.values?.amount ?? budget.amount : budget.amount}
              required
              action={
                <button type="submit" className="button" disabled={busy("set-budget-preview")}>
                  {t("sub.budget.submit")}
                </button>
              }
            />
          </Form>
        )}
      </section>

      <section className="card" aria-labelledby="export-title">
        <h2 id="export-title">{t("sub.export.title")}</h2>
        <p className="muted">{t("sub.export.hint")}</p>
        <div className="row">
          <a className="button button-secondary" href={batch("csv")} download>
            {t("sub.export.csv")}
          </a>
          <a className="button button-secondary" href={batch("xlsx")} download>
            {t("sub.export.xlsx")}
          </a>
        </div>
      </section>

      <section className="card" aria-labelledby="awards-title">
        <h2 id="awards-title">{t("sub.awards")}</h2>
        <Form method="get" className="inline-form" aria-label={t("sub.filter")}>
          <input type="hidden" name="year" value={year} />
          <label htmlFor="kind-filter">{t("sub.filter.kind")}</label>
          <select id="kind-filter" name="kind" defaultValue={kind}>
            <option value="">{t("sub.filter.all")}</option>
            {kinds.map((k) => (
              <option key={k} value={k}>
                {t(`sub.kind.${k}`)}
              </option>
            ))}
          </select>
          <label htmlFor="status-filter">{t("sub.filter.status")}</label>
          <select id="status-filter" name="status" defaultValue={status}>
            <option value="">{t("sub.filter.all")}</option>
            {statuses.map((s) => (
              <option key={s} value={s}>
                {t(`sub.status.${s}`)}
              </option>
            ))}
          </select>
          <button type="submit" className="button button-secondary">
            {t("sub.filter.apply")}
          </button>
        </Form>
        {result?.payPreview ? (
          <ConfirmStep
            id="pay"
            className="sub-pay"
            title={t("sub.pay.confirmTitle")}
            amount={result.payPreview.total}
            hidden={{ year: String(year), voucherNo: result.payPreview.voucherNo, awardId: result.payPreview.awardIds }}
            confirm={{ intent: "mark-paid", label: t("sub.pay.confirm") }}
            back={{ intent: "mark-paid-edit", label: t("sub.back") }}
            busy={busy("mark-paid")}
          >
            <p role="status">
              {t("sub.pay.confirmText", {
                count: result.payPreview.count,
                total: yuan(result.payPreview.total),
                voucher: result.payPreview.voucherNo,
              })}
            </p>
          </ConfirmStep>
        ) : awards.total === 0 ? (
          <p className="empty">{kind || status ? t("sub.emptyFiltered") : t("sub.empty", { year })}</p>
        ) : (
          <Form method="post" aria-labelledby="pay-title" noValidate key={result?.done?.paid ? `paid-${result.done.voucherNo}` : `pay-${result?.intent ?? ""}`}>
            <input type="hidden" name="intent" value="mark-paid-preview" />
            <input type="hidden" name="year" value={year} />
            <AwardTable awards={awards.items} selectable label={t("sub.awards")} selected={result?.done ? [] : result?.values?.awardIds ?? []} />
            <Pagination page={awards.page} pages={Math.ceil(awards.total / awards.pageSize)} label={t("sub.awards")} />
            <fieldset className="sub-pay">
              <legend id="pay-title">{t("sub.pay.title")}</legend>
              {hasUnpaid ? (
                <>
                  <p className="hint">{t("sub.pay.hint")}</p>
                  <FormErrors id="pay-form-error" errors={[...(payErrors[""] ?? []), ...(payErrors.awardIds ?? [])]} />
                  <PlainField
                    id="voucher-no"
                    name="voucherNo"
                    label={t("sub.pay.voucher")}
                    errors={payErrors.voucherNo}
                    maxLength={64}
                    required
                    autoComplete="off"
                    defaultValue={result?.done ? undefined : result?.values?.voucherNo}
                    action={
                      <button type="submit" className="button" disabled={busy("mark-paid-preview")}>
                        {t("sub.pay.submit")}
                      </button>
                    }
                  />
                </>
              ) : (
                <p className="muted">{t("sub.pay.none")}</p>
              )}
            </fieldset>
          </Form>
        )}
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <RouteError messages={{ 403: "sub.forbidden" }} />;
}
