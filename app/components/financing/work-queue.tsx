import { Link } from "@remix-run/react";
import { ageOf } from "~/utils/format";
import { useT } from "~/utils/i18n-react";
import "~/utils/messages/financing";

export type Queue = "mine" | "all";

/** The 待我办理 / 全部 tabs of a work queue (bank, insurer, appraiser), with the count of the open tab. */
export function QueueTabs({ queue, total, className = "fin-queue" }: { queue: Queue; total: number; className?: string }) {
  const t = useT();
  return (
    <nav className={className} aria-label={t("fin.queue.label")}>
      {(["mine", "all"] as const).map((q) => (
        <Link key={q} to={`?queue=${q}`} aria-current={queue === q ? "page" : undefined}>
          {t(`fin.queue.${q}`)}
          {queue === q ? <span className="tab-count">{total}</span> : null}
        </Link>
      ))}
    </nav>
  );
}

/** How long an item has waited in its stage, in words ("3 天"), measured against the loader's `now`. */
export function useAge(now: number) {
  const t = useT();
  return (since: string) => {
    const a = ageOf(since, now);
    return t(`fin.age.${a.unit}`, { n: a.n });
  };
}
