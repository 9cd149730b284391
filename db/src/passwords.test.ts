import { generatePassword, hashPassword, verifyPassword } from './passwords';

describe('password hashing (scrypt)', () => {
  test('a hash verifies its own password only, and never contains it', async () => {
    const hash = await hashPassword('正确的密码-1');
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(hash).not.toContain('正确的密码');
    expect(await verifyPassword('正确的密码-1', hash)).toBe(true);
    expect(await verifyPassword('正确的密码-2', hash)).toBe(false);
  });

  test('the same password hashes differently each time (salted)', async () => {
    expect(await hashPassword('same')).not.toBe(await hashPassword('same'));
  });

  test('malformed stored hashes are refused, not thrown', async () => {
    expect(await verifyPassword('x', 'plaintext')).toBe(false);
    expect(await verifyPassword('x', 'bcrypt$1$2$3$4$5')).toBe(false);
  });

  test('generated passwords are long and random', () => {
    const a = generatePassword();
    expect(a).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(generatePassword()).not.toBe(a);
  });
});
