import { createCookie } from "@remix-run/node";

/**
 * The one-time "version published" notice: the ref rides a short-lived cookie from the
 * publishing form's redirect to the version's page, which shows it once and clears it,
 * so the version's address stays exactly `/policies/<ref>`.
 */
export const publishedFlash = createCookie("ipb_policy_published", { path: "/policies", httpOnly: true, sameSite: "lax", maxAge: 120 });

export async function takePublishedFlash(request: Request, ref: string): Promise<{ published: boolean; headers?: HeadersInit }> {
  const value: unknown = await publishedFlash.parse(request.headers.get("Cookie"));
  if (value !== ref) return { published: false };
  return { published: true, headers: { "Set-Cookie": await publishedFlash.serialize("", { maxAge: 0 }) } };
}
