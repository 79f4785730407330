import { InitialSchema1764000000000 } from './1764000000000-initial-schema.js';
import { RoutingIntelligence1764100000000 } from './1764100000000-routing-intelligence.js';
import { TimeLimits1764200000000 } from './1764200000000-time-limits.js';

/** Listed explicitly (not globbed) so the compiled ESM build and the tests load the same set, in order. */
export const MIGRATIONS = [InitialSchema1764000000000, RoutingIntelligence1764100000000, TimeLimits1764200000000];
