import type { Plugin } from 'graphql-yoga';
import { explorerBundle } from './bundle.ts';
import { EXPLORER_CSP, explorerPage } from './page.ts';

export const EXPLORER_PATH = '/explore';
const SCRIPT_PATH = `${EXPLORER_PATH}/app.js`;

/** Serves the explorer page and its script beside the GraphQL endpoint; everything else passes through. */
export function useExplorer(graphqlEndpoint: string): Plugin {
  const page = explorerPage({ endpoint: graphqlEndpoint, script: SCRIPT_PATH });
  return {
    // synchronous for every other path: an async hook would cost each GraphQL request a promise
    onRequest: ({ url, request, endResponse, fetchAPI }) => {
      const path = url.pathname.replace(/\/+$/, '') || '/';
      if (path !== EXPLORER_PATH && path !== SCRIPT_PATH) return undefined;
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        endResponse(
          new fetchAPI.Response('only GET is served here', { status: 405, headers: { allow: 'GET, HEAD' } }),
        );
        return undefined;
      }
      if (path === EXPLORER_PATH) {
        endResponse(
          new fetchAPI.Response(request.method === 'HEAD' ? null : page, {
            headers: {
              'content-type': 'text/html; charset=utf-8',
              'content-security-policy': EXPLORER_CSP,
              'x-content-type-options': 'nosniff',
              'cache-control': 'no-cache',
            },
          }),
        );
        return undefined;
      }
      return explorerBundle().then((bundle) => {
        const headers = {
          'content-type': 'text/javascript; charset=utf-8',
          etag: bundle.etag,
          'cache-control': 'no-cache',
          'x-content-type-options': 'nosniff',
        };
        if (request.headers.get('if-none-match') === bundle.etag) {
          endResponse(new fetchAPI.Response(null, { status: 304, headers }));
          return;
        }
        endResponse(new fetchAPI.Response(request.method === 'HEAD' ? null : bundle.code, { headers }));
      });
    },
  };
}
