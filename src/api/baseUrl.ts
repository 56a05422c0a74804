import { InvalidBaseUrlError } from './errors';

export const DEFAULT_BASE_URL = 'https://api.getrotor.com/open-api';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

function isLoopback(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/**
 * The base URL the API key may be sent to: https anywhere, or http on this machine only
 * (the local sandbox). Anything else would send the key in clear text, so it is refused.
 */
export function parseBaseUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new InvalidBaseUrlError('it is not a URL.');
  }
  if (url.username || url.password) throw new InvalidBaseUrlError('it must not contain credentials.');
  if (url.search || url.hash) throw new InvalidBaseUrlError('it must not have a query or fragment.');
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
    throw new InvalidBaseUrlError('plain http is only allowed for localhost; use https.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new InvalidBaseUrlError('it must be an https URL.');
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url;
}
