/** The query GraphiQL opens with. */
export const DEFAULT_QUERY = `# The papers of the graph and their most central topics.
# Try also: { topic(name: "self-supervised learning") { name paperCount papers(first: 5) { edges { score node { title } } } } }
{
  papers(first: 5) {
    totalCount
    edges {
      node {
        title
        topics(first: 5) {
          edges {
            score
            node { name paperCount }
          }
        }
      }
    }
  }
}
`;
