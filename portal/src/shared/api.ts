// The portal's one way to call the api: JSON in, JSON out, the error envelope turned into an Error with its code.
export class ApiError extends Error {
  constructor(readonly code: string, message: string, readonly status: number) {
    super(message);
  }
}

export async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const response = await fetch(path, {
    method: init.method ?? 'GET',
    credentials: 'same-origin',
    headers: { accept: 'application/json', 'accept-language': navigator.language, ...(init.body ? { 'content-type': 'application/json' } : {}) },
    body: init.body ? JSON.stringify(init.body) : undefined,
  });
  const text = await response.text();
  const json = text ? JSON.parse(text) : undefined;
  if (!response.ok) {
    const error = json?.error ?? { code: 'HTTP_' + response.status, message: response.statusText };
    throw new ApiError(error.code, error.message, response.status);
  }
  return json as T;
}
