import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { readForm } from "~/utils/forms.server";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams, useSubmit } from "@remix-run/react";
import type { FormEvent } from "react";
import { FieldErrors, FormErrors } from "~/components/form-field";
import { Pagination } from "~/components/pagination";
import { ActiveFilters, FacetPanel, LIST_PARAMS } from "~/components/patents/facets";
import { HitCard } from "~/components/patents/hit-card";
import { RouteError } from "~/components/route-error";
import { can } from "~/domain/identity/policies";
import { createSubscription } from "~/domain/matching/subscriptions.server";
import { searchListedPatents } from "~/domain/patents/queries.server";
import { fieldErrorsOf, patentListQuerySchema, searchParamsToRecord, subscriptionInputSchema } from "~/domain/patents/schemas";
import styles from "~/styles/patents.css";
import { replyWithDomainError, throwErrorPage } from "~/utils/form-errors.server";
import { useT } from "~/utils/i18n-react";
import { patentsPageTitle } from "~/utils/messages/patents";
import { getSessionView, requireSessionView } from "~/utils/session.server";
import { FACETS, SORTS } from "../../search/port";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction = ({ matches }) => patentsPageTitle(matches, "patents.search.meta");

/** Public: anyone may search. Bad parameters are a 400 page that names each problem. */
export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const parsed = patentListQuerySchema.safeParse(searchParamsToRecord(url.searchParams));
  const view = await getSessionView(request);
  const who = { canSubscribe: !!view && can(view.actor, "subscription.manage", { orgId: view.actor.orgId }), signedIn: !!view };
  if (!parsed.success) {
    return data({ ...who, params: url.searchParams.toString(), errors: fieldErrorsOf(parsed.error), result: null }, { status: 400 });
  }
  const result = await searchListedPatents({ ...parsed.data.search, facets: [...FACETS] }).catch(throwErrorPage);
  return { ...who, params: parsed.data.params, errors: null, result };
}

/** 订阅此检索: an SME saves the search; new matching patents are pushed to it. */
export async function action({ request }: ActionFunctionArgs) {
  const view = await requireSessionView(request);
  const submission = parseWithZod(await readForm(request), { schema: subscriptionInputSchema, disableAutoCoercion: true });
  if (submission.status !== "success") return data({ result: submission.reply(), subscribed: null }, { status: 400 });
  try {
    const subscription = await createSubscription(view.actor, submission.value);
    return { result: submission.reply({ resetForm: true }), subscribed: subscription.name };
  } catch (error) {
    return replyWithDomainError(submission, error);
  }
}

const FORM_ID = "patent-search";

export default function PatentSearch() {
  const { params, errors, result, canSubscribe, signedIn } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const submit = useSubmit();
  const t = useT();
  const searching =
    navigation.state === "loading" && navigation.location?.pathname === "/patents" && (navigation.formMethod ?? "GET").toUpperCase() === "GET";
  const current = new URLSearchParams(params);
  const raw = (key: string) => searchParams.get(key) ?? "";
  const sort = current.get("sort") ?? (current.get("q") ? "relevance" : "newest");
  const pages = result ? Math.max(1, Math.ceil(result.total / result.pageSize)) : 1;
  const activeFilters = [...current.keys()].filter((key) => !["q", "sort", "page", "pageSize"].includes(key)).length;

  // Empty boxes stay out of the URL, so what is shared is only what was chosen.
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const [key, value] of new FormData(event.currentTarget)) {
      if (typeof value === "string" && value.trim() !== "") next.append(key, value.trim());
    }
    submit(next, { method: "get", action: "/patents" });
  };

  return (
    <>
      <header className="search-head">
        <h1>{t("patents.search.title")}</h1>
        <p className="muted">{t("patents.search.intro")}</p>
        <form id={FORM_ID} method="get" action="/patents" role="search" className="search-box" onSubmit={onSubmit}>
          <label htmlFor="q" className="sr-only">
            {t("patents.search.q")}
          </label>
          <input
            key={`q-${raw("q")}`}
            id="q"
            type="search"
            name="q"
            defaultValue={raw("q")}
            placeholder={t("patents.search.qPlaceholder")}
            aria-invalid={errors?.q ? true : undefined}
            aria-describedby={errors?.q ? "q-error" : undefined}
            enterKeyHint="search"
          />
          <button type="submit" className="button">
            {searching ? t("patents.search.searching") : t("patents.search.submit")}
          </button>
          {LIST_PARAMS.map((key) =>
            current.get(key) && !errors?.[key] ? <input key={key} type="hidden" name={key} value={current.get(key)!} /> : null,
          )}
          {["highValue", "sort"].map((key) =>
            current.get(key) && !errors?.[key] ? <input key={key} type="hidden" name={key} value={current.get(key)!} /> : null,
          )}
          {current.get("pageSize") && !errors?.pageSize ? <input type="hidden" name="pageSize" value={current.get("pageSize")!} /> : null}
        </form>
        <FieldErrors id="q-error" errors={errors?.q} />
      </header>

      <div className="search-layout">
        <aside className="search-sidebar" aria-labelledby="filters-title">
          {/* A drawer on phones (closed unless something needs fixing); always shown on wide screens (CSS). */}
          <details className="filters-drawer" open={errors ? true : undefined}>
            <summary>
              <h2 id="filters-title" className="sidebar-title">
                {t("patents.search.filters")}
                {activeFilters ? <span className="muted"> {t("patents.search.activeCount", { count: activeFilters })}</span> : null}
              </h2>
            </summary>
            {result ? <FacetPanel facets={result.facets} params={params} /> : null}
            <RangeInputs label={t("patents.search.price")} min="priceMin" max="priceMax" hint={t("patents.search.priceHint")} raw={raw} errors={errors} />
            <RangeInputs label={t("patents.search.life")} min="lifeMin" max="lifeMax" raw={raw} errors={errors} />
            <button type="submit" form={FORM_ID} className="button button-compact button-outline range-apply">
              {t("patents.search.apply")}
            </button>
          </details>
        </aside>

        <section className={searching ? "search-results is-loading" : "search-results"} aria-label={t("patents.search.results")} aria-busy={searching}>
          <div className="results-bar">
            <p className="results-count" role="status" data-testid="result-count">
              {result ? (
                <>
                  <strong>{t("patents.search.count", { total: result.total })}</strong>
                  <span className="muted"> · {t("patents.search.took", { ms: Math.round(result.tookMs) })}</span>
                </>
              ) : null}
            </p>
            <SortForm params={params} sort={sort} invalid={!!errors?.sort} />
          </div>

          {result ? <ActiveFilters params={params} /> : null}

          {errors ? (
            <div className="form-error search-errors" role="alert" data-testid="search-errors">
              <p>{t("patents.search.errorTitle")}</p>
              <ul>
                {Object.entries(errors).flatMap(([key, messages]) => messages.map((m) => <li key={`${key}-${m}`}>{m}</li>))}
              </ul>
              <Link to={current.get("q") && !errors.q ? `/patents?${new URLSearchParams({ q: current.get("q")! })}` : "/patents"}>{t("patents.search.clearAll")}</Link>
            </div>
          ) : null}

          {result?.suggestion ? <JunkQuery suggestion={result.suggestion} /> : result && result.total === 0 ? <EmptyResults q={current.get("q")} /> : null}
          {result ? <Hits hits={result.hits} page={result.page} /> : null}
          {result ? <Pagination page={result.page} pages={pages} label={t("patents.search.results")} /> : null}

          {result && canSubscribe ? <SubscribeBox key={params} params={params} q={current.get("q") ?? ""} /> : null}
          {result && !signedIn ? (
            <p className="subscribe-hint muted">
              {t("patents.subscribe.loginHint")}{" "}
              <Link to={`/login?redirectTo=${encodeURIComponent(`/patents${params ? `?${params}` : ""}`)}`}>{t("patents.subscribe.login")}</Link>
            </p>
          ) : null}
        </section>
      </div>
    </>
  );
}

/** Sorting changes only the order: the other parameters ride along, the page goes back to 1. */
function SortForm({ params, sort, invalid }: { params: string; sort: string; invalid: boolean }) {
  const t = useT();
  const kept = [...new URLSearchParams(params)].filter(([key]) => key !== "sort" && key !== "page");
  return (
    <Form method="get" action="/patents" className="sort-select">
      {kept.map(([key, value]) => (
        <input key={key} type="hidden" name={key} value={value} />
      ))}
      <label htmlFor="sort">{t("patents.search.sort")}</label>
      <select key={sort} id="sort" name="sort" defaultValue={sort} onChange={(e) => e.currentTarget.form?.requestSubmit()} aria-invalid={invalid || undefined}>
        {SORTS.map((s) => (
          <option key={s} value={s}>
            {t(`patents.search.sort.${s}`)}
          </option>
        ))}
      </select>
    </Form>
  );
}

function RangeInputs({
  label,
  min,
  max,
  hint,
  raw,
  errors,
}: {
  label: string;
  min: string;
  max: string;
  hint?: string;
  raw: (key: string) => string;
  errors: Record<string, string[]> | null;
}) {
  const t = useT();
  const messages = [...(errors?.[min] ?? []), ...(errors?.[max] ?? [])];
  const errorId = `${min}-error`;
  const hintId = `${min}-hint`;
  const describedBy = [hint ? hintId : null, messages.length ? errorId : null].filter(Boolean).join(" ") || undefined;
  return (
    <fieldset className="range-group">
      <legend>{label}</legend>
      <div className="range-inputs">
        {[min, max].map((key, i) => (
          <span key={key} className="range-input">
            {i === 1 ? <span aria-hidden="true">{t("patents.search.to")}</span> : null}
            <label htmlFor={key} className="sr-only">
              {t(`patents.search.${key}`)}
            </label>
            <input
              key={`${key}-${raw(key)}`}
              id={key}
              name={key}
              form={FORM_ID}
              inputMode="decimal"
              defaultValue={raw(key)}
              placeholder={t(`patents.search.${key}`)}
              aria-invalid={errors?.[key] ? true : undefined}
              aria-describedby={describedBy}
            />
          </span>
        ))}
      </div>
      {hint ? (
        <span id={hintId} className="hint">
          {hint}
        </span>
      ) : null}
      <FieldErrors id={errorId} errors={messages.length ? messages : undefined} />
    </fieldset>
  );
}

type Hit = Parameters<typeof HitCard>[0]["hit"];

/**
 * The page's hits: those at or above the relevance floor first, then, under a divider, the
 * ones below it (the engine ranks them last; 相关度较低). When the first page has none above
 * the floor, the visitor is told so before the low ones. No score is printed.
 */
function Hits({ hits, page }: { hits: Hit[]; page: number }) {
  const t = useT();
  const high = hits.filter((hit) => !hit.lowRelevance);
  const low = hits.filter((hit) => hit.lowRelevance);
  return (
    <>
      {low.length > 0 && high.length === 0 && page === 1 ? (
        <section className="card none-relevant" data-testid="none-relevant" role="status">
          <h2>{t("patents.search.noneRelevantTitle")}</h2>
          <p className="muted">{t("patents.search.noneRelevantHint")}</p>
        </section>
      ) : null}
      {high.map((hit) => (
        <HitCard key={hit.id} hit={hit} />
      ))}
      {low.length > 0 ? (
        <section className="low-relevance" aria-labelledby="low-relevance-title" data-testid="low-relevance">
          <div className="low-divider">
            <h2 id="low-relevance-title">{t("patents.search.lowDivider")}</h2>
            <p className="muted">{t("patents.search.lowDividerHint")}</p>
          </div>
          {low.map((hit) => (
            <HitCard key={hit.id} hit={hit} />
          ))}
        </section>
      ) : null}
    </>
  );
}

/** A query with nothing to search for (only common words, punctuation or markup): the engine's hint. */
function JunkQuery({ suggestion }: { suggestion: string }) {
  const t = useT();
  return (
    <section className="card empty-results" data-testid="junk-query">
      <h2>{t("patents.search.junkTitle")}</h2>
      <p>{suggestion}</p>
      <p className="muted">{t("patents.search.junkHint")}</p>
      <p className="row">
        <Link to="/patents">{t("patents.search.showAll")}</Link>
      </p>
    </section>
  );
}

function EmptyResults({ q }: { q: string | null }) {
  const t = useT();
  return (
    <section className="card empty-results" data-testid="no-results">
      <h2>{t("patents.search.emptyTitle")}</h2>
      <ul>
        <li>{t("patents.search.emptyTip1")}</li>
        <li>{t("patents.search.emptyTip2")}</li>
        <li>{t("patents.search.emptyTip3")}</li>
      </ul>
      <p className="row">
        {q ? <Link to={`/patents?${new URLSearchParams({ q })}`}>{t("patents.search.clearKeepQ")}</Link> : null}
        <Link to="/patents">{t("patents.search.showAll")}</Link>
      </p>
    </section>
  );
}

type SubscribeReply = { result: SubmissionResult<string[]>; subscribed?: string | null };

/** The saved search is the canonical query without paging: what matters is what matches. */
function SubscribeBox({ params, q }: { params: string; q: string }) {
  const t = useT();
  const actionData = useActionData<SubscribeReply>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("kind") === "SEARCH";
  const query = new URLSearchParams(params);
  query.delete("page");
  query.delete("pageSize");
  const [form, fields] = useForm({
    id: "subscribe-search",
    lastResult: actionData?.result,
    defaultValue: { kind: "SEARCH", name: q || t("patents.subscribe.defaultName"), query: query.toString() },
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: subscriptionInputSchema, disableAutoCoercion: true }),
  });
  const { key: nameKey, ...nameProps } = getInputProps(fields.name, { type: "text", ariaDescribedBy: fields.name.descriptionId });
  return (
    <section className="card subscribe-box" aria-labelledby="subscribe-title">
      <h2 id="subscribe-title">{t("patents.subscribe.title")}</h2>
      <p className="muted">{t("patents.subscribe.intro")}</p>
      {actionData?.subscribed ? (
        <p className="notice" role="status" data-testid="subscribed">
          {t("patents.subscribe.done", { name: actionData.subscribed })} <Link to="/subscriptions">{t("patents.subscribe.viewAll")}</Link>
        </p>
      ) : null}
      <Form method="post" className="subscribe-form" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={[...(form.errors ?? []), ...(fields.query.errors ?? [])]} />
        <input type="hidden" name="kind" value="SEARCH" />
        <input type="hidden" name="query" value={query.toString()} />
        <div className="field">
          <label htmlFor={fields.name.id}>{t("patents.subscribe.name")}</label>
          <input key={nameKey} {...nameProps} maxLength={50} />
          <span id={fields.name.descriptionId} className="hint">
            {t("patents.subscribe.nameHint")}
          </span>
          <FieldErrors id={fields.name.errorId} errors={fields.name.errors} />
        </div>
        <div>
          <button type="submit" className="button" disabled={busy}>
            {busy ? t("patents.subscribe.pending") : t("patents.subscribe.submit")}
          </button>
        </div>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <RouteError />;
}
