import type { Plugin } from 'graphql-yoga';

function timeout(ms: number): Promise<never> {
  return new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref());
}

/**
 * `/ready`: 200 when `check` (a round trip to Neo4j) resolves within the timeout, else 503 with the
 * reason. (Yoga's useReadinessCheck matches every request's URL with a URLPattern; a path comparison
 * is enough.)
 */
export function useReadiness(check: () => Promise<unknown>, timeoutMs: number): Plugin {
  // One check at a time: a check that outlives its request's timeout goes on, and the next requests wait
  // for it instead of each opening another connection to a server that is slow to answer (a loaded
  // machine, a server just started), which would only slow it down further.
  let pending: Promise<unknown> | null = null;
  const once = () => {
    pending ??= check().finally(() => {
      pending = null;
    });
    return pending;
  };
  return {
    onRequest: ({ url, endResponse, fetchAPI }) => {
      if (url.pathname !== '/ready') return undefined;
      return Promise.race([once(), timeout(timeoutMs)]).then(
        () => endResponse(new fetchAPI.Response(null, { status: 200 })),
        () =>
          endResponse(
            new fetchAPI.Response(JSON.stringify({ ready: false, reason: 'Neo4j is not reachable' }), {
              status: 503,
              headers: { 'content-type': 'application/json' },
            }),
          ),
      );
    },
  };
}
