import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A message as an SMTP server received it: the envelope, and the message parsed. */
export interface Received {
  from: string;
  to: string[];
  mail: ParsedMail;
}

/** The address in a message's List-Unsubscribe header (`<https://…>`), read from the raw header line. */
export function listUnsubscribe(mail: ParsedMail): string | undefined {
  const line = mail.headerLines.find((h) => h.key === 'list-unsubscribe')?.line ?? '';
  return /<(https?:[^>]+)>/.exec(line.replace(/\r?\n\s+/g, ' '))?.[1];
}

/**
 * A real SMTP server on a free loopback port that accepts one login and keeps every message it receives,
 * parsed. `url` is what SMTP_URL would be.
 */
export async function startSmtpServer() {
  const received: Received[] = [];
  const waiters: (() => void)[] = [];
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    authOptional: false,
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === 'digest' && auth.password === 'secret') callback(null, { user: 'digest' });
      else callback(new Error('invalid login'));
    },
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (mail) => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            mail,
          });
          for (const w of waiters.splice(0)) w();
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://digest:secret@127.0.0.1:${port}`,
    received,
    /** Messages sent to `address`, oldest first. */
    to: (address: string) => received.filter((r) => r.to.includes(address)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
