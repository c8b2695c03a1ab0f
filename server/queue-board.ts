import { createBullBoard } from "@bull-board/api";
import type { IServerAdapter } from "@bull-board/api/typings/app";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { ExpressAdapter } from "@bull-board/express";
import type { Express, NextFunction, Request, RequestHandler, Response } from "express";
import { can } from "~/domain/identity/policies";
import { findSessionView } from "~/domain/identity/sessions.server";
import { QUEUES } from "~/domain/shared/jobs";
import { getQueue } from "~/domain/shared/queue-producer.server";
import { localeFromCookie, translate } from "~/utils/i18n";
import { getReadyRedis } from "~/utils/redis.server";
import { readSessionId } from "~/utils/session.server";
import "~/utils/messages/queue-board";

export const QUEUE_BOARD_PATH = "/admin/queues";

/** Each queue's name for the platform's operators. */
export const QUEUE_NAMES: Record<(typeof QUEUES)[number], string> = {
  notifications: "消息通知",
  search: "检索索引",
  patents: "专利导入",
  matching: "需求匹配",
  appraisal: "评估竞价",
  financing: "质押融资",
  subsidies: "财政补贴",
  deals: "专利交易",
  gi: "地理标志",
  indicators: "指标统计",
};

const QUEUE_DESCRIPTIONS: Record<(typeof QUEUES)[number], string> = {
  notifications: "站内消息与邮件的发送",
  search: "专利上下架后更新检索索引",
  patents: "批量导入专利文件的逐行处理",
  matching: "计算技术需求的匹配专利，新上架专利的定点推送",
  appraisal: "评估竞价截止后分派，逾期未接受时顺延给下一家",
  financing: "标记超过办理时限的质押融资申请",
  subsidies: "按政策核定贴息、保费与评估费补贴",
  deals: "标记权利人超时未答复的交易询价",
  gi: "地理标志抽查整改逾期提醒",
  indicators: "试点指标月度快照",
};

/**
 * Bull Board for PLATFORM operators at /admin/queues: every queue of `QUEUES`, with its
 * jobs, failures and retries. Access is decided by the permissions table
 * (`queues.view`); anonymous visitors go to the login page, everyone else gets 403.
 * The board (and its Redis connections) is created on the first authorised request.
 *
 * CSP: the board's scripts, styles and locale files are same-origin, so the app-wide
 * policy needs no exception. Its page also links a Google Fonts stylesheet; the policy
 * blocks it on purpose (the board falls back to system fonts): operators' browsers do not
 * call a third party, and in mainland China that host is unreachable and would stall the page.
 */
export async function mountQueueBoard(app: Express) {
  let board: RequestHandler | null = null;
  const getBoard = () => (board ??= createBoard());

  app.use(QUEUE_BOARD_PATH, requireQueueViewer, requireRedis, (req, res, next) => getBoard()(req, res, next));
}

function createBoard(): RequestHandler {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({
    // Operators read Chinese: each queue is shown by what it does (the technical name stays in its description).
    queues: QUEUES.map((name) => new BullMQAdapter(getQueue(name), { displayName: QUEUE_NAMES[name], description: `${QUEUE_DESCRIPTIONS[name]}（队列 ${name}）` })),
    // @bull-board/express 9.10.1 nests its own @bull-board/api 9.10.1 (ours is 9.10.2): the
    // classes are the same shape, but TypeScript sees two declarations of private fields.
    serverAdapter: serverAdapter as unknown as IServerAdapter,
    options: {
      uiConfig: {
        boardTitle: "知产桥 · 任务队列",
        locale: { lng: "zh-CN" },
        miscLinks: [{ text: "返回工作台 · Home", url: "/home" }],
        hideDocsLink: true,
      },
    },
  });
  return serverAdapter.getRouter() as RequestHandler;
}

async function requireQueueViewer(req: Request, res: Response, next: NextFunction) {
  try {
    const sessionId = await readSessionId(req.headers.cookie);
    const view = sessionId ? await findSessionView(sessionId) : null;
    if (!view) {
      res.redirect(302, `/login?redirectTo=${encodeURIComponent(req.originalUrl)}`);
      return;
    }
    if (!can(view.actor, "queues.view")) {
      sendPage(req, res, 403, "queueBoard.forbidden");
      return;
    }
    next();
  } catch (error) {
    next(error);
  }
}

/** Without Redis the board would hang on its first query; say so at once instead. */
async function requireRedis(req: Request, res: Response, next: NextFunction) {
  try {
    await getReadyRedis(1_500);
    next();
  } catch {
    sendPage(req, res, 503, "queueBoard.redisDown");
  }
}

function sendPage(req: Request, res: Response, status: number, messageKey: string) {
  const locale = localeFromCookie(req.headers.cookie ?? null);
  const title = translate(locale, "queueBoard.title");
  const message = translate(locale, messageKey);
  const home = translate(locale, "error.backHome");
  res
    .status(status)
    .type("html")
    .send(
      `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${title}</title></head>` +
        `<body style="font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem">` +
        `<h1>${title} · ${status}</h1><p>${message}</p><p><a href="/home">${home}</a></p></body></html>`,
    );
}
