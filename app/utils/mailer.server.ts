import { createTransport, type Transporter } from "nodemailer";
import { getEnv } from "./env.server";

export type MailMessage = { to: string; subject: string; text: string };

export type Mailer = {
  send(message: MailMessage): Promise<void>;
  close(): void;
};

/** An SMTP mailer for `smtpUrl` (smtp:// or smtps://, credentials in the URL). */
export function createMailer(smtpUrl: string, from = getEnv().MAIL_FROM): Mailer {
  const transport: Transporter = createTransport(smtpUrl);
  return {
    async send(message) {
      await transport.sendMail({ from, to: message.to, subject: message.subject, text: message.text });
    },
    close() {
      transport.close();
    },
  };
}

let cached: Mailer | null | undefined;

/** The configured mailer, or null when SMTP_URL is not set (then there is no e-mail at all). */
export function getMailer(): Mailer | null {
  if (cached === undefined) {
    const url = getEnv().SMTP_URL;
    cached = url ? createMailer(url) : null;
  }
  return cached;
}

export function closeMailer() {
  cached?.close();
  cached = undefined;
}
