import { useFetcher } from "@remix-run/react";
import { useT } from "~/utils/i18n-react";
import { fieldLabel } from "./format";

/** What the detail route's action answers to a list/unlist request. */
export type StatusReply = {
  done: string | null;
  error: string | null;
  fieldErrors: Record<string, string[]> | null;
};

/**
 * The holder's 挂牌 / 下架 buttons. They post to the patent's own route (one action for
 * the detail page and the catalog rows) through a fetcher, so the page stays where it is
 * and its data is reloaded; without JavaScript the form opens the detail page.
 */
export function StatusButtons({
  patentId,
  version,
  actions,
  describedBy,
}: {
  patentId: string;
  version: number;
  actions: string[];
  describedBy?: string;
}) {
  const fetcher = useFetcher<StatusReply>({ key: `patent-status-${patentId}` });
  const t = useT();
  const busy = fetcher.state !== "idle" ? String(fetcher.formData?.get("intent") ?? "") : null;
  const reply = fetcher.state === "idle" ? fetcher.data : undefined;
  return (
    <div className="status-actions">
      <div className="row">
        {actions.map((action) => (
          <fetcher.Form key={action} method="post" action={`/patents/${patentId}`}>
            <input type="hidden" name="intent" value={action} />
            <input type="hidden" name="version" value={version} />
            <button
              type="submit"
              className={action === "list" ? "button button-compact" : "button button-compact button-outline"}
              disabled={busy !== null}
              aria-describedby={describedBy}
            >
              {busy === action ? t(`patents.action.${action}ing`) : t(`patents.action.${action}`)}
            </button>
          </fetcher.Form>
        ))}
      </div>
      {reply?.done ? (
        <p className="status-note" role="status">
          {t(reply.done === "LISTED" ? "patents.action.listed" : "patents.action.unlisted")}
        </p>
      ) : null}
      {reply?.error ? (
        <div className="form-error status-error" role="alert">
          <p>{reply.fieldErrors ? t("patents.action.cannotList", { message: t(reply.error) }) : t(reply.error)}</p>
          {reply.fieldErrors ? (
            <ul>
              {Object.entries(reply.fieldErrors).flatMap(([field, messages]) =>
                messages.map((m) => (
                  <li key={`${field}-${m}`}>
                    {fieldLabel(field, t)}：{m}
                  </li>
                )),
              )}
            </ul>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
