import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PROJECT_ROOT } from '../config.ts';
import { printedSchema } from './printed-schema.ts';

const file = path.join(PROJECT_ROOT, 'schema/schema.graphql');
await writeFile(file, printedSchema());
console.log(`wrote ${path.relative(process.cwd(), file)}`);
