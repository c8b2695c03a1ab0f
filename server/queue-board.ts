import type { Express } from "express";

/** Bull Board for PLATFORM operators at /admin/queues (implemented with the workers). */
export async function mountQueueBoard(_app: Express) {}
