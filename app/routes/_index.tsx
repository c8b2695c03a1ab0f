import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { useT } from "~/utils/i18n-react";
import { getSessionView } from "~/utils/session.server";

export const meta: MetaFunction = () => [{ title: "知产桥 · 县域知识产权金融与专利转化服务平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getSessionView(request)) throw redirect("/home");
  return null;
}

export default function Landing() {
  const t = useT();
  return (
    <>
      <section className="hero">
        <h1>{t("app.name")}</h1>
        <p>{t("app.tagline")}</p>
        <div className="row">
          <Link to="/signup" className="button">
            {t("nav.signup")}
          </Link>
          <Link to="/login" className="button button-secondary">
            {t("nav.login")}
          </Link>
        </div>
      </section>
    </>
  );
}
