import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { MailConfig } from '../config.ts';
import { escapeHtml } from './html.ts';

/** One message to one person; every message carries the link that stops all mail to them. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** In the List-Unsubscribe header and in both parts of the body. */
  unsubscribeUrl: string;
}

export interface Delivery {
  messageId: string;
  /** The .eml file written, when messages go to a folder. */
  file?: string;
}

export interface Mailer {
  /** Where messages go, for log lines: `smtp://host:port` (no credentials) or a folder. */
  readonly destination: string;
  send(message: MailMessage): Promise<Delivery>;
  close(): void;
}

function mailOptions(from: string, message: MailMessage) {
  // a message without its unsubscribe link would be a bug that reaches people, so it never leaves
  if (
    !message.text.includes(message.unsubscribeUrl) ||
    !message.html.includes(escapeHtml(message.unsubscribeUrl))
  ) {
    throw new Error(`a message to ${message.to} lacks its unsubscribe link in the body`);
  }
  return {
    from,
    to: message.to,
    subject: message.subject,
    text: message.text,
    html: message.html,
    list: { unsubscribe: { url: message.unsubscribeUrl, comment: 'Unsubscribe' } },
    // RFC 8058: mail clients may unsubscribe with one POST to the link, without opening a page
    headers: { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
  };
}

/** Sends through an SMTP server: smtp://user:pass@host:port (STARTTLS when offered) or smtps://host:465. */
export function smtpMailer(url: string, from: string): Mailer {
  const transport = nodemailer.createTransport(url);
  const parsed = new URL(url);
  return {
    destination: `${parsed.protocol}//${parsed.host}`,
    async send(message) {
      const info = await transport.sendMail(mailOptions(from, message));
      return { messageId: info.messageId };
    },
    close: () => transport.close(),
  };
}

const fileSafe = (s: string) => s.replace(/[^a-z0-9@._-]+/gi, '_').slice(0, 80);

/** Writes each message, as it would have been sent, into `dir` as an .eml file. */
export function folderMailer(dir: string, from: string): Mailer {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  return {
    destination: dir,
    async send(message) {
      const info = await transport.sendMail(mailOptions(from, message));
      await mkdir(dir, { recursive: true });
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      const file = path.join(dir, `${stamp}-${fileSafe(message.to)}-${randomBytes(3).toString('hex')}.eml`);
      await writeFile(file, info.message as Buffer, { flag: 'wx' });
      return { messageId: info.messageId, file };
    },
    close: () => transport.close(),
  };
}

/** SMTP_URL when set; else the folder MAIL_DIR, with a line saying so. */
export function createMailer(config: MailConfig, log: (line: string) => void): Mailer {
  if (config.smtpUrl) return smtpMailer(config.smtpUrl, config.from);
  log(`SMTP_URL is not set: mail is written as .eml files to ${config.dir}`);
  return folderMailer(config.dir, config.from);
}
