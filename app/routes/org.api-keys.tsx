import { Pagination } from "~/components/pagination";
import { readForm } from "~/utils/forms.server";
import { RouteError } from "~/components/route-error";
import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod, type SubmissionResult } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useState } from "react";
import { FormErrors, TextField } from "~/components/form-field";
import { createApiKey } from "~/domain/identity/api-key-create.server";
import { listApiKeysForManagement } from "~/domain/identity/api-key-queries.server";
import { revokeApiKey } from "~/domain/identity/api-key-revoke.server";
import { createApiKeySchema, revokeApiKeySchema } from "~/domain/identity/api-key-schemas";
import { pageQuerySchema } from "~/domain/shared/pagination";
import { replyWithDomainError, throwErrorPage } from "~/utils/form-errors.server";
import { useLocale, useT } from "~/utils/i18n-react";
import "~/utils/messages/api-keys";
import { formatDateTime } from "~/utils/format";
import { pageTitle } from "~/utils/messages/identity";
import { requireSessionView } from "~/utils/session.server";

const PAGE_SIZE = 20;

// Spelled out: without the single-fetch type augmentation `typeof action` hides these fields.
type ActionData = { result: SubmissionResult<string[]>; created: { key: string; name: string } | null };

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "apiKeys.title");

// A freshly created key is in the HTML: no cache may keep this page.
export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store" });

export async function loader({ request }: LoaderFunctionArgs) {
  const view = await requireSessionView(request);
  const page = pageQuerySchema.shape.page.catch(1).parse(new URL(request.url).searchParams.get("page") ?? undefined);
  return listApiKeysForManagement(view.actor, { page, pageSize: PAGE_SIZE }).catch(throwErrorPage);
}

export async function action({ request }: ActionFunctionArgs) {
  const view = await requireSessionView(request);
  const formData = await readForm(request);

  if (formData.get("intent") === "revoke") {
    const submission = parseWithZod(formData, { schema: revokeApiKeySchema });
    if (submission.status !== "success") return data({ result: submission.reply(), created: null }, { status: 400 });
    await revokeApiKey(view.actor, submission.value).catch(throwErrorPage);
    return redirect("/org/api-keys?revoked=1");
  }

  const submission = parseWithZod(formData, { schema: createApiKeySchema });
  if (submission.status !== "success") return data({ result: submission.reply(), created: null }, { status: 400 });
  try {
    const { apiKey, key } = await createApiKey(view.actor, { ...submission.value, orgId: view.actor.orgId });
    // The key travels to the browser this once and is stored nowhere but as a hash.
    return data({ result: submission.reply({ resetForm: true }), created: { key, name: apiKey.name } });
  } catch (error) {
    return replyWithDomainError(submission, error);
  }
}

export default function ApiKeysPage() {
  const { items, total, page, pageSize } = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionData>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const t = useT();
  const locale = useLocale();
  const creating = navigation.state !== "idle" && navigation.formData?.get("intent") === "create";
  const revokingId = navigation.state !== "idle" && navigation.formData?.get("intent") === "revoke" ? navigation.formData.get("apiKeyId") : null;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const when = (iso: string) => formatDateTime(iso, locale);

  const [form, fields] = useForm({
    id: "create-api-key",
    lastResult: actionData?.result,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: createApiKeySchema }),
  });

  return (
    <>
      <h1>{t("apiKeys.title")}</h1>
      <p className="muted">
        {t("apiKeys.intro")} <a href="/api/v1/openapi.json">{t("apiKeys.docs")}</a>
      </p>

      {searchParams.get("revoked") && !actionData ? (
        <p className="notice" role="status">
          {t("apiKeys.revoked")}
        </p>
      ) : null}

      {actionData?.created ? <CreatedKey name={actionData.created.name} value={actionData.created.key} /> : null}

      <section className="card" aria-labelledby="create-title">
        <h2 id="create-title">{t("apiKeys.create.title")}</h2>
        <Form method="post" className="stack" {...getFormProps(form)}>
          <input type="hidden" name="intent" value="create" />
          <FormErrors id={form.errorId} errors={form.errors} />
          <TextField meta={fields.name} label={t("apiKeys.create.name")} hint={t("apiKeys.create.nameHint")} autoComplete="off" />
          <div className="row">
            <button type="submit" className="button" disabled={creating}>
              {creating ? t("apiKeys.create.pending") : t("apiKeys.create.submit")}
            </button>
          </div>
        </Form>
      </section>

      <section className="card" aria-labelledby="list-title">
        <h2 id="list-title">{t("apiKeys.list.title")}</h2>
        {items.length === 0 ? (
          <p className="empty">{t("apiKeys.list.empty")}</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("apiKeys.col.name")}</th>
                <th scope="col">{t("apiKeys.col.prefix")}</th>
                <th scope="col">{t("apiKeys.col.createdAt")}</th>
                <th scope="col">{t("apiKeys.col.lastUsedAt")}</th>
                <th scope="col">{t("apiKeys.col.status")}</th>
                <th scope="col">{t("apiKeys.col.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((key) => (
                <tr key={key.id} data-testid="api-key-row">
                  <td>{key.name}</td>
                  <td>
                    <code>{key.prefix}…</code>
                  </td>
                  <td>{when(key.createdAt)}</td>
                  <td>{key.lastUsedAt ? when(key.lastUsedAt) : <span className="muted">{t("apiKeys.never")}</span>}</td>
                  <td>
                    {key.revokedAt ? (
                      <span className="tag tag-danger">{t("apiKeys.status.revoked")}</span>
                    ) : (
                      <span className="tag tag-ok">{t("apiKeys.status.active")}</span>
                    )}
                  </td>
                  <td>
                    {key.revokedAt ? null : (
                      <Form
                        method="post"
                        onSubmit={(event) => {
                          if (!window.confirm(t("apiKeys.revoke.confirm", { name: key.name }))) event.preventDefault();
                        }}
                      >
                        <input type="hidden" name="intent" value="revoke" />
                        <input type="hidden" name="apiKeyId" value={key.id} />
                        <button type="submit" className="button button-danger button-small" disabled={revokingId === key.id} aria-label={`${t("apiKeys.revoke")} ${key.name}`}>
                          {revokingId === key.id ? t("apiKeys.revoking") : t("apiKeys.revoke")}
                        </button>
                      </Form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <Pagination page={page} pages={pages} label={t("apiKeys.list.title")} />
      </section>
    </>
  );
}

function CreatedKey({ name, value }: { name: string; value: string }) {
  const t = useT();
  const [copied, setCopied] = useState(false);
  return (
    <section className="card" role="status" aria-labelledby="created-title">
      <h2 id="created-title">{t("apiKeys.created.title", { name })}</h2>
      <p className="form-error">{t("apiKeys.created.warning")}</p>
      <pre className="secret" data-testid="new-api-key">
        <code>{value}</code>
      </pre>
      <div className="row">
        <button
          type="button"
          className="button button-secondary"
          onClick={() => navigator.clipboard?.writeText(value).then(() => setCopied(true), () => setCopied(false))}
        >
          {copied ? t("apiKeys.created.copied") : t("apiKeys.created.copy")}
        </button>
        <span className="hint muted">{t("apiKeys.created.copyHint")}</span>
      </div>
    </section>
  );
}

export function ErrorBoundary() {
  return <RouteError messages={{ 403: "apiKeys.forbidden" }} />;
}
