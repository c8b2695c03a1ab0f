import type { SubmissionResult } from "@conform-to/react";
import { readForm } from "~/utils/forms.server";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData } from "@remix-run/react";
import { PatentForm } from "~/components/patent-form";
import { RouteError } from "~/components/route-error";
import { can } from "~/domain/identity/policies";
import { createPatent } from "~/domain/patents/save-patent.server";
import { patentInputSchema } from "~/domain/patents/schemas";
import styles from "~/styles/patents.css";
import { replyWithDomainError } from "~/utils/form-errors.server";
import { useT } from "~/utils/i18n-react";
import { patentsPageTitle } from "~/utils/messages/patents";
import { requireSessionView } from "~/utils/session.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction = ({ matches }) => patentsPageTitle(matches, "patents.form.newMeta");

/** Only holders (universities, research institutes, SOEs) add patents; others find no such page. */
export async function loader({ request }: LoaderFunctionArgs) {
  const view = await requireSessionView(request);
  if (!can(view.actor, "patent.manage", { orgId: view.actor.orgId })) throw new Response("Not Found", { status: 404 });
  return null;
}

/** "保存为草稿" (publish=false) or "保存并挂牌" (publish=true); then the patent's page. */
export async function action({ request }: ActionFunctionArgs) {
  const view = await requireSessionView(request);
  const formData = await readForm(request);
  const submission = parseWithZod(formData, { schema: patentInputSchema, disableAutoCoercion: true });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  try {
    const saved = await createPatent(view.actor, submission.value, { publish: formData.get("publish") === "true" });
    return redirect(`/patents/${saved.id}`);
  } catch (error) {
    return replyWithDomainError(submission, error);
  }
}

export default function NewPatent() {
  const t = useT();
  const actionData = useActionData<{ result: SubmissionResult<string[]> }>();
  return (
    <div className="form-page">
      <Link to="/catalog" className="back-link">
        ← {t("patents.catalog.title")}
      </Link>
      <h1>{t("patents.form.newTitle")}</h1>
      <p className="muted">{t("patents.form.intro")}</p>
      <PatentForm lastResult={actionData?.result} status={null} cancelTo="/catalog" />
    </div>
  );
}

export function ErrorBoundary() {
  return <RouteError />;
}
