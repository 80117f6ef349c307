import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createMailer, folderMailer } from '../../src/mail/mailer.ts';
import { confirmationMessage, digestMessage } from '../../src/mail/messages.ts';
import { listUnsubscribe } from '../support/mail.ts';

const UNSUBSCRIBE = 'https://papers.example.org/follow/unsubscribe?token=abc.def';

const paper = (id: string, title: string) => ({
  id,
  title,
  abstract: '',
  source: null,
  url: `https://arxiv.org/abs/${id}`,
  doi: null,
  published: '2026-11-30',
  year: 2026,
  authors: ['Ada Lovelace', 'Alan Turing'],
  categories: [],
});

describe('mail', () => {
  it('writes a message without SMTP_URL as an .eml file with both parts and List-Unsubscribe', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'outbox-'));
    const logged: string[] = [];
    const mailer = createMailer(
      loadConfig({ MAIL_DIR: dir, PUBLIC_URL: 'https://papers.example.org' }).mail,
      (l) => logged.push(l),
    );
    expect(logged).toEqual([`SMTP_URL is not set: mail is written as .eml files to ${dir}`]);
    const delivery = await mailer.send(
      digestMessage({
        to: 'ada@example.org',
        period: 'the last day',
        date: '2026-12-01',
        followed: [{ paper: paper('2601.00001', 'Graphs <and> Nets'), because: 'topic: graph' }],
        trending: [],
        following: ['topic: graph'],
        unsubscribeUrl: UNSUBSCRIBE,
      }),
    );
    expect(await readdir(dir)).toEqual([path.basename(delivery.file as string)]);
    const parsed = await simpleParser(await readFile(delivery.file as string));
    expect(parsed.from?.value).toEqual([{ name: 'Paper digest', address: 'digest@papers.example.org' }]);
    expect(parsed.subject).toBe('Paper digest 2026-12-01: 1 new on what you follow');
    expect(listUnsubscribe(parsed)).toBe(UNSUBSCRIBE);
    expect(parsed.headerLines.map((h) => h.line)).toContain(
      'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
    );
    expect(parsed.text).toContain('Graphs <and> Nets');
    expect(parsed.text).toContain(UNSUBSCRIBE);
    expect(parsed.html).toContain('Graphs &lt;and&gt; Nets');
    expect(parsed.html).toContain(`href="${UNSUBSCRIBE}"`);
  });

  it('refuses a message whose body lacks its unsubscribe link', async () => {
    const mailer = folderMailer(await mkdtemp(path.join(tmpdir(), 'outbox-')), 'x@example.org');
    const message = confirmationMessage({
      to: 'ada@example.org',
      confirmUrl: 'https://papers.example.org/follow/confirm?token=x',
      unsubscribeUrl: UNSUBSCRIBE,
      follows: ['topic: graph'],
    });
    await expect(mailer.send({ ...message, unsubscribeUrl: `${UNSUBSCRIBE}0` })).rejects.toThrow(
      'lacks its unsubscribe link',
    );
  });

  it('reads SMTP_URL and refuses other schemes without echoing the password', () => {
    expect(loadConfig({ SMTP_URL: 'smtps://u:p@mail.example.org:465' }).mail.smtpUrl).toBe(
      'smtps://u:p@mail.example.org:465',
    );
    expect(() => loadConfig({ SMTP_URL: 'http://u:secret@mail.example.org' })).toThrow(
      /^SMTP_URL is not an address like smtp:/,
    );
    expect(() => loadConfig({ SMTP_URL: 'http://u:secret@mail.example.org' })).not.toThrow(/secret/);
  });
});
