import { APICallError, RetryError } from 'ai';
import { ProviderError } from './types';

/**
 * Every way a provider call can fail, mapped to a kind the log understands and words a person
 * understands, with a next step. The Playbook stays available whatever happened.
 */
export function classifyFailure(error: unknown, providerName = 'The AI service'): ProviderError {
  if (error instanceof ProviderError) return error;
  const cause = RetryError.isInstance(error) ? error.lastError : error;
  if (isAbort(cause, 'TimeoutError')) {
    return new ProviderError('timeout', `${providerName} did not answer in time.`, 'Try again in a moment, or use a Playbook suggestion.');
  }
  // A connection dropped after a 200 surfaces as an APICallError with that status ("terminated").
  const droppedAfterOk = APICallError.isInstance(cause) && (cause.statusCode ?? 200) < 300 && isNetworkError(cause.cause);
  if (APICallError.isInstance(cause) && !droppedAfterOk) {
    return fromStatus(cause.statusCode, cause.responseBody ?? cause.message, providerName);
  }
  if (droppedAfterOk || isNetworkError(cause)) {
    return new ProviderError('network', `AxTrace could not reach ${providerName}, or the connection broke off.`, 'Check your connection or VPN, then try again; meanwhile use a Playbook suggestion.');
  }
  const status = (cause as { statusCode?: number } | null)?.statusCode;
  if (typeof status === 'number') return fromStatus(status, String((cause as Error).message), providerName);
  return new ProviderError('invalid', `${providerName} sent an answer AxTrace could not read.`, 'Try again; if it keeps happening, tell your pilot manager.');
}

function fromStatus(status: number | undefined, body: string, providerName: string): ProviderError {
  if (status === 401 || status === 403) {
    return new ProviderError('auth', `${providerName} did not accept AxTrace's key.`, 'Ask your pilot manager to check the API key in AxTrace settings.');
  }
  if (status === 429) {
    return new ProviderError('rate_limit', `${providerName} is receiving too many requests right now.`, 'Wait a minute and try again, or use a Playbook suggestion.');
  }
  if (status === 400 && /content[_ ]?(filter|policy)|safety|refus/i.test(body)) {
    return new ProviderError('refused', `${providerName} declined to write this reply.`, 'Write this one yourself, or use a Playbook suggestion.');
  }
  if (status !== undefined && status >= 500) {
    return new ProviderError('network', `${providerName} had a problem on its side (error ${status}).`, 'Try again in a moment, or use a Playbook suggestion.');
  }
  return new ProviderError('invalid', `${providerName} refused the request (error ${status ?? 'unknown'}).`, 'Ask your pilot manager to check the provider settings (address and model).');
}

function isAbort(error: unknown, name: string): boolean {
  return (error as { name?: string } | null)?.name === name;
}

function isNetworkError(error: unknown): boolean {
  const e = error as { name?: string; message?: string; cause?: unknown } | null;
  if (!e) return false;
  if (e.name === 'TypeError' && /fetch|network|load failed/i.test(e.message ?? '')) return true;
  if (/terminated|socket|ECONNRE|network|other side closed|premature/i.test(e.message ?? '')) return true;
  return e.cause !== undefined && e.cause !== error && isNetworkError(e.cause);
}
