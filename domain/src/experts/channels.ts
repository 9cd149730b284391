// Delivery channels of the notification outbox, behind one interface: an SMS gateway and a voice-call (IVR)
// gateway reached over HTTP in production, a recording channel in tests and demos.
import type { Channel } from './invitation';

export interface OutboundMessage {
  notificationId: number;
  channel: Channel;
  recipient: string;
  /** The SMS text, or the call script the voice gateway speaks. */
  text: string;
}

export interface NotificationChannel {
  /** Delivers one message, or throws (a DeliveryError says whether trying again can help). */
  deliver(message: OutboundMessage): Promise<{ providerRef: string | null }>;
}

export class DeliveryError extends Error {
  constructor(message: string, readonly permanent: boolean) {
    super(message);
    this.name = 'DeliveryError';
  }
}

/** Keeps what it was asked to deliver; `failWith` makes the next deliveries fail (tests of retries). */
export class RecordingChannel implements NotificationChannel {
  readonly delivered: OutboundMessage[] = [];
  private failures: Array<DeliveryError | Error> = [];

  failWith(...errors: Array<DeliveryError | Error>): void {
    this.failures.push(...errors);
  }

  async deliver(message: OutboundMessage): Promise<{ providerRef: string | null }> {
    const failure = this.failures.shift();
    if (failure) throw failure;
    this.delivered.push(message);
    return { providerRef: `recorded-${this.delivered.length}` };
  }
}

export interface HttpGatewayOptions {
  url: string;
  /** Sent as `Authorization: Bearer <token>` when set. */
  token?: string;
  timeoutMs?: number;
}

/**
 * Posts each message as JSON to a configured gateway URL:
 * `{"id","channel","to","text"}` (SMS) or `{"id","channel","to","script"}` (voice), with an Idempotency-Key header
 * so a gateway can drop a message delivered twice (the outbox retries after a crash). A 2xx answer is delivered
 * (its optional JSON `messageId` is kept); 408, 429 and 5xx are retried; other 4xx are permanent.
 */
export class HttpGatewayChannel implements NotificationChannel {
  private readonly url: URL;

  constructor(private readonly options: HttpGatewayOptions) {
    this.url = new URL(options.url);
    if (this.url.protocol !== 'http:' && this.url.protocol !== 'https:') throw new Error(`a gateway URL is http or https: ${options.url}`);
  }

  async deliver(message: OutboundMessage): Promise<{ providerRef: string | null }> {
    const payload = message.channel === 'voice'
      ? { id: String(message.notificationId), channel: 'voice', to: message.recipient, script: message.text }
      : { id: String(message.notificationId), channel: 'sms', to: message.recipient, text: message.text };
    const headers: Record<string, string> = {
      'content-type': 'application/json; charset=utf-8',
      'idempotency-key': `ggzy-expert-notification-${message.notificationId}`,
    };
    if (this.options.token) headers.authorization = `Bearer ${this.options.token}`;
    let response: Response;
    try {
      response = await fetch(this.url, {
        method: 'POST', headers, body: JSON.stringify(payload), signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
    } catch (err) {
      throw new DeliveryError(`gateway ${this.url.host} unreachable: ${(err as Error).message}`, false);
    }
    const body = await response.text();
    if (!response.ok) {
      const permanent = response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429;
      throw new DeliveryError(`gateway ${this.url.host} answered ${response.status}: ${body.slice(0, 200)}`, permanent);
    }
    let providerRef: string | null = null;
    try {
      const parsed = JSON.parse(body) as { messageId?: unknown };
      if (typeof parsed.messageId === 'string' || typeof parsed.messageId === 'number') providerRef = String(parsed.messageId);
    } catch {
      // a 2xx without a JSON body is delivered all the same
    }
    return { providerRef };
  }
}

/**
 * The production channels from the environment: GGZY_SMS_GATEWAY_URL and GGZY_VOICE_GATEWAY_URL (each with an
 * optional …_TOKEN). A channel without a URL is absent: its messages wait in the outbox until one is configured.
 */
export function gatewayChannelsFromEnv(env: NodeJS.ProcessEnv = process.env): Partial<Record<Channel, NotificationChannel>> {
  const channels: Partial<Record<Channel, NotificationChannel>> = {};
  if (env.GGZY_SMS_GATEWAY_URL) channels.sms = new HttpGatewayChannel({ url: env.GGZY_SMS_GATEWAY_URL, token: env.GGZY_SMS_GATEWAY_TOKEN });
  if (env.GGZY_VOICE_GATEWAY_URL) channels.voice = new HttpGatewayChannel({ url: env.GGZY_VOICE_GATEWAY_URL, token: env.GGZY_VOICE_GATEWAY_TOKEN });
  return channels;
}
