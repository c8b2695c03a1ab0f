import type { ActionFunctionArgs } from "@remix-run/node";
import { readForm } from "~/utils/forms.server";
import { redirect } from "@remix-run/node";
import { changeLocale } from "~/domain/identity/change-locale.server";
import { setLocaleSchema } from "~/domain/identity/schemas";
import { localeCookie } from "~/utils/locale-cookie.server";
import { getSessionView, safeRedirect } from "~/utils/session.server";

export async function loader() {
  return redirect("/");
}

/** The header's language switch: remembers the choice in a cookie (and on the account) and goes back. */
export async function action({ request }: ActionFunctionArgs) {
  const form = Object.fromEntries(await readForm(request));
  const parsed = setLocaleSchema.safeParse(form);
  if (!parsed.success) throw new Response("Unsupported locale", { status: 400 });
  const view = await getSessionView(request);
  if (view) await changeLocale(view.actor, parsed.data.locale);
  return redirect(safeRedirect(parsed.data.redirectTo, "/"), { headers: { "Set-Cookie": localeCookie(parsed.data.locale) } });
}
