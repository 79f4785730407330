import { InitialSchema1764000000000 } from './1764000000000-initial-schema.js';

/** Listed explicitly (not globbed) so the compiled ESM build and the tests load the same set, in order. */
export const MIGRATIONS = [InitialSchema1764000000000];
