import type { PledgeStatus } from "~/generated/prisma/enums";
import type { OrgNotice } from "../notifications/notify.server";
import { Money } from "../shared/money";
import type { PledgeAction } from "./pledge-machine";

/**
 * Who hears of a pledge move (SPEC §6, issue 15 §2): the party that owes the next step,
 * the SME on every decision, and those whose money or risk a move changes. Pure: the use
 * case passes what it knows, this decides recipients and words. Each notice's key names
 * the move (application, the version it produced, action) and the recipient's role, so a
 * replay delivers nothing twice.
 */

export type MoveFacts = {
  id: string;
  smeId: string;
  bankId: string;
  insurerId: string;
  smeName: string;
  /** The application's version after the move. */
  version: number;
  action: PledgeAction;
  from: PledgeStatus;
  to: PledgeStatus;
  /** The party that moved (first report acceptance: who is still to accept). */
  party: "SME" | "BANK" | "INSURER" | "SYSTEM";
  reason?: string | null;
  requested?: bigint | null;
  approved?: bigint | null;
  loanCap?: bigint | null;
  premium?: bigint | null;
  /** The assigned appraiser's fee, owed by the SME once the report is accepted. */
  appraisalFee?: bigint | null;
  disbursed?: bigint | null;
  cnipaRegNo?: string | null;
  /** The assigned appraiser (a rejected report or a withdrawal concerns it). */
  appraiserId?: string | null;
  /** Active GOVERNMENT orgs (defaults and compensations touch the county fund). */
  governmentIds?: readonly string[];
};

type Role = "sme" | "bank" | "insurer" | "appraiser" | "gov";

const yuan = (fen: bigint | null | undefined) => Money.fromFen(fen ?? 0n).format();
export const pledgeLink = (id: string) => `/financing/${id}`;

export function pledgeNotices(m: MoveFacts): OrgNotice[] {
  const out: OrgNotice[] = [];
  const who = `${m.smeName}的质押融资申请`;
  const tell = (role: Role, orgId: string | null | undefined, kind: string, title: string, body: string) => {
    if (orgId) out.push({ orgId, kind, title, body, link: pledgeLink(m.id), sourceKey: `pledge:${m.id}:v${m.version}:${m.action}:${role}:${orgId}` });
  };
  const sme = (title: string, body: string) => tell("sme", m.smeId, "financing.sme-update", title, body);
  const bankTurn = (title: string, body: string) => tell("bank", m.bankId, "financing.bank-turn", title, body);
  const insurerTurn = (title: string, body: string) => tell("insurer", m.insurerId, "financing.insurer-turn", title, body);
  const update = (role: Role, orgId: string | null | undefined, title: string, body: string) => tell(role, orgId, "financing.update", title, body);
  const reason = m.reason ? `原因：${m.reason}` : "";

  switch (m.action) {
    case "submit":
      bankTurn("新的质押融资申请", `${who}已提交（申请金额 ${yuan(m.requested)}），评估竞价已开始。评估报告提交后，请及时审阅。`);
      break;
    case "accept-report":
      if (m.to === "APPRAISAL") {
        // The first of the two acceptances: the other party now owes its own.
        if (m.party === "SME") bankTurn("评估报告待您确认", `${m.smeName}已确认评估报告，请审阅并确认。`);
        else sme("评估报告待您确认", "合作银行已确认评估报告，请审阅并确认。");
      }
      break;
    case "reject-report":
      tell("appraiser", m.appraiserId, "appraisal.update", "评估报告被退回", `${who}的评估报告被退回，请修改后重新提交。${reason}`);
      break;
    case "start-bank-review":
      bankTurn("评估已完成，请审批贷款", `${who}的评估报告已由双方确认，贷款上限 ${yuan(m.loanCap)}。请审批贷款条款。`);
      sme("评估报告已确认", `评估报告已确认，按评估值计算的贷款上限为 ${yuan(m.loanCap)}。请向评估机构支付评估费 ${yuan(m.appraisalFee)}；下一步：银行审批。`);
      break;
    case "bank-approve":
      insurerTurn("新的保证保险待报价", `合作银行已批准${who}：金额 ${yuan(m.approved)}。请审核并报价保险费率。`);
      sme("银行已批准贷款", `银行批准金额 ${yuan(m.approved)}。下一步：保险机构审核。`);
      break;
    case "bank-reject":
      sme("银行未批准贷款", `很遗憾，银行未批准本次质押融资申请。${reason}`);
      break;
    case "insurer-approve":
      sme("贷款条款已就绪，请确认", `保险机构已承保（保费 ${yuan(m.premium)}）。请确认贷款条款，并支付评估费和保费。`);
      break;
    case "insurer-decline":
      sme("保险机构未承保", `很遗憾，保险机构未承保本次贷款。${reason}`);
      update("bank", m.bankId, "保险机构未承保", `${who}未获保险机构承保，申请已结束。${reason}`);
      break;
    case "accept-terms":
    case "contract":
      if (m.to === "CONTRACTED") {
        bankTurn("合同已生效，请办理质押登记", `${who}：条款已确认、评估费和保费已付清。请办理专利权质押登记并放款。`);
        sme("合同已生效", "条款已确认、费用已付清。下一步：银行办理质押登记并放款。");
      }
      break;
    case "register":
      sme("质押已登记", `质押登记已完成（登记号 ${m.cnipaRegNo ?? ""}）。下一步：银行放款。`);
      break;
    case "disburse":
      sme("贷款已发放", `银行已放款 ${yuan(m.disbursed)}。`);
      update("insurer", m.insurerId, "承保贷款已发放", `${who}已放款 ${yuan(m.disbursed)}，保证保险责任开始。`);
      break;
    case "record-repayment":
      if (m.to === "SETTLED") {
        sme("贷款已结清", "贷款本金已全部还清，质押登记随之注销。");
        update("insurer", m.insurerId, "承保贷款已结清", `${who}的贷款已结清。`);
      } else {
        sme("还款已登记", "银行已登记一笔还款。");
      }
      break;
    case "declare-default":
      insurerTurn("承保贷款违约", `${who}的贷款已被银行宣布违约。追偿结束后将按比例分担损失，请做好理赔准备。`);
      sme("贷款已被宣布违约", "银行已宣布贷款违约，请尽快与银行联系。");
      for (const gov of m.governmentIds ?? []) update("gov", gov, "质押贷款违约", `${who}的贷款已违约，风险补偿资金可能需要分担损失。`);
      break;
    case "claim-compensation":
      // The insurer (its share is due) and the county hear the shares from the risk fund (risk-fund.server.ts).
      sme("违约损失已分担", "银行已申请风险补偿，损失已按政策分担。");
      break;
    case "record-recovery":
      if (m.from === "COMPENSATED") {
        update("insurer", m.insurerId, "追偿款已按比例返还", `${who}有新的追偿款，已按分担比例返还。`);
        for (const gov of m.governmentIds ?? []) update("gov", gov, "追偿款已返还风险补偿资金", `${who}有新的追偿款，已按比例返还风险补偿资金。`);
      }
      break;
    case "close":
      sme("质押融资已结案", "银行已结束本笔违约贷款的追偿并结案。");
      break;
    case "withdraw":
      // A draft was never anyone else's business.
      if (m.from === "DRAFT") break;
      update("bank", m.bankId, "融资申请已撤回", `${who}已由企业撤回。${reason}`);
      // The insurer has been involved since the bank's approval.
      if (!(["SUBMITTED", "APPRAISAL", "APPRAISED", "BANK_REVIEW"] as PledgeStatus[]).includes(m.from)) {
        update("insurer", m.insurerId, "融资申请已撤回", `${who}已由企业撤回。${reason}`);
      }
      tell("appraiser", m.appraiserId, "appraisal.update", "评估任务已取消", `${who}已由企业撤回，评估任务随之取消。`);
      break;
    case "open-appraisal":
      // The appraisers hear of the new job from the appraisal market (open-appraisal-job).
      break;
  }
  return out;
}
