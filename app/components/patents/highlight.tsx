import { Fragment } from "react";
import type { Segment } from "../../../search/port";

/**
 * Search-engine text with its matches marked. Every part is rendered as a text node:
 * a patent abstract containing "<script>" shows those characters, nothing more.
 */
export function Highlighted({ segments, fallback }: { segments: Segment[]; fallback?: string }) {
  if (segments.length === 0) return <>{fallback ?? ""}</>;
  return (
    <>
      {segments.map((s, i) => (s.match ? <mark key={i}>{s.text}</mark> : <Fragment key={i}>{s.text}</Fragment>))}
    </>
  );
}
