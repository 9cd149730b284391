// A random id this browser keeps for itself and sends with each bid: the same device uploading bids for two bidders
// is evidence of collusion (围标串标), which the supervision screens compare. It names nothing about the machine.
const KEY = 'ggzy.deviceId';

export function deviceId(): string {
  const kept = localStorage.getItem(KEY);
  if (kept && /^[A-Za-z0-9_-]{8,128}$/.test(kept)) return kept;
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  const id = btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_');
  localStorage.setItem(KEY, id);
  return id;
}
