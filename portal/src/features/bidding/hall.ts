// The opening hall's state as the api pushes it (server-sent events), and the server's clock the countdowns run on:
// the browser's own clock may be wrong, the deadline is the server's.
import { useEffect, useState } from 'react';
import type { SealedBidEnvelope } from '@ggzy/domain/sealed-bid';

export interface ReadOutLine {
  bidder: string; name: string; priceFen: number; durationDays: number | null; commitments: string[];
  documents: Array<{ name: string; sha256: string; sizeBytes: number }>; decryptedAt: string; envelopeSha256: string;
}

export interface Objection {
  id: number; bidder: string; name: string; text: string; raisedAt: string;
  answer: string | null; answeredByRole: string | null; answeredByName: string | null; answeredAt: string | null;
}

export interface HallRecord {
  recordSha256: string; htmlSha256: string; issuedAt: string; issuedByRole: string;
  confirmations: Array<{ bidder: string; name: string; person: string; confirmedAt: string }>;
}

export interface HallState {
  dealCode: string; title: string; sectionCode: string; sectionName: string; bidDeadline: string | null;
  status: 'before_opening' | 'decrypting' | 'complete'; stage: 'before_opening' | 'decrypting' | 'complete' | 'recorded';
  decryptUntil: string | null; bidCount: number | null;
  readOut: ReadOutLine[]; rejected: Array<{ bidder: string; name: string; reason: string }>; serverTime: string;
  /** Who signed in: a count, the names where this viewer may see them, and a bidder's own sign-in. */
  signIns: { count: number | null; bidders: Array<{ bidder: string; name: string; person: string; signedInAt: string }> | null; mine?: string | null };
  objectionsOpen: boolean; objections: Objection[]; record: HallRecord | null;
  /** The party's part in the hall (absent for the watchers). */
  as?: 'bidder' | 'tenderee' | 'agency';
  // a bidder's own part
  myEnvelope?: SealedBidEnvelope | null; myVersion?: number | null; decrypted?: boolean; inRecord?: boolean;
  mySubmission?: { version: number; envelopeSha256: string; submittedAt: string } | null;
}

/** Who looks at the hall and what they may do there: a bidder, the host (tenderee, agency, the centre's staff), a watcher. */
export type HallViewer = 'bidder' | 'host-party' | 'host-staff' | 'watcher';

/** Where a viewer's acts in the hall go: the parties under their section, the centre's staff beside the watched hall. */
export function hallBase(viewer: HallViewer, dealCode: string, sectionCode: string): string {
  const deal = encodeURIComponent(dealCode);
  const section = encodeURIComponent(sectionCode);
  return viewer === 'bidder' || viewer === 'host-party' ? `/api/party/deals/${deal}/sections/${section}/opening` : `/api/opening-halls/${deal}/${section}`;
}

export type HallConnection = { state: HallState | null; offsetMs: number; ended: string | null };

/** Follows a hall's event stream; `ended` says why it stopped (refused, session_ended). */
export function useHall(url: string | null): HallConnection {
  const [connection, setConnection] = useState<HallConnection>({ state: null, offsetMs: 0, ended: null });
  useEffect(() => {
    if (!url) return undefined;
    const source = new EventSource(url, { withCredentials: true });
    source.addEventListener('hall', (event) => {
      const state = JSON.parse((event as MessageEvent<string>).data) as HallState;
      setConnection({ state, offsetMs: Date.parse(state.serverTime) - Date.now(), ended: null });
    });
    source.addEventListener('end', (event) => {
      const { reason } = JSON.parse((event as MessageEvent<string>).data) as { reason: string };
      // a session that ended stays ended; anything else is asked again (the reconnection is answered 404 if it was meant)
      if (reason !== 'session_ended') return;
      source.close();
      setConnection((c) => ({ ...c, ended: reason }));
    });
    source.onerror = () => {
      if (source.readyState === EventSource.CLOSED) setConnection((c) => ({ ...c, ended: 'refused' }));
    };
    return () => source.close();
  }, [url]);
  return connection;
}

/** The server's time now, ticking each second. */
export function useServerNow(offsetMs: number): number {
  const [now, setNow] = useState(() => Date.now() + offsetMs);
  useEffect(() => {
    setNow(Date.now() + offsetMs);
    const timer = setInterval(() => setNow(Date.now() + offsetMs), 1000);
    return () => clearInterval(timer);
  }, [offsetMs]);
  return now;
}

/** What is left until the instant (whole days, and `02:03:04`), or null once it has passed. */
export function remaining(until: string | null, now: number): { days: number; hms: string } | null {
  if (!until) return null;
  const left = Math.floor((Date.parse(until) - now) / 1000);
  if (left <= 0) return null;
  const days = Math.floor(left / 86_400);
  const hms = [Math.floor(left / 3600) % 24, Math.floor(left / 60) % 60, left % 60].map((n) => String(n).padStart(2, '0')).join(':');
  return { days, hms };
}
