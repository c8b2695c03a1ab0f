-- AlterTable: when a session was last used (touched at most every few minutes), for the idle timeout.
ALTER TABLE "Session" ADD COLUMN     "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;
