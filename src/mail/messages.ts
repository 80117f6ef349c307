import type { PaperRow } from '../db/rows.ts';
import { escapeHtml } from './html.ts';
import type { MailMessage } from './mailer.ts';

/** The messages people get, each as plain text and HTML with the same content. */

export interface ConfirmationContent {
  to: string;
  confirmUrl: string;
  unsubscribeUrl: string;
  /** What the confirmation starts: "topic: self-supervised learning", … */
  follows: string[];
}

const footerText = (unsubscribeUrl: string) =>
  `You get this because this address was given to follow papers. Stop all mail: ${unsubscribeUrl}`;

const footerHtml = (unsubscribeUrl: string) =>
  `<p style="color:#666;font-size:12px">You get this because this address was given to follow papers.
<a href="${escapeHtml(unsubscribeUrl)}">Unsubscribe</a> (stops all mail): ${escapeHtml(unsubscribeUrl)}</p>`;

const page = (title: string, body: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body style="font-family:sans-serif;max-width:640px">${body}</body></html>`;

export function confirmationMessage(c: ConfirmationContent): MailMessage {
  const list = c.follows.length > 0 ? c.follows : ['(nothing yet)'];
  const text = [
    `Please confirm that ${c.to} should get the daily paper digest for:`,
    '',
    ...list.map((f) => `  - ${f}`),
    '',
    `Confirm: ${c.confirmUrl}`,
    '',
    'If you did not ask for this, ignore this message: nothing is sent until the address is confirmed.',
    '',
    footerText(c.unsubscribeUrl),
    '',
  ].join('\n');
  const html = page(
    'Confirm your paper digest',
    `<p>Please confirm that <b>${escapeHtml(c.to)}</b> should get the daily paper digest for:</p>
<ul>${list.map((f) => `<li>${escapeHtml(f)}</li>`).join('')}</ul>
<p><a href="${escapeHtml(c.confirmUrl)}">Confirm</a>: ${escapeHtml(c.confirmUrl)}</p>
<p>If you did not ask for this, ignore this message: nothing is sent until the address is confirmed.</p>
${footerHtml(c.unsubscribeUrl)}`,
  );
  return { to: c.to, subject: 'Confirm your paper digest', text, html, unsubscribeUrl: c.unsubscribeUrl };
}

export interface DigestEntry {
  paper: PaperRow;
  /** Why it is listed ("topic: diffusion model"), or the trending score. */
  because: string;
}

export interface DigestContent {
  to: string;
  /** "the last 24 hours", shown in the text. */
  period: string;
  /** YYYY-MM-DD, shown in the subject. */
  date: string;
  followed: DigestEntry[];
  trending: DigestEntry[];
  /** Names of what the follower follows. */
  following: string[];
  unsubscribeUrl: string;
}

const paperLink = (p: PaperRow) => p.url ?? (p.doi ? `https://doi.org/${p.doi}` : null);

function paperText(e: DigestEntry): string[] {
  const link = paperLink(e.paper);
  const meta = [
    e.paper.authors.slice(0, 3).join(', ') + (e.paper.authors.length > 3 ? ' et al.' : ''),
    e.paper.published,
  ]
    .filter((x) => x)
    .join(' · ');
  return [
    `* ${e.paper.title}`,
    ...(meta ? [`  ${meta}`] : []),
    ...(link ? [`  ${link}`] : []),
    `  (${e.because})`,
  ];
}

function paperHtml(e: DigestEntry): string {
  const link = paperLink(e.paper);
  const title = link
    ? `<a href="${escapeHtml(link)}">${escapeHtml(e.paper.title)}</a>`
    : escapeHtml(e.paper.title);
  const meta = [
    e.paper.authors.slice(0, 3).join(', ') + (e.paper.authors.length > 3 ? ' et al.' : ''),
    e.paper.published,
  ]
    .filter((x) => x)
    .join(' · ');
  return `<li><b>${title}</b>${meta ? `<br>${escapeHtml(meta)}` : ''}<br><small>${escapeHtml(e.because)}</small></li>`;
}

export function digestSubject(c: Pick<DigestContent, 'followed' | 'trending' | 'date'>): string {
  const parts: string[] = [];
  if (c.followed.length > 0) parts.push(`${c.followed.length} new on what you follow`);
  if (c.trending.length > 0) parts.push(`${c.trending.length} trending`);
  return `Paper digest ${c.date}: ${parts.join(', ')}`;
}

export function digestMessage(c: DigestContent): MailMessage {
  const sections: { title: string; entries: DigestEntry[] }[] = [
    { title: `New on what you follow, ${c.period}`, entries: c.followed },
    { title: `Trending, ${c.period}`, entries: c.trending },
  ].filter((s) => s.entries.length > 0);
  const following = c.following.length > 0 ? c.following.join('; ') : 'nothing yet';
  const text = [
    ...sections.flatMap((s) => [
      s.title,
      '-'.repeat(s.title.length),
      '',
      ...s.entries.flatMap(paperText),
      '',
    ]),
    `You follow: ${following}`,
    '',
    footerText(c.unsubscribeUrl),
    '',
  ].join('\n');
  const html = page(
    digestSubject(c),
    `${sections
      .map((s) => `<h2>${escapeHtml(s.title)}</h2>\n<ul>${s.entries.map(paperHtml).join('\n')}</ul>`)
      .join('\n')}
<p>You follow: ${escapeHtml(following)}</p>
${footerHtml(c.unsubscribeUrl)}`,
  );
  return { to: c.to, subject: digestSubject(c), text, html, unsubscribeUrl: c.unsubscribeUrl };
}
