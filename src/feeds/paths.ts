/** Where the feeds are served: apart from the rest of src/feeds/, so the explorer page can link them. */
export const FEEDS_PATH = '/feeds';
export const TRENDING_PATH = `${FEEDS_PATH}/trending.atom`;
export const topicFeedPath = (name: string) => `${FEEDS_PATH}/topics/${encodeURIComponent(name)}.atom`;
