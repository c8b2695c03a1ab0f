/**
 * Demo organizations and logins: one of every org kind, all fictional and marked 示例.
 * The seed (prisma/seed.ts), the README's table of logins, the end-to-end tests and the
 * HTTP benchmark all read this file, so they cannot drift apart. Pure data.
 */
import type { OrgKind } from "../app/generated/prisma/enums";
import { withUsccCheck } from "../app/domain/identity/uscc";

export type DemoKind = OrgKind;

export const DEMO_PASSWORD = "Demo-2026!";
export const DEMO_EMAIL_DOMAIN = "demo.ipbridge.cn";

export type DemoOrg = {
  kind: DemoKind;
  name: string;
  /** Valid GB 32100-2015 code: registration authority + category, division, org code, check. */
  uscc: string;
  county: string;
  town: string | null;
  clusters: string[];
};

export type DemoUser = { kind: DemoKind; email: string; name: string; title: string };

// Division codes: 611033 柞水县, 611002 商州区 (商洛市), 610116 长安区 (西安市).
// Registration authority + category: 91 enterprise (市场监管), 12 public institution
// (事业单位), 11 government body (机关).
export const DEMO_ORGS: Record<DemoKind, DemoOrg> = {
  SME: {
    kind: "SME",
    name: "柞水县秦岭木耳食品有限公司(示例)",
    uscc: withUsccCheck("91611033MA7QB0001"),
    county: "柞水县",
    town: "下梁镇",
    clusters: ["木耳深加工", "绿色食品"],
  },
  UNIVERSITY: {
    kind: "UNIVERSITY",
    name: "秦岭山地科技学院(示例)",
    uscc: withUsccCheck("12611002MB2900010"),
    county: "商洛市商州区",
    town: null,
    clusters: ["秦岭医药", "新型材料", "绿色食品"],
  },
  RESEARCH_INSTITUTE: {
    kind: "RESEARCH_INSTITUTE",
    name: "秦岭生物医药研究院(示例)",
    uscc: withUsccCheck("12611033MB2900020"),
    county: "柞水县",
    town: "乾佑街道",
    clusters: ["秦岭医药"],
  },
  SOE: {
    kind: "SOE",
    name: "陕西秦岭新材料集团有限公司(示例)",
    uscc: withUsccCheck("91610116MA6TB0030"),
    county: "西安市长安区",
    town: null,
    clusters: ["新型材料"],
  },
  BANK: {
    kind: "BANK",
    name: "秦岭农村商业银行柞水支行(示例)",
    uscc: withUsccCheck("91611033MA7QB0040"),
    county: "柞水县",
    town: "乾佑街道",
    clusters: [],
  },
  INSURER: {
    kind: "INSURER",
    name: "秦岭财产保险股份有限公司柞水支公司(示例)",
    uscc: withUsccCheck("91611033MA7QB0050"),
    county: "柞水县",
    town: "乾佑街道",
    clusters: [],
  },
  APPRAISER: {
    kind: "APPRAISER",
    name: "商洛知信资产评估有限公司(示例)",
    uscc: withUsccCheck("91611002MA7QB0060"),
    county: "商洛市商州区",
    town: null,
    clusters: [],
  },
  GOVERNMENT: {
    kind: "GOVERNMENT",
    name: "柞水县市场监督管理局(示例)",
    uscc: withUsccCheck("11611033MB1900070"),
    county: "柞水县",
    town: "乾佑街道",
    clusters: ["秦岭医药", "木耳深加工", "旅游康养", "新型材料", "绿色食品"],
  },
  PLATFORM: {
    kind: "PLATFORM",
    name: "知产桥平台运营中心(示例)",
    uscc: withUsccCheck("91611033MA7QB0080"),
    county: "柞水县",
    town: "乾佑街道",
    clusters: [],
  },
};

const demoUser = (kind: DemoKind, local: string, name: string, title: string): DemoUser => ({
  kind,
  email: `${local}@${DEMO_EMAIL_DOMAIN}`,
  name,
  title,
});

/** One login per org kind, each the OWNER of its demo org. */
export const DEMO_USERS: Record<DemoKind, DemoUser> = {
  SME: demoUser("SME", "sme", "陈立新", "企业负责人"),
  UNIVERSITY: demoUser("UNIVERSITY", "university", "周文博", "技术转移中心主任"),
  RESEARCH_INSTITUTE: demoUser("RESEARCH_INSTITUTE", "institute", "吴静怡", "成果转化办公室"),
  SOE: demoUser("SOE", "soe", "郑国栋", "知识产权部经理"),
  BANK: demoUser("BANK", "bank", "孙晓梅", "公司业务部信贷经理"),
  INSURER: demoUser("INSURER", "insurer", "钱志远", "信用保证保险业务主管"),
  APPRAISER: demoUser("APPRAISER", "appraiser", "何雨晴", "资产评估师"),
  GOVERNMENT: demoUser("GOVERNMENT", "gov", "马建军", "知识产权股股长"),
  PLATFORM: demoUser("PLATFORM", "admin", "林平", "平台运营管理员"),
};

export const DEMO_KINDS = Object.keys(DEMO_ORGS) as DemoKind[];

/**
 * A second demo SME with its own login, so the demo deals (prisma/seed-deals.ts) run
 * between more than one company and the holders; the logins table above stays one per kind.
 */
export const DEMO_SECOND_SME: { org: DemoOrg; user: DemoUser } = {
  org: {
    kind: "SME",
    name: "柞水县秦岭山珍药茶有限公司(示例)",
    uscc: withUsccCheck("91611033MA7QB0091"),
    county: "柞水县",
    town: "营盘镇",
    clusters: ["秦岭医药", "绿色食品"],
  },
  user: demoUser("SME", "sme2", "刘佳", "企业负责人"),
};

const KIND_LABELS: Record<DemoKind, string> = {
  SME: "中小企业 SME",
  UNIVERSITY: "高校 University",
  RESEARCH_INSTITUTE: "科研院所 Research institute",
  SOE: "国有企业 SOE",
  BANK: "银行 Bank",
  INSURER: "保险机构 Insurer",
  APPRAISER: "评估机构 Appraiser",
  GOVERNMENT: "县市场监管局 Government",
  PLATFORM: "平台运营 Platform admin",
};

/** The README's table of demo logins (between its `demo-logins` markers), generated from this file. */
export function demoLoginsMarkdown(): string {
  const rows = DEMO_KINDS.map((kind) => `| ${KIND_LABELS[kind]} | \`${DEMO_USERS[kind].email}\` | ${DEMO_ORGS[kind].name} | \`home-${kind}\` |`);
  return ["| role | login (password `" + DEMO_PASSWORD + "`) | organization | home page test id |", "|---|---|---|---|", ...rows].join("\n");
}
