import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { amountInWords } from "~/utils/format";
import { useT } from "~/utils/i18n-react";

/**
 * The confirm step of a money move one person makes (issue 19 §5; ADR 0021): what will
 * happen, the amount in words (大写金额), and two buttons — confirm (the move's intent) or
 * go back to the form (its `-edit` intent). What the form held rides along as hidden fields.
 */
export function ConfirmStep({
  id,
  title,
  amount,
  hidden,
  confirm,
  back,
  busy,
  className,
  children,
}: {
  id: string;
  title: string;
  /** Yuan as the books keep it ("1000000.00"): spelled out in words. */
  amount: string;
  hidden: Record<string, string | readonly string[]>;
  confirm: { intent: string; label: string; busyLabel?: string };
  back: { intent: string; label: string };
  busy: boolean;
  className?: string;
  /** What will happen, in words (the first paragraph is the page's status). */
  children: ReactNode;
}) {
  const t = useT();
  return (
    <Form method="post" className={className} aria-labelledby={`${id}-confirm-title`}>
      <h3 id={`${id}-confirm-title`}>{title}</h3>
      {children}
      <p className="amount-words" data-testid={`${id}-words`}>
        {t("common.amountInWords")}：{amountInWords(amount)}
      </p>
      {Object.entries(hidden).flatMap(([name, value]) =>
        (typeof value === "string" ? [value] : value).map((v, i) => <input key={`${name}-${i}`} type="hidden" name={name} value={v} />),
      )}
      <div className="form-actions">
        <button type="submit" name="intent" value={confirm.intent} className="button" disabled={busy}>
          {busy && confirm.busyLabel ? confirm.busyLabel : confirm.label}
        </button>
        <button type="submit" name="intent" value={back.intent} className="button button-secondary" disabled={busy}>
          {back.label}
        </button>
      </div>
    </Form>
  );
}
