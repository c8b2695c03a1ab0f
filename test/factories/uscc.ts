import { randomBytes } from "node:crypto";
import { withUsccCheck } from "../../app/domain/identity/uscc";

const ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";

export function randomUscc(): string {
  const bytes = randomBytes(10);
  const body = [...bytes].map((b) => ALPHABET[b % ALPHABET.length]).join("");
  return withUsccCheck(`91611033${body.slice(0, 9)}`);
}
