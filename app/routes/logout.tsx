import type { ActionFunctionArgs } from "@remix-run/node";
import { readForm } from "~/utils/forms.server";
import { redirect } from "@remix-run/node";
import { logOut } from "~/domain/identity/log-in.server";
import { readSessionId, safeRedirect, sessionClearCookie } from "~/utils/session.server";

// Logging out is a POST (a link or prefetch must not sign anyone out); GET goes home.
export async function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request);
  await logOut(await readSessionId(request.headers.get("Cookie")));
  return redirect(safeRedirect(form.get("redirectTo"), "/"), { headers: { "Set-Cookie": await sessionClearCookie() } });
}
