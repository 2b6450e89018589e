import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is test/support/paths.ts). */
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The shared folder CI places beside the clone (`../shared`). */
export const SHARED = join(REPO_ROOT, '..', 'shared');
