// The campaign's HTTP client of the platform: a staff member working through the apis while the cluster is failing
// under them. A request that cannot have been answered (no connection, a 5xx, a timeout) is tried again on the next
// api; what the platform refuses (4xx) is an answer. Actions that are not idempotent are made safe to retry by
// looking at the deal first (see deals.mjs).

const REQUEST_TIMEOUT_MS = 30_000;

/** No answer, or a 5xx: `status` and `code` say which (a 503 DATABASE_UNAVAILABLE happened before anything was done). */
export class ApiUnavailable extends Error {
  constructor(message, { status = null, code = null } = {}) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export class ApiClient {
  constructor(urls, credentials, { patienceMs = 600_000 } = {}) {
    this.urls = urls;
    this.credentials = credentials;
    this.patienceMs = patienceMs;
    // one session for every api: sessions live in the shared database, and a user's sessions are limited in number
    this.token = null;
    this.signingIn = null;
    this.next = 0;
    this.retries = 0;
  }

  pick() {
    const url = this.urls[this.next % this.urls.length];
    this.next++;
    return url;
  }

  /** One request to one api; a transport failure or a 5xx throws ApiUnavailable. */
  async once(url, method, path, body) {
    // requests started together wait for one sign-in rather than each opening a session
    if (!this.token) this.signingIn ??= this.login(url).finally(() => { this.signingIn = null; });
    const token = this.token ?? (await this.signingIn);
    let res;
    try {
      res = await fetch(`${url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        body: body !== undefined ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (err) {
      throw new ApiUnavailable(`${method} ${path}: ${err.cause?.code ?? err.name ?? err.message}`);
    }
    const text = await res.text().catch(() => '');
    let parsed;
    try { parsed = text ? JSON.parse(text) : undefined; } catch { parsed = text; }
    if (res.status === 401) {
      if (this.token === token) this.token = null;
      throw new ApiUnavailable(`${method} ${path}: 401 (signing in again)`);
    }
    if (res.status >= 500) throw new ApiUnavailable(`${method} ${path}: ${res.status} ${parsed?.error?.code ?? ''}`, { status: res.status, code: parsed?.error?.code ?? null });
    return { status: res.status, body: parsed };
  }

  async login(url) {
    let res;
    try {
      res = await fetch(`${url}/api/auth/login`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(this.credentials), signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (err) {
      throw new ApiUnavailable(`login: ${err.cause?.code ?? err.message}`);
    }
    const body = await res.json().catch(() => ({}));
    if (res.status >= 500) throw new ApiUnavailable(`login: ${res.status}`);
    if (res.status !== 200) throw new Error(`login as ${this.credentials.username} refused: ${res.status} ${JSON.stringify(body)}`);
    this.token = body.token;
    return body.token;
  }

  /**
   * A request tried on the apis in turn until one answers (or patience runs out). `beforeRetry(lastFailure)` runs
   * before each retry and may answer instead (the action turned out to have happened).
   */
  async request(method, path, body, { beforeRetry } = {}) {
    const deadline = Date.now() + this.patienceMs;
    let failure = null;
    for (let attempt = 0; ; attempt++) {
      if (failure && beforeRetry) {
        const settled = await beforeRetry(failure).catch(() => undefined);
        if (settled !== undefined) return settled;
      }
      try {
        return await this.once(this.pick(), method, path, body);
      } catch (err) {
        if (!(err instanceof ApiUnavailable) || Date.now() > deadline) throw err;
        failure = err;
        this.retries++;
        await sleep(Math.min(5000, 250 * 2 ** Math.min(attempt, 5)) * (0.5 + Math.random()));
      }
    }
  }
}
