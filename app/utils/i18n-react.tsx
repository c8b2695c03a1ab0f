import { useRouteLoaderData } from "@remix-run/react";
import { DEFAULT_LOCALE, translate, type Locale } from "./i18n";

export function useLocale(): Locale {
  const data = useRouteLoaderData<{ locale: Locale }>("root");
  return data?.locale ?? DEFAULT_LOCALE;
}

/** `const t = useT(); t("nav.home")` */
export function useT() {
  const locale = useLocale();
  return (key: string, params?: Record<string, string | number>) => translate(locale, key, params);
}
