import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { ENTRY_FIELDS, IndicatorEntryForm, type EntryValues } from "~/components/indicator-entry-form";
import { RouteError } from "~/components/route-error";
import { county } from "~/domain/identity/county";
import { can } from "~/domain/identity/policies";
import { entrySeries } from "~/domain/indicators/definitions";
import { enterIndicatorStatistic } from "~/domain/indicators/entries.server";
import { bookToday } from "~/domain/shared/book-dates";
import stylesheet from "~/styles/indicators.css";
import { formErrorsOf, throwErrorPage, type FieldErrorMap } from "~/utils/form-errors.server";
import { readForm } from "~/utils/forms.server";
import { useT } from "~/utils/i18n-react";
import "~/utils/messages/indicators";
import { pageTitle } from "~/utils/messages/identity";
import { requireSessionView } from "~/utils/session.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "ind.new.meta");

const plan = county.indicatorPlan;

/** The indicator page a series' entries show on: its own, or the one that reads it as an input. */
function pageOf(seriesKey: string): string {
  const def = plan.indicators.find((d) => d.key === seriesKey) ?? plan.indicators.find((d) => d.inputs.includes(seriesKey));
  return def ? `/indicators/${def.key}` : "/indicators";
}

/**
 * The entry form for every series (GOVERNMENT; PLATFORM is told it may not enter, others
 * get 404, as the use case answers). `?seriesKey=` chooses the series, as the "please
 * enter" notification links.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const view = await requireSessionView(request);
  if (!can(view.actor, "indicators.enter")) throw new Response(can(view.actor, "indicators.read") ? "Forbidden" : "Not found", { status: can(view.actor, "indicators.read") ? 403 : 404 });
  const series = entrySeries(plan);
  const asked = new URL(request.url).searchParams.get("seriesKey") ?? "";
  return { series, today: bookToday(), seriesKey: series.some((s) => s.key === asked) ? asked : "" };
}

type ActionData = { errors: FieldErrorMap; values: EntryValues };

export async function action({ request }: ActionFunctionArgs) {
  const view = await requireSessionView(request);
  const form = await readForm(request);
  const values = Object.fromEntries(ENTRY_FIELDS.map((f) => [f, String(form.get(f) ?? "")])) as EntryValues;
  try {
    const entry = await enterIndicatorStatistic(view.actor, values);
    return redirect(`${pageOf(entry.seriesKey)}?entered=${encodeURIComponent(entry.id)}`);
  } catch (error) {
    const failed = formErrorsOf(error);
    if (!failed) throwErrorPage(error);
    return data<ActionData>({ errors: failed.errors, values }, { status: failed.status });
  }
}

export default function NewIndicatorEntry() {
  const t = useT();
  const { series, today, seriesKey } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  return (
    <div className="ind-page">
      <Link to="/indicators" className="back-link">
        {t("ind.form.back")}
      </Link>
      <section className="card">
        <IndicatorEntryForm series={series} today={today} values={reply?.values ?? { seriesKey }} errors={reply?.errors ?? {}} correcting={null} cancelHref="/indicators" heading="h1" />
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <RouteError />;
}
