import { createHash } from 'node:crypto';
import { type GraphiQLOptions, type Plugin, shouldRenderGraphiQL } from 'graphql-yoga';

interface Page {
  html: string;
  csp: string;
  etag: string;
}

/**
 * The page's one inline script (GraphiQL, its editor workers and the options) is allowed by its hash;
 * the workers start from blob: URLs, the editors inject styles, fonts and icons are data: URLs.
 */
export function graphiqlCsp(html: string): string {
  const start = html.indexOf('<script>') + '<script>'.length;
  const end = html.lastIndexOf('</script>');
  const hash = createHash('sha256').update(html.slice(start, end)).digest('base64');
  return [
    "default-src 'none'",
    `script-src 'sha256-${hash}'`,
    'worker-src blob:',
    "style-src 'unsafe-inline'",
    'font-src data:',
    'img-src data:',
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * GraphiQL at the endpoint for browsers, rendered by @graphql-yoga/render-graphiql, which inlines
 * every asset: the page asks nothing of any other host. The package weighs 9 MB, so it is loaded and
 * the page rendered on the first visit only.
 */
export function useGraphiql(endpoint: string, options: GraphiQLOptions): Plugin {
  let page: Promise<Page> | null = null;
  return {
    onRequest: ({ url, request, endResponse, fetchAPI }) => {
      if (url.pathname.replace(/\/+$/, '') !== endpoint || !shouldRenderGraphiQL(request)) return undefined;
      page ??= import('@graphql-yoga/render-graphiql').then(({ renderGraphiQL }) => {
        // Yoga's GraphiQL opens on its welcome text unless given `query`: `defaultQuery` only fills new tabs
        const opts: GraphiQLOptions & { query?: string } = {
          endpoint,
          ...options,
          query: options.defaultQuery,
        };
        const html = renderGraphiQL(opts);
        const etag = `"${createHash('sha256').update(html).digest('base64url').slice(0, 22)}"`;
        return { html, csp: graphiqlCsp(html), etag };
      });
      return page.then(({ html, csp, etag }) => {
        const headers = {
          'content-type': 'text/html; charset=utf-8',
          'content-security-policy': csp,
          'x-content-type-options': 'nosniff',
          'cache-control': 'no-cache',
          etag,
        };
        // the page is 9 MB: a browser that has it revalidates instead of loading it again
        const fresh = request.headers.get('if-none-match') === etag;
        endResponse(new fetchAPI.Response(fresh ? null : html, { status: fresh ? 304 : 200, headers }));
      });
    },
  };
}
