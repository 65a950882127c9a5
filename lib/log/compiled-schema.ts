import { withParser, type INVALID } from 'zod';
import { AxEvent } from './schema';
import { parseAxEvent } from './generated/ax-event-parser';

/**
 * AxEvent with zod's ahead-of-time compiled parser as its fast path: the same schema, results and
 * issues (an event the compiled parser refuses is parsed again by zod's interpreter, for its
 * issues), about five times faster an event where eval is forbidden — extension pages and workers,
 * where zod otherwise interprets ("jitless"). For the hot paths in the extension: recording and
 * importing (the Node scripts keep AxEvent, which zod compiles there itself).
 * The parser is generated from the schema at build time (npm run gen:schema); a test fails when
 * it no longer matches the schema.
 */
export const CompiledAxEvent = withParser(AxEvent, parseAxEvent as (input: unknown) => AxEvent | typeof INVALID);
