import { useRevalidator } from "@remix-run/react";
import { useT } from "~/utils/i18n-react";

/**
 * What a page says when its write met a newer version (409): what happened (`textKey`),
 * the server's reason when it gave one, and a button that reloads the page's data in place.
 */
export function ConflictNotice({ textKey, refreshKey, message }: { textKey: string; refreshKey: string; message?: string }) {
  const t = useT();
  const revalidator = useRevalidator();
  return (
    <div className="form-error" role="alert">
      <p style={{ margin: 0 }}>
        {t(textKey)}
        {message ? `（${message}）` : ""}{" "}
        <button type="button" className="link-button" onClick={() => revalidator.revalidate()}>
          {t(refreshKey)}
        </button>
      </p>
    </div>
  );
}
