import { InitialSchema1764000000000 } from './1764000000000-initial-schema.js';
import { RoutingIntelligence1764100000000 } from './1764100000000-routing-intelligence.js';

/** Listed explicitly (not globbed) so the compiled ESM build and the tests load the same set, in order. */
export const MIGRATIONS = [InitialSchema1764000000000, RoutingIntelligence1764100000000];
