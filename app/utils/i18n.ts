/**
 * UI copy in Simplified Chinese (default) and English. Keys are grouped by screen; a
 * missing English string falls back to Chinese, a missing key shows the key (and the
 * unit test in i18n.test.ts fails, so none ships).
 */
export const LOCALES = ["zh-CN", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "zh-CN";
export const LOCALE_COOKIE = "ipb_lang";

type Dict = Record<string, string>;

const zh: Dict = {
  "app.name": "知产桥",
  "app.tagline": "县域知识产权金融与专利转化服务平台",
  "app.demoBadge": "示例",
  "nav.home": "工作台",
  "nav.patents": "专利检索",
  "nav.catalog": "我的专利",
  "nav.needs": "技术需求",
  "nav.deals": "我的交易",
  "nav.financing": "质押融资",
  "nav.policies": "融资政策",
  "nav.subsidies": "财政补贴",
  "nav.riskFund": "风险补偿资金",
  "nav.gi": "地理标志",
  "nav.giVerify": "地标授权查询",
  "nav.indicators": "指标看板",
  "nav.county": "县域指标",
  "nav.appraisal": "评估任务",
  "nav.appraiserProfile": "评估机构资料",
  "nav.subscriptions": "定点推送",
  "nav.notifications": "消息",
  "nav.org": "本机构",
  "nav.members": "成员",
  "nav.apiKeys": "API 密钥",
  "nav.adminOrgs": "机构审核",
  "nav.adminQueues": "任务队列",
  "nav.login": "登录",
  "nav.signup": "注册",
  "nav.account": "账户与安全",
  "nav.logout": "退出",
  "nav.language": "English",
  "nav.skip": "跳到主要内容",
  "nav.menu": "菜单",
  "nav.menuClose": "收起菜单",
  "orgKind.SME": "中小企业",
  "orgKind.UNIVERSITY": "高校",
  "orgKind.RESEARCH_INSTITUTE": "科研院所",
  "orgKind.SOE": "国有企业",
  "orgKind.BANK": "银行",
  "orgKind.INSURER": "保险机构",
  "orgKind.APPRAISER": "评估机构",
  "orgKind.GOVERNMENT": "县市场监管局",
  "orgKind.PLATFORM": "平台运营方",
  "orgStatus.PENDING": "待审核",
  "orgStatus.ACTIVE": "已启用",
  "orgStatus.SUSPENDED": "已停用",
  "role.OWNER": "负责人",
  "role.MEMBER": "成员",
  "common.save": "保存",
  "common.cancel": "取消",
  "common.submit": "提交",
  "common.amountInWords": "大写金额",
  "common.loading": "加载中…",
  "common.empty": "暂无数据",
  "common.prev": "上一页",
  "common.next": "下一页",
  "common.page": "第 {page} / {pages} 页",
  "error.title": "出错了",
  "error.notFound": "页面不存在",
  "error.forbidden": "无权访问",
  "error.generic": "服务暂时不可用，请稍后再试。",
  "error.badRequest": "提交的内容无法处理（格式不对或含有不允许的字符），请返回检查后重新提交。",
  "error.tooLarge": "提交的内容过大，请缩小文件或内容后重新提交。",
  "error.backHome": "返回首页",
};

const en: Dict = {
  "app.name": "IP Bridge",
  "app.tagline": "County IP financing and patent transfer marketplace",
  "app.demoBadge": "Demo",
  "nav.home": "Home",
  "nav.patents": "Patents",
  "nav.catalog": "My patents",
  "nav.needs": "Tech needs",
  "nav.deals": "My deals",
  "nav.financing": "Pledge financing",
  "nav.policies": "Financing policy",
  "nav.subsidies": "Subsidies",
  "nav.riskFund": "Risk fund",
  "nav.gi": "Geographical indications",
  "nav.giVerify": "Verify a GI user",
  "nav.indicators": "Indicators",
  "nav.county": "County targets",
  "nav.appraisal": "Appraisal jobs",
  "nav.appraiserProfile": "Appraiser profile",
  "nav.subscriptions": "Alerts",
  "nav.notifications": "Notifications",
  "nav.org": "Organization",
  "nav.members": "Members",
  "nav.apiKeys": "API keys",
  "nav.adminOrgs": "Org review",
  "nav.adminQueues": "Job queues",
  "nav.login": "Log in",
  "nav.signup": "Sign up",
  "nav.account": "Account",
  "nav.logout": "Log out",
  "nav.language": "中文",
  "nav.skip": "Skip to main content",
  "nav.menu": "Menu",
  "nav.menuClose": "Close menu",
  "orgKind.SME": "SME",
  "orgKind.UNIVERSITY": "University",
  "orgKind.RESEARCH_INSTITUTE": "Research institute",
  "orgKind.SOE": "State-owned enterprise",
  "orgKind.BANK": "Bank",
  "orgKind.INSURER": "Insurer",
  "orgKind.APPRAISER": "Appraisal institution",
  "orgKind.GOVERNMENT": "County market supervision bureau",
  "orgKind.PLATFORM": "Platform operator",
  "orgStatus.PENDING": "Pending review",
  "orgStatus.ACTIVE": "Active",
  "orgStatus.SUSPENDED": "Suspended",
  "role.OWNER": "Owner",
  "role.MEMBER": "Member",
  "common.save": "Save",
  "common.cancel": "Cancel",
  "common.submit": "Submit",
  "common.amountInWords": "In words",
  "common.loading": "Loading…",
  "common.empty": "Nothing here yet",
  "common.prev": "Previous",
  "common.next": "Next",
  "common.page": "Page {page} of {pages}",
  "error.title": "Something went wrong",
  "error.notFound": "Page not found",
  "error.forbidden": "Access denied",
  "error.generic": "The service is temporarily unavailable. Please try again later.",
  "error.badRequest": "What was submitted could not be processed (wrong format or characters that are not allowed). Please go back, check it and submit again.",
  "error.tooLarge": "What was submitted is too large. Please make the file or text smaller and submit again.",
  "error.backHome": "Back to home",
};

export const dictionaries: Record<Locale, Dict> = { "zh-CN": zh, en };

/** Adds strings for a screen; called at module load by the screen's own messages file. */
export function defineMessages(messages: Record<Locale, Dict>) {
  for (const locale of LOCALES) Object.assign(dictionaries[locale], messages[locale]);
  return messages;
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

export function translate(locale: Locale, key: string, params?: Record<string, string | number>): string {
  const template = dictionaries[locale][key] ?? dictionaries[DEFAULT_LOCALE][key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (_, name) => (name in params ? String(params[name]) : `{${name}}`));
}

/** The locale from the language cookie, else the default. */
export function localeFromCookie(cookieHeader: string | null): Locale {
  const match = cookieHeader?.match(new RegExp(`(?:^|;\\s*)${LOCALE_COOKIE}=([^;]+)`));
  const value = match ? decodeURIComponent(match[1]) : null;
  return isLocale(value) ? value : DEFAULT_LOCALE;
}
