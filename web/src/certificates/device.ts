// The certificate the party signed in with, kept for the page's life: a bid is sealed to it, signed with it and, at
// the opening, its share is opened with it. Held in memory only (a key file is read again after a reload, as a USB key
// would be plugged in again); forgotten at logout.
import { useSyncExternalStore } from 'react';
import type { CertificateAdapter, CertificateEntry } from './adapter';

export interface SigningDevice { adapter: CertificateAdapter; entry: CertificateEntry }

let current: SigningDevice | null = null;
const listeners = new Set<() => void>();

export function setSigningDevice(device: SigningDevice | null): void {
  current = device;
  for (const listener of listeners) listener();
}

/** The signing device in use, or null until one is chosen. */
export function useSigningDevice(): SigningDevice | null {
  return useSyncExternalStore((listener) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  }, () => current);
}
