import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { county } from "~/domain/identity/county";
import stylesheet from "~/styles/identity.css";
import { useT } from "~/utils/i18n-react";
import { pageTitle } from "~/utils/messages/identity";
import { getSessionView } from "~/utils/session.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];

export const meta: MetaFunction = ({ matches }) => [
  ...pageTitle(matches, "app.tagline"),
  { name: "description", content: "县域知识产权金融与专利转化服务平台：专利转化对接、知识产权质押融资、知识产权强县建设指标监测。" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getSessionView(request)) throw redirect("/home");
  return null;
}

const SERVICES = ["transfer", "financing", "monitoring"] as const;
const AUDIENCES = ["SME", "holders", "finance", "GOVERNMENT"] as const;

export default function Landing() {
  const t = useT();
  return (
    <>
      <section className="hero">
        <p className="hero-kicker">{t("landing.kicker", { county: county.name })}</p>
        <h1>{t("app.name")} · {t("app.tagline")}</h1>
        <p>{t("landing.lead")}</p>
        <div className="row">
          <Link to="/signup" className="button">
            {t("landing.signup")}
          </Link>
          <Link to="/login" className="button button-secondary">
            {t("nav.login")}
          </Link>
        </div>
      </section>

      <h2>{t("landing.services")}</h2>
      <section className="grid">
        {SERVICES.map((s) => (
          <article key={s} className="card cap-card">
            <h3>{t(`landing.service.${s}.title`)}</h3>
            <p>{t(`landing.service.${s}.desc`)}</p>
          </article>
        ))}
      </section>

      <section className="card model-card">
        <h2>{t("landing.model")}</h2>
        <p>{t("landing.modelDesc")}</p>
      </section>

      <h2>{t("landing.audiences")}</h2>
      <section className="grid">
        {AUDIENCES.map((a) => (
          <article key={a} className="card cap-card">
            <h3>{t(`landing.audience.${a}.title`)}</h3>
            <p>{t(`landing.audience.${a}.desc`)}</p>
          </article>
        ))}
      </section>

      <section className="card">
        <h2>{t("landing.howTitle")}</h2>
        <ol className="steps">
          <li>{t("landing.how1")}</li>
          <li>{t("landing.how2")}</li>
          <li>{t("landing.how3")}</li>
        </ol>
      </section>
    </>
  );
}
