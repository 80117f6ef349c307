import type { Plugin } from 'graphql-yoga';

/** Refuses bodies over the limit before anything reads them. */
export function useBodyLimit(maxBytes: number): Plugin {
  return {
    onRequest: ({ request, endResponse, fetchAPI }) => {
      const length = Number(request.headers.get('content-length') ?? 0);
      const chunked = /chunked/i.test(request.headers.get('transfer-encoding') ?? '');
      if (length > maxBytes || (chunked && request.method === 'POST')) {
        endResponse(
          new fetchAPI.Response(
            JSON.stringify({
              errors: [
                {
                  message: chunked
                    ? 'send the request with a Content-Length (chunked bodies are not accepted)'
                    : `the request body is ${length} bytes; at most ${maxBytes} are accepted`,
                  extensions: { code: 'PAYLOAD_TOO_LARGE' },
                },
              ],
            }),
            { status: chunked ? 411 : 413, headers: { 'content-type': 'application/json' } },
          ),
        );
      }
    },
  };
}
