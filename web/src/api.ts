// The apps' one way to call the api: JSON in, JSON out, the error envelope turned into an Error with its code.
import { currentLanguage } from './i18n';

export interface ErrorDetail { path: string; message: string }

export class ApiError extends Error {
  constructor(readonly code: string, message: string, readonly status: number, readonly details: ErrorDetail[] = []) {
    super(message);
  }
}

export async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const response = await fetch(path, {
    method: init.method ?? 'GET',
    credentials: 'same-origin',
    headers: { accept: 'application/json', 'accept-language': currentLanguage(), ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
  });
  const text = await response.text();
  let json: { error?: { code: string; message: string; details?: ErrorDetail[] } } | undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!response.ok) {
    const error = json?.error ?? { code: `HTTP_${response.status}`, message: response.statusText };
    throw new ApiError(error.code, error.message, response.status, error.details ?? []);
  }
  return json as T;
}

/** A path with query parameters; empty values are left out. */
export function withQuery(path: string, params: Record<string, string | number | boolean | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') search.set(k, String(v));
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}
