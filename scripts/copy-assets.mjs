// tsc copies no SQL: put the store's migrations beside the compiled store.
import { cpSync } from 'node:fs';
cpSync('src/store/migrations', 'dist/src/store/migrations', { recursive: true });
