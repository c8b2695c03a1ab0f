import { parseWithZod } from "@conform-to/zod/v4";
import { readForm } from "~/utils/forms.server";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { filterLabel, LIST_PARAMS, RANGE_PARAMS, valuesOf } from "~/components/patents/facets";
import { RouteError } from "~/components/route-error";
import { cancelSubscription, listSubscriptions } from "~/domain/matching/subscriptions.server";
import { DomainError, httpStatusOf } from "~/domain/shared/errors";
import styles from "~/styles/patents.css";
import { formatDateTime } from "~/utils/format";
import { throwErrorPage } from "~/utils/form-errors.server";
import { useLocale, useT } from "~/utils/i18n-react";
import { patentsPageTitle } from "~/utils/messages/patents";
import { requireSessionView } from "~/utils/session.server";
import { TableWrap } from "~/components/table-wrap";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction = ({ matches }) => patentsPageTitle(matches, "patents.subs.meta");

const cancelSchema = z.object({ intent: z.literal("cancel"), id: z.string().min(1) });

type CancelReply = { done: boolean; error: string | null };

/** 专利信息定点推送 is the SMEs' (others get the 403 page from the domain). */
export async function loader({ request }: LoaderFunctionArgs) {
  const view = await requireSessionView(request);
  return { items: await listSubscriptions(view.actor).catch(throwErrorPage) };
}

export async function action({ request }: ActionFunctionArgs) {
  const view = await requireSessionView(request);
  const submission = parseWithZod(await readForm(request), { schema: cancelSchema });
  if (submission.status !== "success") return data<CancelReply>({ done: false, error: "patents.invalidRequest" }, { status: 400 });
  try {
    await cancelSubscription(view.actor, submission.value.id);
    return data<CancelReply>({ done: true, error: null });
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return data<CancelReply>({ done: false, error: error.message }, { status: httpStatusOf[error.code] });
  }
}

export default function Subscriptions() {
  const { items } = useLoaderData<typeof loader>();
  const actionData = useActionData<CancelReply>();
  const navigation = useNavigation();
  const t = useT();
  const locale = useLocale();
  const cancelling = navigation.state !== "idle" && navigation.formData?.get("intent") === "cancel" ? navigation.formData.get("id") : null;

  return (
    <>
      <h1>{t("patents.subs.title")}</h1>
      <p className="muted">{t("patents.subs.intro")}</p>
      {actionData?.done ? (
        <p className="notice" role="status">
          {t("patents.subs.cancelled")}
        </p>
      ) : null}
      {actionData?.error ? (
        <p className="form-error" role="alert">
          {t(actionData.error)}
        </p>
      ) : null}

      {items.length === 0 ? (
        <section className="card empty-subs" data-testid="subscriptions-empty">
          <h2>{t("patents.subs.emptyTitle")}</h2>
          <p>{t("patents.subs.emptyBody")}</p>
          <Link to="/patents" className="button">
            {t("patents.subs.toSearch")}
          </Link>
        </section>
      ) : (
        <TableWrap label={t("nav.subscriptions")}>
          <table className="table" data-testid="subscriptions">
            <thead>
              <tr>
                <th scope="col">{t("patents.subs.colName")}</th>
                <th scope="col">{t("patents.subs.colKind")}</th>
                <th scope="col">{t("patents.subs.colTarget")}</th>
                <th scope="col">{t("patents.subs.colPushed")}</th>
                <th scope="col">{t("patents.subs.colCreated")}</th>
                <th scope="col">{t("patents.subs.colActions")}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((s) => (
                <tr key={s.id}>
                  <td id={`sub-${s.id}`}>{s.name}</td>
                  <td>
                    <span className="tag">{t(`patents.subs.kind.${s.kind}`)}</span>
                  </td>
                  <td>
                    {s.kind === "SEARCH" ? (
                      <>
                        <QuerySummary query={s.query ?? ""} />
                        <Link to={s.query ? `/patents?${s.query}` : "/patents"}>{t("patents.subs.openSearch")}</Link>
                      </>
                    ) : s.needId ? (
                      <Link to={`/needs/${s.needId}`}>{t("patents.subs.openNeed")}</Link>
                    ) : null}
                  </td>
                  <td>{t("patents.subs.pushed", { count: s.pushed })}</td>
                  <td className="nowrap">{formatDateTime(s.createdAt, locale, false)}</td>
                  <td>
                    <Form method="post">
                      <input type="hidden" name="intent" value="cancel" />
                      <input type="hidden" name="id" value={s.id} />
                      <button type="submit" className="link-button" disabled={cancelling === s.id} aria-describedby={`sub-${s.id}`}>
                        {cancelling === s.id ? t("patents.subs.cancelling") : t("patents.subs.cancel")}
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </>
  );
}

/** A saved search in words: 检索词“木耳” · 发明 · 木耳深加工 … */
function QuerySummary({ query }: { query: string }) {
  const t = useT();
  const params = new URLSearchParams(query);
  const parts = [
    ...(params.get("q") ? [filterLabel("q", params.get("q")!, t)] : []),
    ...LIST_PARAMS.flatMap((key) => valuesOf(params, key).map((v) => filterLabel(key, v, t))),
    ...(params.get("highValue") === "true" ? [filterLabel("highValue", "true", t)] : []),
    ...RANGE_PARAMS.flatMap((key) => (params.get(key) ? [filterLabel(key, params.get(key)!, t)] : [])),
  ];
  return <div className="query-summary">{parts.length ? parts.join(" · ") : t("patents.subs.allPatents")}</div>;
}

export function ErrorBoundary() {
  return <RouteError />;
}
