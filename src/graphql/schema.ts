import './types/mention.ts';
import './types/paper.ts';
import './types/topic.ts';
import './types/search.ts';
import './types/graph.ts';
import './types/community.ts';
import './types/trending.ts';
import './types/live.ts';
import './types/mutations.ts';
import './types/follow.ts';
import { builder } from './builder.ts';

export const schema = builder.toSchema();
