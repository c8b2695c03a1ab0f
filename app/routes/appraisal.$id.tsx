import { bookToday } from "~/domain/shared/book-dates";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { readFormWithFile } from "~/utils/forms.server";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ZodError } from "zod";
import { FieldErrors } from "~/components/form-field";
import { RouteError } from "~/components/route-error";
import { actOnAppraisalJob } from "~/domain/appraisal/act-on-appraisal-job.server";
import { APPRAISAL_METHODS } from "~/domain/appraisal/assignment";
import { putBid } from "~/domain/appraisal/put-bid.server";
import { MAX_REPORT_BYTES } from "~/domain/appraisal/report-file.server";
import { submitReportWithFile } from "~/domain/appraisal/submit-report.server";
import { getAppraisalJob } from "~/domain/appraisal/queries.server";
import { reportInputSchema } from "~/domain/appraisal/schemas";
import { actOnPayment } from "~/domain/payments/act-on-payment.server";
import { listPayments } from "~/domain/payments/queries.server";
import { DomainError } from "~/domain/shared/errors";
import { Money } from "~/domain/shared/money";
import stylesheet from "~/styles/financing.css";
import { throwErrorPage } from "~/utils/form-errors.server";
import { formatDateTime } from "~/utils/format";
import { useLocale, useT } from "~/utils/i18n-react";
import "~/utils/messages/financing";
import "~/utils/messages/partners";
import { pageTitle } from "~/utils/messages/identity";
import { requireSessionView } from "~/utils/session.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "appr.meta");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const view = await requireSessionView(request);
  const job = await getAppraisalJob(view.actor, params.id ?? "").catch(throwErrorPage);
  // The fee is owed only once the report is accepted: before that there is nothing of the appraiser's to list.
  const payments =
    job.assignedAppraiserId === view.actor.orgId
      ? (
          await listPayments(view.actor, { applicationId: job.applicationId }).catch((error) => {
            if (error instanceof DomainError && error.code === "NOT_FOUND") return [];
            throw error;
          })
        )
      : [];
  return { job, payments, orgId: view.actor.orgId, today: bookToday() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const view = await requireSessionView(request);
  // The report's PDF may ride along (≤ 20 MB): refuse a larger body before reading it.
  if (Number(request.headers.get("Content-Length") ?? 0) > MAX_REPORT_BYTES + 1_000_000) return data({ intent: "submit-report", errors: ["评估报告 PDF 不能超过 20 MB"] }, { status: 413 });
  let form: FormData;
  try {
    form = await readFormWithFile(request, { fileField: "file", maxFileBytes: MAX_REPORT_BYTES });
  } catch (error) {
    if (error instanceof Response && error.status === 413) return data({ intent: "submit-report", errors: ["评估报告 PDF 不能超过 20 MB"] }, { status: 413 });
    throw error;
  }
  const intent = String(form.get("intent") ?? "");
  const jobId = params.id ?? "";
  try {
    if (intent === "bid") {
      // The use case validates the bid as a whole (with the job's ceiling) and names every bad field.
      await putBid(view.actor, jobId, { fee: form.get("fee"), days: form.get("days"), method: form.get("method"), note: form.get("note") ?? "" });
    } else if (intent === "submit-report") {
      const file = form.get("file");
      const pdf = file instanceof File && file.size > 0 ? new Uint8Array(await file.arrayBuffer()) : null;
      const values = form.getAll("assetId").map((assetId, i) => ({ assetId: String(assetId), value: String(form.getAll("value")[i] ?? "") }));
      await submitReportWithFile(view.actor, jobId, reportInputSchema.parse({ version: form.get("version"), values, method: form.get("method"), validUntil: form.get("validUntil") }), pdf);
    } else if (intent === "accept-assignment" || intent === "decline-assignment" || intent === "close-bidding") {
      await actOnAppraisalJob(view.actor, jobId, intent, { version: form.get("version") });
    } else if (intent === "confirm-receipt") {
      await actOnPayment(view.actor, String(form.get("paymentId")), "confirm-receipt", { version: Number(form.get("version")), receivedOn: String(form.get("receivedOn") ?? "") || undefined });
    } else {
      return data({ intent, errors: ["未知操作"] }, { status: 400 });
    }
    return { intent, errors: [] as string[], done: true };
  } catch (error) {
    if (error instanceof ZodError) return data({ intent, errors: error.issues.map((i) => i.message) }, { status: 400 });
    if (error instanceof DomainError) return data({ intent, errors: error.fieldErrors ? Object.values(error.fieldErrors).flat() : [error.message], fieldErrors: (error.fieldErrors ?? {}) as Record<string, string[]> }, { status: 400 });
    throw error;
  }
}

const yuanText = (yuan: string | null) => (yuan === null ? "—" : Money.parseYuan(yuan).format());

export default function AppraisalJobPage() {
  const t = useT();
  const locale = useLocale();
  const { job, payments, orgId, today } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const errors = (intent: string) =>
    result && result.intent === intent && result.errors.length ? (
      <p className="error" role="alert">
        {result.errors.join("；")}
      </p>
    ) : null;
  const mine = job.assignedAppraiserId === orgId;
  // The bid's errors by field (the use case names every bad field at once); anything else about the bid as a whole.
  const returnedFieldErrors = result && "fieldErrors" in result ? (result.fieldErrors as Record<string, string[]>) : {};
  const bidErrors: Record<string, string[]> = result && result.intent === "bid" && result.errors.length ? (Object.keys(returnedFieldErrors).length ? returnedFieldErrors : { "": result.errors }) : {};
  const fieldProps = (name: string) => (bidErrors[name] ? { "aria-invalid": true as const, "aria-describedby": `bid-${name}-error` } : {});
  return (
    <section className="card">
      <h1>
        {job.sme.name} · {t(`appr.status.${job.status}`)}
      </h1>
      <p className="muted">
        {t("appr.deadline", { at: formatDateTime(job.deadline, locale) })} · {t("appr.reference", { fee: yuanText(job.referenceFee) })}
      </p>
      {result && "done" in result ? (
        <p className="notice" role="status">
          {t(`appr.done.${result.intent}`)}
        </p>
      ) : null}
      <ul>
        {job.assets.map((a) => (
          <li key={a.id}>
            {a.title}（{a.registrationNumber}，{t(`assetType.${a.assetType}`)}）
          </li>
        ))}
      </ul>

      {job.canBid ? (
        <Form method="post" className="fin-actions" aria-label={t("appr.bid.title")} noValidate>
          <h2>{t("appr.bid.title")}</h2>
          {job.bidCeiling ? (
            <p className="muted" id="bid-ceiling">
              {t("appr.bid.ceiling", { ceiling: yuanText(job.bidCeiling), multiple: job.bidCeilingMultiple })}
            </p>
          ) : null}
          {job.myBid?.warning ? (
            <p className="notice" role="status">
              {t("appr.bid.warned", { warning: t(`appr.warning.${job.myBid.warning}`) })}
            </p>
          ) : null}
          <input type="hidden" name="intent" value="bid" />
          <div className="inline-fields">
            <label>
              {t("appr.bid.fee")}
              <input name="fee" inputMode="decimal" defaultValue={job.myBid?.fee} required {...fieldProps("fee")} aria-describedby={[job.bidCeiling ? "bid-ceiling" : null, bidErrors.fee ? "bid-fee-error" : null].filter(Boolean).join(" ") || undefined} />
            </label>
            <label>
              {t("appr.bid.days")}
              <input name="days" type="number" min={1} max={365} defaultValue={job.myBid?.days} required {...fieldProps("days")} />
            </label>
            <label>
              {t("appr.bid.method")}
              <select name="method" defaultValue={job.myBid?.method ?? "INCOME"} {...fieldProps("method")}>
                {APPRAISAL_METHODS.map((m) => (
                  <option key={m} value={m}>
                    {t(`appr.method.${m}`)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t("appr.bid.note")}
              <input name="note" defaultValue={job.myBid?.note} {...fieldProps("note")} />
            </label>
            <button type="submit" className="button" disabled={busy}>
              {t("appr.bid.submit")}
            </button>
          </div>
          {(["fee", "days", "method", "note"] as const).map((name) => (
            <FieldErrors key={name} id={`bid-${name}-error`} errors={bidErrors[name]} />
          ))}
          {bidErrors[""] ? <FieldErrors id="bid-error" errors={bidErrors[""]} /> : null}
        </Form>
      ) : null}

      {job.canCloseBidding ? (
        <Form method="post">
          <input type="hidden" name="intent" value="close-bidding" />
          <button type="submit" className="button secondary" disabled={busy}>
            {t("appr.close")}
          </button>
          {errors("close-bidding")}
        </Form>
      ) : null}

      {job.status === "OFFERED" && mine ? (
        <div className="fin-actions">
          <h2>{t("appr.offer.title")}</h2>
          <p>{t("appr.offer.fee", { fee: yuanText(job.assignedFee) })}</p>
          <Form method="post" className="inline-fields">
            <input type="hidden" name="version" value={job.version} />
            <button type="submit" name="intent" value="accept-assignment" className="button" disabled={busy}>
              {t("appr.accept")}
            </button>
            <button type="submit" name="intent" value="decline-assignment" className="button secondary" disabled={busy}>
              {t("appr.decline")}
            </button>
          </Form>
          {errors("accept-assignment")}
          {errors("decline-assignment")}
        </div>
      ) : null}

      {(job.status === "ASSIGNED" || job.status === "REPORTED") && mine ? (
        <Form method="post" encType="multipart/form-data" className="fin-actions" aria-label={t("appr.report.title")}>
          <h2>{t("appr.report.title")}</h2>
          <input type="hidden" name="intent" value="submit-report" />
          <input type="hidden" name="version" value={job.version} />
          <div className="inline-fields">
            {job.assets.map((a) => (
              <label key={a.id}>
                {t("appr.report.value", { title: a.title })}
                <input type="hidden" name="assetId" value={a.id} />
                <input name="value" inputMode="decimal" required />
              </label>
            ))}
            <label>
              {t("appr.bid.method")}
              <select name="method" defaultValue="INCOME">
                {APPRAISAL_METHODS.map((m) => (
                  <option key={m} value={m}>
                    {t(`appr.method.${m}`)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t("appr.report.validUntil")}
              <input name="validUntil" required />
            </label>
            <label>
              {t("appr.report.file")}
              <input name="file" type="file" accept="application/pdf" />
            </label>
            <button type="submit" className="button" disabled={busy}>
              {t("appr.report.submit")}
            </button>
          </div>
          {errors("submit-report")}
        </Form>
      ) : null}

      {job.status !== "OPEN" && !mine && job.myBid ? <p className="muted">{t("appr.lost")}</p> : null}

      {payments.length ? (
        <>
          <h2>{t("appr.payments")}</h2>
          <ul>
            {payments.map((p) => (
              <li key={p.id}>
                {yuanText(p.amount)} · {t(`fin.paystatus.${p.status}`)}
                {p.transferReference ? `（${p.transferReference}）` : ""}
                {p.actions.includes("confirm-receipt") ? (
                  <Form method="post" className="inline-fields">
                    <input type="hidden" name="intent" value="confirm-receipt" />
                    <input type="hidden" name="paymentId" value={p.id} />
                    <input type="hidden" name="version" value={p.version} />
                    <label>
                      {t("fin.pay.receivedOn")}
                      <input name="receivedOn" type="date" defaultValue={today} max={today} required />
                    </label>
                    <button type="submit" className="button" disabled={busy}>
                      {t("appr.confirm")}
                    </button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
          {errors("confirm-receipt")}
        </>
      ) : null}

      {job.reportFile ? (
        <p>
          <a href={job.reportFile.url}>{t("appr.report.download")}</a>
        </p>
      ) : null}

      {job.bids.length ? (
        <>
          <h2>{t("appr.bids")}</h2>
          <ul>
            {job.bids.map((b) => (
              <li key={b.appraiserId}>
                {b.appraiserName}：{yuanText(b.fee)} · {t("appr.bids.days", { days: b.days })} · {t(`appr.method.${b.method}`)}
                {b.warning ? (
                  <span className="tag tag-warn" role="note">
                    {t("appr.bids.warningLabel")}：{t(`appr.warning.${b.warning}`)}
                  </span>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

export function ErrorBoundary() {
  return <RouteError />;
}
