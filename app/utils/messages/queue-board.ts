import { defineMessages } from "../i18n";

/** Strings of the pages the server shows around Bull Board (/admin/queues). */
export const queueBoardMessages = defineMessages({
  "zh-CN": {
    "queueBoard.title": "任务队列",
    "queueBoard.forbidden": "只有平台运营方可以查看任务队列。",
    "queueBoard.redisDown": "暂时无法连接 Redis，任务队列无法显示。待处理的任务保存在数据库中，Redis 恢复后会自动投递。",
  },
  en: {
    "queueBoard.title": "Job queues",
    "queueBoard.forbidden": "Only platform operators can view the job queues.",
    "queueBoard.redisDown": "Redis cannot be reached, so the job queues cannot be shown. Pending work is kept in the database and is delivered once Redis is back.",
  },
});
