import path from 'node:path';
import { APP_ROOT } from '../app-root';

export const PUBLIC_DIR = path.relative(process.cwd(), path.join(APP_ROOT, 'public')) || '.';
