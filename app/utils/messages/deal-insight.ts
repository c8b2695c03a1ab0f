import { DEAL_STATUS_NAMES, DEAL_STATUSES } from "~/domain/deals/deal-machine";
import { DECLINE_REASON_NAMES, DECLINE_REASONS } from "~/domain/deals/schemas";
import { defineMessages } from "../i18n";

/**
 * The holder's 交易概况 on its catalog (issue 14 §10). Chinese names of deal statuses and
 * decline reasons come from the domain (one source); the English ones are written here.
 */
const zhLabels = <T extends string>(prefix: string, values: readonly T[], labels: Record<T, string>) => Object.fromEntries(values.map((v) => [`${prefix}.${v}`, labels[v]]));

export const dealInsightMessages = defineMessages({
  "zh-CN": {
    ...zhLabels("insight.status", DEAL_STATUSES, DEAL_STATUS_NAMES),
    ...zhLabels("insight.decline", DECLINE_REASONS, DECLINE_REASON_NAMES),
    "insight.title": "交易概况",
    "insight.intro": "企业浏览本机构专利、发起交易及交易进展的统计（浏览次数不含本机构成员）。",
    "insight.empty": "还没有企业浏览或咨询本机构的专利。专利挂牌后，浏览和交易会在这里汇总。",
    "insight.summary": "汇总",
    "insight.patents": "有关注的专利",
    "insight.views": "浏览",
    "insight.inquiries": "发起交易",
    "insight.agreedRate": "达成率",
    "insight.agreedRateNone": "—",
    "insight.byStatus": "交易状态",
    "insight.declineReasons": "婉拒原因",
    "insight.none": "无",
    "insight.colPatent": "专利",
    "insight.count": "{label} {count}",
    "insight.notHeld": "已转让",
    "insight.perPatent": "各专利交易概况",
  },
  en: {
    "insight.status.INQUIRY": "Inquiry",
    "insight.status.NEGOTIATING": "Negotiating",
    "insight.status.AGREED": "Agreed",
    "insight.status.PAID": "Paid",
    "insight.status.RECORDED": "Recorded",
    "insight.status.CONVERTED": "Converted",
    "insight.status.DECLINED": "Declined",
    "insight.status.CANCELLED": "Cancelled",
    "insight.decline.TOO_EARLY": "Too early to transfer",
    "insight.decline.BENEFIT_UNCLEAR": "Benefit unclear",
    "insight.decline.PRICE": "No agreement on price",
    "insight.decline.NOT_AVAILABLE": "No longer available",
    "insight.decline.OTHER": "Other reason",
    "insight.title": "Deal insight",
    "insight.intro": "How companies view your patents, the deals they start and where those deals stand (views by your own members are not counted).",
    "insight.empty": "No company has viewed or asked about your patents yet. Once patents are listed, views and deals are summed up here.",
    "insight.summary": "Summary",
    "insight.patents": "Patents with interest",
    "insight.views": "Views",
    "insight.inquiries": "Deals started",
    "insight.agreedRate": "Agreed rate",
    "insight.agreedRateNone": "—",
    "insight.byStatus": "Deal status",
    "insight.declineReasons": "Decline reasons",
    "insight.none": "None",
    "insight.colPatent": "Patent",
    "insight.count": "{label} {count}",
    "insight.notHeld": "Assigned",
    "insight.perPatent": "Deal insight per patent",
  },
});
