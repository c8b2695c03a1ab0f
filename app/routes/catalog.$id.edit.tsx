import type { SubmissionResult } from "@conform-to/react";
import { readForm } from "~/utils/forms.server";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { PatentForm, patentFormValues } from "~/components/patent-form";
import { StatusTag } from "~/components/patents/tags";
import { RouteError } from "~/components/route-error";
import { getPatentDetail } from "~/domain/patents/queries.server";
import { updatePatent } from "~/domain/patents/save-patent.server";
import { patentInputSchema } from "~/domain/patents/schemas";
import { patentStatusBodySchema } from "~/domain/patents/status";
import styles from "~/styles/patents.css";
import { replyWithDomainError, throwErrorPage } from "~/utils/form-errors.server";
import { useT } from "~/utils/i18n-react";
import { patentsPageTitle } from "~/utils/messages/patents";
import { requireSessionView } from "~/utils/session.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction = ({ matches }) => patentsPageTitle(matches, "patents.form.editMeta");

/** The holder's own patent; anyone else's is "not found", even when it is listed. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const view = await requireSessionView(request);
  const patent = await getPatentDetail(view.actor, params.id!).catch(throwErrorPage);
  if (!patent.canEdit) throw new Response("Not Found", { status: 404 });
  return patent;
}

/**
 * Saves with the version the editor saw (a stale edit is a conflict). "保存并挂牌" on a
 * draft saves and lists it in one step; if it may not be listed, nothing is saved and the
 * form says why.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const view = await requireSessionView(request);
  const formData = await readForm(request);
  const submission = parseWithZod(formData, { schema: patentInputSchema, disableAutoCoercion: true });
  if (submission.status !== "success") return data({ result: submission.reply(), savedNotListed: false }, { status: 400 });
  const version = patentStatusBodySchema.shape.version.safeParse(formData.get("version") || undefined);
  let saved;
  try {
    const publish = formData.get("publish") === "true";
    saved = await updatePatent(view.actor, params.id!, submission.value, version.success ? version.data : undefined, { publish });
  } catch (error) {
    return replyWithDomainError(submission, error);
  }
  return redirect(`/patents/${saved.id}`);
}

export default function EditPatent() {
  const t = useT();
  const patent = useLoaderData<typeof loader>();
  const actionData = useActionData<{ result: SubmissionResult<string[]>; savedNotListed?: boolean }>();
  return (
    <div className="form-page">
      <Link to={`/patents/${patent.id}`} className="back-link">
        ← {patent.title}
      </Link>
      <h1>{t("patents.form.editTitle")}</h1>
      <p className="muted">
        {t("patents.form.current")}
        <StatusTag status={patent.status} />
      </p>
      <PatentForm
        lastResult={actionData?.result}
        defaultValue={patentFormValues(patent)}
        status={patent.status}
        version={patent.version}
        cancelTo={`/patents/${patent.id}`}
        notice={
          actionData?.savedNotListed ? (
            <p className="notice" role="status">
              {t("patents.form.savedNotListed")}
            </p>
          ) : null
        }
      />
    </div>
  );
}

export function ErrorBoundary() {
  return <RouteError />;
}
