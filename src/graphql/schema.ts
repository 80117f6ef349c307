import { builder } from './builder.ts';
import './types/mention.ts';
import './types/paper.ts';
import './types/topic.ts';

export const schema = builder.toSchema();
