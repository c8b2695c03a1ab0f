import { FieldErrors, PlainField } from "~/components/form-field";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { InputHTMLAttributes, ReactNode } from "react";
import { RouteError } from "~/components/route-error";
import { actOnDeal, makeOffer, postDealMessage } from "~/domain/deals/act-on-deal.server";
import { attachConversionEvidence, checkEvidenceFile, MAX_EVIDENCE_BYTES } from "~/domain/deals/conversion-evidence.server";
import { availableDealActions, BINDING_DEAL_STATUSES, DEAL_MOVES, ENDED_DEAL_STATUSES, isDealPartyAction, MESSAGE_STATUSES } from "~/domain/deals/deal-machine";
import { getDeal } from "~/domain/deals/queries.server";
import { formatRate, negotiableModes, percentToRate } from "~/domain/deals/rules";
import { DECLINE_REASONS, messageInputSchema, offerInputSchema } from "~/domain/deals/schemas";
import { actOnPayment } from "~/domain/payments/act-on-payment.server";
import { PAYMENT_ACTIONS, type PaymentAction } from "~/domain/payments/payment-machine";
import { addMonths, shanghaiDate } from "~/domain/shared/calendar";
import { clock } from "~/domain/shared/clock";
import { Money } from "~/domain/shared/money";
import stylesheet from "~/styles/deals.css";
import { formErrorsOf, throwErrorPage } from "~/utils/form-errors.server";
import { readFormWithFile } from "~/utils/forms.server";
import { formatDateTime } from "~/utils/format";
import { useLocale, useT } from "~/utils/i18n-react";
import "~/utils/messages/deals";
import { patentsPageTitle } from "~/utils/messages/patents";
import { requireSessionView } from "~/utils/session.server";
import { ConflictNotice } from "~/components/conflict-notice";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];
export const meta: MetaFunction<typeof loader> = ({ matches, data }) => patentsPageTitle(matches, "deals.detail.meta", data?.deal.patent.title);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const view = await requireSessionView(request);
  const deal = await getDeal(view.actor, params.id ?? "").catch(throwErrorPage);
  const side = deal.yourRole === "SME" || deal.yourRole === "HOLDER" ? deal.yourRole : null;
  const today = shanghaiDate(clock.now());
  return {
    deal,
    viewerOrgId: view.actor.orgId,
    canOffer: side !== null && availableDealActions(deal.status, side, deal.facts).includes("make-offer"),
    canMessage: side !== null && MESSAGE_STATUSES.includes(deal.status),
    modes: negotiableModes(deal.patent.listingMode),
    contract: deal.terms !== null && (BINDING_DEAL_STATUSES as readonly string[]).includes(deal.status) && [deal.sme.id, deal.holder.id].includes(view.actor.orgId),
    today,
    defaultValidUntil: addMonths(today, 1),
  };
}

/** "3.5" (percent, as people type it) → "0.035" exactly; empty: no royalty; null: not a percentage. */
function rateOfPercent(percent: string | undefined): string | null | undefined {
  const p = (percent ?? "").trim();
  if (p === "") return "";
  if (!/^\d{1,2}(\.\d{1,4})?$/.test(p)) return null;
  return percentToRate(p);
}

type Reply = { intent: string; errors: Record<string, string[]>; conflict: boolean; done?: true };

export async function action({ request, params }: ActionFunctionArgs) {
  const view = await requireSessionView(request);
  const dealId = params.id ?? "";
  // The conversion report may carry its evidence file (PDF/JPG ≤ 10 MB; a larger one is a 413).
  const form = await readFormWithFile(request, { fileField: "evidence", maxFileBytes: MAX_EVIDENCE_BYTES });
  const file = form.get("evidence");
  form.delete("evidence");
  const evidence = file instanceof File && file.size > 0 ? { bytes: new Uint8Array(await file.arrayBuffer()), type: file.type } : null;
  const { intent = "", paymentId, royaltyPercent, ...fields } = Object.fromEntries(form) as Record<string, string>;
  const body = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== ""));
  try {
    if (intent === "offer") {
      const royaltyRate = rateOfPercent(royaltyPercent);
      if (royaltyRate === null) return data<Reply>({ intent, errors: { royaltyPercent: ["deals.royaltyInvalid"] }, conflict: false }, { status: 400 });
      await makeOffer(view.actor, dealId, offerInputSchema.parse({ ...body, version: Number(body.version), royaltyRate }));
    } else if (intent === "message") {
      await postDealMessage(view.actor, dealId, messageInputSchema.parse(body));
    } else if (intent === "report-conversion" && evidence) {
      // The file is checked (by its bytes) before the move, and kept once the deal is CONVERTED.
      checkEvidenceFile(evidence.bytes, evidence.type);
      await actOnDeal(view.actor, dealId, intent, body);
      await attachConversionEvidence(view.actor, dealId, evidence.bytes, evidence.type);
    } else if (isDealPartyAction(intent)) {
      await actOnDeal(view.actor, dealId, intent, body);
    } else if (paymentId && (PAYMENT_ACTIONS as readonly string[]).includes(intent)) {
      await actOnPayment(view.actor, paymentId, intent as PaymentAction, { version: Number(fields.version), reference: fields.reference, receivedOn: fields.receivedOn || undefined });
    } else {
      return data<Reply>({ intent, errors: { "": ["error.badRequest"] }, conflict: false }, { status: 400 });
    }
    return data<Reply>({ intent, errors: {}, conflict: false, done: true });
  } catch (error) {
    const failed = formErrorsOf(error);
    if (!failed) throwErrorPage(error);
    // The offer's rate is typed as a percentage: its errors belong to that field.
    const errors = Object.fromEntries(Object.entries(failed.errors).map(([k, v]) => [k === "royaltyRate" ? "royaltyPercent" : k === "file" ? "evidence" : k === "version" ? "" : k, v]));
    return data<Reply>({ intent, errors, conflict: failed.status === 409 }, { status: failed.status });
  }
}

/** Moves that end a deal come after the ones that carry it forward. */
const WALK_AWAY: readonly string[] = ["decline", "refuse-consent", "cancel"];

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
type Deal = LoaderData["deal"];
type T = ReturnType<typeof useT>;

const money = (yuan: string | null | undefined) => (yuan ? Money.parseYuan(yuan).format() : "—");
const percentOf = (rate: string | null) => (rate === null ? "" : formatRate(rate).slice(0, -1));

function royaltyText(rate: string | null, basis: string | null, t: T) {
  if (rate === null) return t("deals.none");
  return basis ? t("deals.royaltyOn", { rate: formatRate(rate), basis: t(`deals.basis.${basis}`) }) : formatRate(rate);
}

const termText = (months: number | null, t: T) => (months === null ? t("deals.untilExpiry") : t("deals.months", { n: months }));

export default function DealPage() {
  const t = useT();
  const locale = useLocale();
  const { deal: d, viewerOrgId, canOffer, canMessage, modes, contract, today, defaultValidUntil } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  // A 409 is told once, at the top, with the way to refresh.
  const errorsFor = (intent: string): Record<string, string[]> => (result && result.intent === intent && !result.conflict ? result.errors : {});
  const ended = (ENDED_DEAL_STATUSES as readonly string[]).includes(d.status);
  return (
    <article className="deal-page" aria-labelledby="deal-title">
      <Link to="/deals" className="back-link">
        {t("deals.detail.back")}
      </Link>
      <header className="card">
        <div className="deal-head">
          <h1 id="deal-title">{d.patent.title}</h1>
          <p className="deal-status" data-testid="deal-status">
            {t("deals.detail.status")}：{t(`deals.status.${d.status}`)}
            {d.overdue ? <span className="tag tag-warn">{t("deals.overdue")}</span> : null}
          </p>
        </div>
        <p className="muted">
          {t(`deals.mode.${d.mode}`)} · {d.yourRole ? t("deals.detail.yourRole", { role: t(`deals.party.${d.yourRole}`) }) : t("deals.detail.readOnly")}
        </p>
        {result?.done ? (
          <p className="notice" role="status">
            {t("deals.done", { action: t(`deals.action.${result.intent}`) === `deals.action.${result.intent}` ? t(`deals.payaction.${result.intent}`) : t(`deals.action.${result.intent}`) })}
          </p>
        ) : null}
        {result?.conflict ? <ConflictNotice textKey="deals.conflict" refreshKey="deals.refresh" message={result.errors[""]?.join("；")} /> : null}
      </header>

      <div className="deal-grid">
        <section className="card" aria-labelledby="parties-title">
          <h2 id="parties-title">{t("deals.detail.parties")}</h2>
          <dl className="deal-facts">
            <Fact label={t("deals.detail.patent")}>
              <Link to={`/patents/${d.patent.id}`}>{d.patent.title}</Link>
            </Fact>
            <Fact label={t("deals.detail.appNo")}>
              <span className="mono">{d.patent.applicationNumber ?? "—"}</span>
            </Fact>
            <Fact label={t("deals.side.SME")}>{d.sme.name}</Fact>
            <Fact label={t("deals.side.HOLDER")}>{d.holder.name}</Fact>
            <Fact label={t("deals.detail.mode")}>{t(`deals.mode.${d.mode}`)}</Fact>
            {d.consent.status !== "NOT_NEEDED" ? <Fact label={t("deals.detail.consent")}>{t(`deals.consent.${d.consent.status}`, { bank: d.consent.bank?.name ?? t("deals.party.BANK") })}</Fact> : null}
            <Fact label={t("deals.detail.startedAt")}>{formatDateTime(d.createdAt, locale)}</Fact>
          </dl>
          {ended ? (
            <p className="notice">
              {t("deals.detail.ended")}
              {d.decline ? ` · ${t("deals.detail.declined", { reason: t(`deals.decline.${d.decline.reason}`) })}` : ""}
              {d.endNote ? ` · ${t("deals.detail.endNote", { note: d.endNote })}` : ""}
            </p>
          ) : null}
        </section>

        {d.terms ? <AgreedTerms deal={d} contract={contract} /> : <CurrentOffer deal={d} />}
      </div>

      {d.payment || (d.terms && Money.parseYuan(d.terms.upfront).isPositive() && d.consent.status === "PENDING") ? <PaymentPanel deal={d} errorsFor={errorsFor} today={today} /> : null}

      {d.actions.length || canOffer || d.yourRole ? (
        <section className="card" aria-labelledby="actions-title">
          <h2 id="actions-title">{t("deals.actions.title")}</h2>
          {d.actions.length === 0 && !canOffer ? <p className="muted">{t("deals.actions.none")}</p> : null}
          {d.actions.filter((act) => !WALK_AWAY.includes(act)).map((act) => (
            <ActionForm key={`${act}-${d.version}`} action={act} deal={d} errors={errorsFor(act)} today={today} />
          ))}
          {canOffer ? <OfferForm key={`offer-${d.version}`} deal={d} modes={modes} errors={errorsFor("offer")} defaultValidUntil={defaultValidUntil} /> : null}
          {d.actions.filter((act) => WALK_AWAY.includes(act)).map((act) => (
            <ActionForm key={`${act}-${d.version}`} action={act} deal={d} errors={errorsFor(act)} today={today} />
          ))}
        </section>
      ) : null}

      {d.openLicenceNotice ? (
        <section className="card" aria-labelledby="notice-title">
          <h2 id="notice-title">{t("deals.notice.title")}</h2>
          <pre className="deal-notice">{d.openLicenceNotice}</pre>
        </section>
      ) : null}

      {d.record || d.conversion ? (
        <section className="card">
          {d.record ? (
            <>
              <h2>{t("deals.record.title")}</h2>
              <p>{t("deals.record.number", { number: d.record.number, date: d.record.date })}</p>
            </>
          ) : null}
          {d.conversion ? (
            <>
              <h2>{t("deals.conversion.title")}</h2>
              <p>{t("deals.conversion.summary", { product: d.conversion.productName, date: d.conversion.startedOn })}</p>
              {d.conversion.note ? <p className="deal-notice">{d.conversion.note}</p> : null}
              {d.conversion.evidenceUrl ? (
                <p>
                  <a href={d.conversion.evidenceUrl}>{t("deals.conversion.evidence")}</a>
                </p>
              ) : null}
            </>
          ) : null}
        </section>
      ) : null}

      {d.offers.length ? <OfferHistory deal={d} /> : null}

      {d.yourRole !== "BANK" ? <Thread deal={d} viewerOrgId={viewerOrgId} canMessage={canMessage} errors={errorsFor("message")} /> : null}

      <section className="card" aria-labelledby="timeline-title">
        <h2 id="timeline-title">{t("deals.timeline.title")}</h2>
        <ol className="deal-timeline">
          {d.timeline.map((e, i) => (
            <li key={i}>
              <strong>{eventName(e.action, t)}</strong>
              {e.to && e.from !== e.to ? ` → ${t(`deals.status.${e.to}`)}` : ""}
              {` · ${byPlatform(e.action) ? t("deals.event.by.other") : e.orgId === d.sme.id ? d.sme.name : e.orgId === d.holder.id ? d.holder.name : e.orgId && e.orgId === d.consent.bank?.id ? d.consent.bank.name : t("deals.event.by.other")}`}
              {eventDetail(e.data, t)}
              {e.reason ? <div>{e.reason}</div> : null}
              <div className="when">{formatDateTime(e.at, locale)}</div>
            </li>
          ))}
        </ol>
      </section>
    </article>
  );
}

/** The platform's own moves (the fee received, an overdue flag) are audited under a party's org; they are the platform's. */
const byPlatform = (action: string) => action.startsWith("sla.") || DEAL_MOVES.some((m) => m.action === action) && DEAL_MOVES.filter((m) => m.action === action).every((m) => m.parties.every((p) => p === "SYSTEM"));

function eventName(action: string, t: T) {
  const name = t(`deals.event.${action}`);
  return name === `deals.event.${action}` ? t("deals.event.other") : name;
}

/** The figures an event carries (an offer's terms, a record number), in words. */
function eventDetail(data: Record<string, unknown> | null, t: T): string {
  if (!data) return "";
  const parts: string[] = [];
  if (typeof data.mode === "string" && t(`deals.mode.${data.mode}`) !== `deals.mode.${data.mode}`) parts.push(t(`deals.mode.${data.mode}`));
  if (typeof data.upfront === "string") parts.push(`${t("deals.offer.upfront")} ${money(data.upfront)}`);
  if (typeof data.royaltyRate === "string") parts.push(`${t("deals.offer.royalty")} ${formatRate(data.royaltyRate)}`);
  if (typeof data.recordNumber === "string") parts.push(`${t("deals.input.recordNumber")} ${data.recordNumber}`);
  if (typeof data.productName === "string") parts.push(`${t("deals.input.productName")} ${data.productName}`);
  if (typeof data.reference === "string") parts.push(`${t("deals.pay.reference")} ${data.reference}`);
  return parts.length ? `（${parts.join("，")}）` : "";
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

function Select({
  form,
  name,
  label,
  errors,
  options,
  defaultValue,
  required,
}: {
  form: string;
  name: string;
  label: string;
  errors: Record<string, string[]>;
  options: { value: string; label: string }[];
  defaultValue?: string;
  required?: boolean;
}) {
  const id = `${form}-${name}`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={defaultValue} required={required} aria-invalid={errors[name] ? true : undefined} aria-describedby={errors[name] ? `${id}-error` : undefined}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldErrors id={`${id}-error`} errors={errors[name]} />
    </div>
  );
}

function CurrentOffer({ deal: d }: { deal: Deal }) {
  const t = useT();
  const o = d.currentOffer;
  return (
    <section className="card" aria-labelledby="offer-title">
      <h2 id="offer-title">{t("deals.offer.current")}</h2>
      {o ? (
        <>
          <p className="muted">{t("deals.offer.by", { side: t(`deals.side.${o.side}`) })}</p>
          <OfferFacts offer={o} />
        </>
      ) : (
        <p className="muted">{t("deals.offer.none")}</p>
      )}
    </section>
  );
}

function OfferFacts({ offer: o }: { offer: NonNullable<Deal["currentOffer"]> }) {
  const t = useT();
  return (
    <dl className="deal-facts">
      <Fact label={t("deals.detail.mode")}>{t(`deals.mode.${o.mode}`)}</Fact>
      <Fact label={t("deals.offer.upfront")}>{money(o.upfront)}</Fact>
      <Fact label={t("deals.offer.royalty")}>{royaltyText(o.royaltyRate, o.royaltyBasis, t)}</Fact>
      <Fact label={t("deals.offer.term")}>{termText(o.termMonths, t)}</Fact>
      <Fact label={t("deals.offer.territory")}>{o.territory}</Fact>
      <Fact label={t("deals.offer.validUntil")}>{o.validUntil}</Fact>
    </dl>
  );
}

function AgreedTerms({ deal: d, contract }: { deal: Deal; contract: boolean }) {
  const t = useT();
  const locale = useLocale();
  const terms = d.terms!;
  return (
    <section className="card" aria-labelledby="terms-title">
      <h2 id="terms-title">{t("deals.terms.title")}</h2>
      <dl className="deal-facts">
        <Fact label={t("deals.detail.mode")}>{t(`deals.mode.${terms.mode}`)}</Fact>
        <Fact label={t("deals.offer.upfront")}>{money(terms.upfront)}</Fact>
        <Fact label={t("deals.offer.royalty")}>{royaltyText(terms.royaltyRate, terms.royaltyBasis, t)}</Fact>
        <Fact label={t("deals.offer.term")}>{termText(terms.termMonths, t)}</Fact>
        <Fact label={t("deals.offer.territory")}>{terms.territory}</Fact>
        <Fact label={t("deals.terms.agreedAt")}>{formatDateTime(terms.agreedAt, locale)}</Fact>
        <Fact label={t("deals.terms.hash")}>
          <span className="deal-hash" data-testid="terms-hash">
            {terms.termsHash}
          </span>
        </Fact>
      </dl>
      {contract ? (
        <p>
          <Link to={`/deals/${d.id}/contract`}>{t("deals.contract.link")}</Link>
        </p>
      ) : null}
    </section>
  );
}

function OfferHistory({ deal: d }: { deal: Deal }) {
  const t = useT();
  const locale = useLocale();
  return (
    <section className="card" aria-labelledby="history-title">
      <h2 id="history-title">{t("deals.offer.history")}</h2>
      <ol className="deal-offers">
        {[...d.offers].reverse().map((o) => (
          <li key={o.id} className={o.supersededAt ? "superseded" : undefined}>
            <strong>{t("deals.offer.by", { side: t(`deals.side.${o.side}`) })}</strong> · {formatDateTime(o.createdAt, locale)}{" "}
            {o.current && !d.terms ? <span className="tag tag-ok">{t("deals.offer.inForce")}</span> : o.supersededAt ? <span className="tag">{t("deals.offer.superseded")}</span> : null}
            <div>
              {t(`deals.mode.${o.mode}`)} · {t("deals.offer.upfront")} {money(o.upfront)} · {t("deals.offer.royalty")} {royaltyText(o.royaltyRate, o.royaltyBasis, t)} · {termText(o.termMonths, t)} · {o.territory} ·{" "}
              {t("deals.offer.validUntil")} {o.validUntil}
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** One form per action the caller may take now; each posts the version it saw. */
function ActionForm({ action: act, deal: d, errors, today }: { action: Deal["actions"][number]; deal: Deal; errors: Record<string, string[]>; today: string }) {
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const form = `act-${act}`;
  const label = t(`deals.action.${act}`);
  const danger = WALK_AWAY.includes(act);
  return (
    <Form method="post" className="deal-form" aria-label={label} encType={act === "report-conversion" ? "multipart/form-data" : "application/x-www-form-urlencoded"}>
      <input type="hidden" name="intent" value={act} />
      <input type="hidden" name="version" value={d.version} />
      {act === "accept-offer" ? (
        <>
          <input type="hidden" name="offerId" value={d.currentOffer?.id ?? ""} />
          <p className="muted" style={{ margin: 0 }}>
            {t("deals.acceptHint")}
          </p>
        </>
      ) : null}
      {act === "decline" ? (
        <div className="form-row">
          <Select
            form={form}
            name="reason"
            label={t("deals.input.reason")}
            errors={errors}
            required
            options={[{ value: "", label: t("deals.input.choose") }, ...DECLINE_REASONS.map((r) => ({ value: r, label: t(`deals.decline.${r}`) }))]}
          />
          <Input form={form} name="note" label={t("deals.input.noteOptional")} errors={errors} maxLength={500} />
        </div>
      ) : null}
      {act === "cancel" ? <Input form={form} name="reason" label={t("deals.input.cancelReason")} errors={errors} maxLength={500} /> : null}
      {act === "consent" ? <Input form={form} name="note" label={t("deals.input.noteOptional")} errors={errors} maxLength={500} /> : null}
      {act === "refuse-consent" ? <Input form={form} name="reason" label={t("deals.input.refuseReason")} errors={errors} maxLength={500} required /> : null}
      {act === "record" ? (
        <div className="form-row">
          <Input form={form} name="recordNumber" label={t("deals.input.recordNumber")} errors={errors} maxLength={64} required />
          <Input form={form} name="date" type="date" label={t("deals.input.date")} errors={errors} max={today} defaultValue={today} required />
        </div>
      ) : null}
      {act === "report-conversion" ? (
        <>
          <div className="form-row">
            <Input form={form} name="productName" label={t("deals.input.productName")} errors={errors} maxLength={200} required />
            <Input form={form} name="startedOn" type="date" label={t("deals.input.startedOn")} errors={errors} max={today} defaultValue={today} required />
          </div>
          <div className="field">
            <label htmlFor={`${form}-note`}>{t("deals.input.noteOptional")}</label>
            <textarea id={`${form}-note`} name="note" rows={3} maxLength={2000} aria-invalid={errors.note ? true : undefined} aria-describedby={errors.note ? `${form}-note-error` : undefined} />
            <FieldErrors id={`${form}-note-error`} errors={errors.note} />
          </div>
          <Input form={form} name="evidence" type="file" label={t("deals.input.evidence")} errors={errors} accept="application/pdf,image/jpeg,.pdf,.jpg,.jpeg" />
        </>
      ) : null}
      {errors[""] ? <FieldErrors id={`${form}-error`} errors={errors[""]} /> : null}
      <div className="actions">
        <button type="submit" className={danger ? "button button-secondary" : "button"} disabled={busy}>
          {label}
        </button>
      </div>
    </Form>
  );
}

function OfferForm({ deal: d, modes, errors, defaultValidUntil }: { deal: Deal; modes: string[]; errors: Record<string, string[]>; defaultValidUntil: string }) {
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const o = d.currentOffer;
  const form = "offer";
  return (
    <Form method="post" className="deal-form" aria-label={t("deals.offer.form")}>
      <h3>{o ? t("deals.offer.counter") : t("deals.offer.form")}</h3>
      <p className="muted small" style={{ margin: 0 }}>
        {t("deals.offer.intro")}
      </p>
      <input type="hidden" name="intent" value="offer" />
      <input type="hidden" name="version" value={d.version} />
      <div className="form-row">
        <Select form={form} name="mode" label={t("deals.field.mode")} errors={errors} options={modes.map((m) => ({ value: m, label: t(`deals.mode.${m}`) }))} defaultValue={o?.mode ?? d.mode} />
        <Input form={form} name="upfront" label={t("deals.field.upfront")} hint={t("deals.field.upfrontHint")} errors={errors} inputMode="decimal" defaultValue={o ? o.upfront : ""} required />
        <Input form={form} name="royaltyPercent" label={t("deals.field.royaltyPercent")} hint={t("deals.field.royaltyHint")} errors={errors} inputMode="decimal" defaultValue={o ? percentOf(o.royaltyRate) : ""} />
        <Select
          form={form}
          name="royaltyBasis"
          label={t("deals.field.royaltyBasis")}
          errors={errors}
          options={["NET_SALES", "PROFIT"].map((b) => ({ value: b, label: t(`deals.basis.${b}`) }))}
          defaultValue={o?.royaltyBasis ?? "NET_SALES"}
        />
        <Input form={form} name="termMonths" label={t("deals.field.termMonths")} errors={errors} type="number" min={1} max={240} defaultValue={o?.termMonths ?? 36} required />
        <Input form={form} name="territory" label={t("deals.field.territory")} errors={errors} maxLength={100} defaultValue={o?.territory ?? "中国大陆"} />
        <Input form={form} name="validUntil" type="date" label={t("deals.field.validUntil")} errors={errors} defaultValue={defaultValidUntil} required />
      </div>
      {errors[""] ? <FieldErrors id="offer-error" errors={errors[""]} /> : null}
      <div className="actions">
        <button type="submit" className="button" disabled={busy}>
          {t("deals.offer.submit")}
        </button>
      </div>
    </Form>
  );
}

function PaymentPanel({ deal: d, errorsFor, today }: { deal: Deal; errorsFor: (intent: string) => Record<string, string[]>; today: string }) {
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const p = d.payment;
  return (
    <section className="card" aria-labelledby="pay-title">
      <h2 id="pay-title">{t("deals.pay.title")}</h2>
      {p ? (
        <>
          <dl className="deal-facts">
            <Fact label={t("deals.pay.amount")}>{money(p.amount)}</Fact>
            <Fact label={t("deals.pay.status")}>
              <span data-testid="payment-status">{t(`deals.paystatus.${p.status}`)}</span>
            </Fact>
            {p.transferReference ? <Fact label={t("deals.pay.reference")}>{p.transferReference}</Fact> : null}
            {p.receivedOn ? <Fact label={t("deals.pay.receivedOn")}>{p.receivedOn}</Fact> : null}
          </dl>
          {p.actions.includes("submit-transfer") ? <p className="muted small">{t("deals.pay.offlineHint")}</p> : null}
          {p.actions.includes("pay-by-card") ? <p className="muted small">{t("deals.pay.card")}</p> : null}
          {p.actions
            .filter((a): a is PaymentAction => (PAYMENT_ACTIONS as readonly string[]).includes(a))
            .map((act) => {
              const errors = errorsFor(act);
              const form = `pay-${act}`;
              return (
                <Form method="post" key={`${act}-${p.version}`} className="deal-form" aria-label={t(`deals.payaction.${act}`)}>
                  <input type="hidden" name="intent" value={act} />
                  <input type="hidden" name="paymentId" value={p.id} />
                  <input type="hidden" name="version" value={p.version} />
                  {act === "submit-transfer" ? <Input form={form} name="reference" label={t("deals.pay.reference")} hint={t("deals.pay.referenceHint")} errors={errors} required minLength={4} maxLength={64} /> : null}
                  {act === "confirm-receipt" ? <Input form={form} name="receivedOn" type="date" label={t("deals.pay.receivedOn")} hint={t("deals.pay.receivedOnHint")} errors={errors} defaultValue={today} max={today} required /> : null}
                  {errors[""] ? <FieldErrors id={`${form}-error`} errors={errors[""]} /> : null}
                  <div className="actions">
                    <button type="submit" className={act === "report-missing" ? "button button-secondary" : "button"} disabled={busy}>
                      {t(`deals.payaction.${act}`)}
                    </button>
                  </div>
                </Form>
              );
            })}
        </>
      ) : (
        <p className="muted">{t("deals.pay.awaitingConsent")}</p>
      )}
    </section>
  );
}

function Thread({ deal: d, viewerOrgId, canMessage, errors }: { deal: Deal; viewerOrgId: string; canMessage: boolean; errors: Record<string, string[]> }) {
  const t = useT();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  return (
    <section className="card" aria-labelledby="thread-title">
      <h2 id="thread-title">{t("deals.thread.title")}</h2>
      {d.messages.length ? (
        <ol className="deal-thread">
          {d.messages.map((m) => (
            <li key={m.id} className={m.orgId === viewerOrgId ? "mine" : undefined}>
              <div className="meta">
                {m.side === "SME" ? d.sme.name : d.holder.name} · {formatDateTime(m.at, locale)}
              </div>
              {/* Plain text, never HTML: React escapes it; line breaks kept by CSS. */}
              <p className="body">{m.body}</p>
            </li>
          ))}
        </ol>
      ) : (
        <p className="muted">{t("deals.thread.empty")}</p>
      )}
      {canMessage ? (
        <Form method="post" key={d.messages.length} className="deal-form" aria-label={t("deals.thread.send")}>
          <input type="hidden" name="intent" value="message" />
          <div className="field">
            <label htmlFor="message-body">{t("deals.thread.body")}</label>
            <textarea id="message-body" name="body" rows={3} maxLength={2000} required aria-invalid={errors.body ? true : undefined} aria-describedby={errors.body ? "message-body-error" : undefined} />
            <FieldErrors id="message-body-error" errors={errors.body} />
          </div>
          {errors[""] ? <FieldErrors id="message-error" errors={errors[""]} /> : null}
          <div className="actions">
            <button type="submit" className="button button-secondary" disabled={busy}>
              {t("deals.thread.send")}
            </button>
          </div>
        </Form>
      ) : d.yourRole ? (
        <p className="muted small">{t("deals.thread.closed")}</p>
      ) : null}
    </section>
  );
}

export function ErrorBoundary() {
  return <RouteError />;
}

/** A field of one of the page's forms, its errors looked up by name (the shared PlainField with the form's ids). */
function Input({ form, name, errors, ...rest }: { form: string; name: string; label: string; errors: Record<string, string[]>; hint?: string } & InputHTMLAttributes<HTMLInputElement>) {
  return <PlainField id={`${form}-${name}`} name={name} errors={errors[name]} {...rest} />;
}
