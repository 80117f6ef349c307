import type { Plugin } from 'graphql-yoga';
import { CONFIRM_PATH, type LinkOutcome, UNSUBSCRIBE_PATH } from '../follow/service.ts';
import { escapeHtml } from '../mail/html.ts';

/** What the two links in mail do; `FollowService` in the server, anything alike in a spec. */
export interface FollowLinks {
  confirm(token: string): Promise<LinkOutcome>;
  unsubscribe(token: string): Promise<LinkOutcome>;
}

const PROBLEMS = {
  missing: {
    status: 400,
    title: 'No token',
    text: 'This link has no token. Open the link from the message as it is.',
  },
  invalid: {
    status: 404,
    title: 'Link not valid',
    text: 'This link is not valid, or it was replaced by a newer one. Follow again to get a new link.',
  },
  expired: {
    status: 410,
    title: 'Link expired',
    text: 'This link has expired. Follow again to get a new one.',
  },
} as const;

type Responses = typeof Response;

function page(
  R: Responses,
  status: number,
  title: string,
  paragraphs: string[],
  list: string[] = [],
): Response {
  const body = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${escapeHtml(title)}</title></head>
<body><h1>${escapeHtml(title)}</h1>
${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
${list.length > 0 ? `<ul>${list.map((x) => `<li>${escapeHtml(x)}</li>`).join('')}</ul>` : ''}
</body></html>`;
  return new R(body, {
    status,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      // the address holds a secret: no page it leads to may see it
      'referrer-policy': 'no-referrer',
      'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    },
  });
}

function answer(R: Responses, action: 'confirm' | 'unsubscribe', outcome: LinkOutcome): Response {
  if (!outcome.ok) {
    const p = PROBLEMS[outcome.reason];
    return page(R, p.status, p.title, [p.text]);
  }
  const who = outcome.email ?? 'this address';
  return action === 'confirm'
    ? page(R, 200, 'Subscription confirmed', [`${who} gets the daily paper digest for:`], outcome.follows)
    : page(R, 200, 'Unsubscribed', [`${who} gets no more mail from us. Following again starts anew.`]);
}

/**
 * `GET /follow/confirm?token=…` confirms an address; `GET /follow/unsubscribe?token=…` stops all mail
 * to a follower, and so does a POST to it (RFC 8058 one-click unsubscribe from the mail client).
 */
export function useFollowLinks(links: FollowLinks): Plugin {
  const routes: Record<string, { action: 'confirm' | 'unsubscribe'; methods: string[] }> = {
    [CONFIRM_PATH]: { action: 'confirm', methods: ['GET'] },
    [UNSUBSCRIBE_PATH]: { action: 'unsubscribe', methods: ['GET', 'POST'] },
  };
  return {
    onRequest: ({ request, url, endResponse, fetchAPI }) => {
      const route = routes[url.pathname];
      if (!route) return undefined;
      if (!route.methods.includes(request.method)) {
        endResponse(
          new fetchAPI.Response(null, { status: 405, headers: { allow: route.methods.join(', ') } }),
        );
        return undefined;
      }
      const token = url.searchParams.get('token');
      if (!token) {
        const p = PROBLEMS.missing;
        endResponse(page(fetchAPI.Response, p.status, p.title, [p.text]));
        return undefined;
      }
      return links[route.action](token).then((outcome) =>
        endResponse(answer(fetchAPI.Response, route.action, outcome)),
      );
    },
  };
}
