// Local defaults shared by the app, the Prisma CLI config and the scripts, so the quick
// start needs no editing. Production must set every one of these explicitly.
export const DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/ipbridge";
export const DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";
export const DEFAULT_PORT = 3000;
