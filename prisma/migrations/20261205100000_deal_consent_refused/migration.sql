-- A pledgee bank's refusal is kept on the deal it ended (consent REFUSED), not left as PENDING.
ALTER TYPE "DealConsent" ADD VALUE 'REFUSED';
