import type { ReactNode } from "react";

/**
 * A wide table's own scrolling box: on a phone the table scrolls inside it (the page never
 * scrolls sideways) with its first column kept in view (`.table-wrap` in app.css). The box
 * is a labelled region a keyboard user can focus and scroll.
 */
export function TableWrap({ label, children, className }: { label: string; children: ReactNode; className?: string }) {
  return (
    <div className={className ? `table-wrap ${className}` : "table-wrap"} role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
