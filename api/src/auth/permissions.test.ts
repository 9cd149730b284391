import { PERMISSIONS, roleHas } from './permissions';
import { apiRoutes } from '../app';

test('the permission catalogue (a change here is a reviewed change)', () => {
  expect(PERMISSIONS).toMatchSnapshot();
});

test('the routes open to everyone without a session (a change here is a reviewed change)', () => {
  expect(apiRoutes().filter((r) => r.permission === 'public').map((r) => `${r.method.toUpperCase()} ${r.path}`).sort()).toMatchSnapshot();
});

test('the routes that take a gateway or bank signature instead of a session (a change here is a reviewed change)', () => {
  expect(apiRoutes().filter((r) => r.permission === 'gateway').map((r) => `${r.method.toUpperCase()} ${r.path}`).sort()).toEqual(['POST /api/gateway/expert-answers']);
  expect(apiRoutes().filter((r) => r.permission === 'bank').map((r) => `${r.method.toUpperCase()} ${r.path}`).sort()).toEqual(['POST /api/bank/deposit-notifications']);
});

test('separation of duties: the auditor changes nothing it can only read', () => {
  const writes = Object.keys(PERMISSIONS).filter((p) => /:(run|write|create|update|delete|deploy|complete|issue)$/.test(p));
  expect(writes.length).toBeGreaterThan(0);
  for (const permission of writes) expect(roleHas('auditor', permission as keyof typeof PERMISSIONS)).toBe(false);
});

test('a party (certificate sign-in) holds its session, its own portal\'s permissions, files, bids and the opening hall, nothing of the centre\'s', () => {
  const held = Object.keys(PERMISSIONS).filter((p) => roleHas('party', p as keyof typeof PERMISSIONS));
  expect([...held].sort()).toEqual(['session:read', 'file:upload', 'bid:submit', 'file:read', 'opening-hall:attend', ...Object.keys(PERMISSIONS).filter((p) => p.startsWith('party-'))].sort());
  for (const permission of held.filter((p) => p.startsWith('party-') || p === 'bid:submit' || p === 'opening-hall:attend')) expect(PERMISSIONS[permission as keyof typeof PERMISSIONS]).toEqual(['party']);
});
