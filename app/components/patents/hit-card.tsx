import { Link, useLocation } from "@remix-run/react";
import type { PatentSearchHit } from "~/domain/patents/queries.server";
import { useLocale, useT } from "~/utils/i18n-react";
import { Highlighted } from "./highlight";
import { lifeText, termsText } from "./format";
import { PatentTags } from "./tags";

/** One search result: highlighted title and snippet, holder, tags, terms and remaining term. */
export function HitCard({ hit }: { hit: PatentSearchHit }) {
  const t = useT();
  const locale = useLocale();
  const location = useLocation();
  const p = hit.patent;
  const titleId = `hit-${hit.id}`;
  return (
    <article className="card hit" aria-labelledby={titleId} data-testid="patent-hit">
      <h2 className="hit-title" id={titleId}>
        <Link to={`/patents/${hit.id}`} state={{ from: `/patents${location.search}` }} prefetch="intent">
          <Highlighted segments={hit.title} fallback={p.title} />
        </Link>
      </h2>
      <div className="hit-meta">
        <PatentTags patent={p} />
        <span className="hit-holder">
          {p.holder.name}
          <span className="muted"> · {t(`patents.holderKind.${p.holder.kind}`)}</span>
        </span>
      </div>
      <p className="hit-snippet">
        <Highlighted segments={hit.snippet} />
        {/[。.!?！？]$/.test(hit.snippet.at(-1)?.text.trim() ?? "。") ? null : "…"}
      </p>
      <dl className="hit-facts">
        <div>
          <dt>{t("patents.price")}</dt>
          <dd className="hit-price">{termsText(p.listing, locale, t)}</dd>
        </div>
        <div>
          <dt>{t("patents.life")}</dt>
          <dd>{lifeText(p.remainingLifeYears, t, p.legalStatus)}</dd>
        </div>
        {p.applicationNumber ? (
          <div>
            <dt>{t("patents.field.applicationNumber")}</dt>
            <dd className="mono">{p.applicationNumber}</dd>
          </div>
        ) : null}
      </dl>
    </article>
  );
}
