/** Streaming a suggestion runs over a port of this name, one per request. */
export const SUGGEST_PORT = 'axtrace.suggest';
