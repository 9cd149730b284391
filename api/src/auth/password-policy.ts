// The password policy (等保2.0 level 3, 身份鉴别: 口令复杂度): at least 12 characters, at least three of the four
// classes (lower case, upper case, digits, anything else — a Chinese character counts as "anything else"), not the
// username nor containing it, not one of the passwords every guessing list starts with (also with digits or symbols
// appended), not a run of one character. Length does most of the work (NIST SP 800-63B); the classes are what the
// assessors ask for. Checked whenever a password is set through the api (change, administrator's reset); the demo
// users' seeded password is not checked (demo only, see the README).
import { COMMON_PASSWORDS } from './common-passwords';

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 200;

export type PasswordProblem = 'too-short' | 'too-long' | 'classes' | 'contains-username' | 'common' | 'repetitive' | 'unchanged';

export const PASSWORD_PROBLEMS: Record<PasswordProblem, { zh: string; en: string }> = {
  'too-short': { zh: `密码至少 ${MIN_PASSWORD_LENGTH} 个字符`, en: `At least ${MIN_PASSWORD_LENGTH} characters` },
  'too-long': { zh: `密码最多 ${MAX_PASSWORD_LENGTH} 个字符`, en: `At most ${MAX_PASSWORD_LENGTH} characters` },
  classes: { zh: '密码须包含小写字母、大写字母、数字、其他字符中的至少三类', en: 'Use at least three of: lower case, upper case, digits, other characters' },
  'contains-username': { zh: '密码不能包含用户名', en: 'The password may not contain the username' },
  common: { zh: '该密码过于常见，请换一个', en: 'This password is too common' },
  repetitive: { zh: '密码不能由同一字符重复组成', en: 'The password may not repeat one character' },
  unchanged: { zh: '新密码不能与当前密码相同', en: 'The new password must differ from the current one' },
};

function classes(password: string): number {
  return [/\p{Ll}/u, /\p{Lu}/u, /\p{Nd}/u, /[^\p{Ll}\p{Lu}\p{Nd}]/u].filter((re) => re.test(password)).length;
}

/** What is wrong with a new password for this user (empty: it passes). */
export function passwordProblems(password: string, username: string): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  const length = [...password.normalize('NFC')].length;
  if (length < MIN_PASSWORD_LENGTH) problems.push('too-short');
  if (length > MAX_PASSWORD_LENGTH) problems.push('too-long');
  if (classes(password) < 3) problems.push('classes');
  const lower = password.toLowerCase();
  if (username.length >= 3 && lower.includes(username.toLowerCase())) problems.push('contains-username');
  // "Password123!" is "password" with the usual decorations
  const stem = lower.replace(/[^a-z]+$/u, '').replace(/^[^a-z]+/u, '');
  if (COMMON_PASSWORDS.has(lower) || COMMON_PASSWORDS.has(stem)) problems.push('common');
  if (/^(.)\1*$/u.test(password)) problems.push('repetitive');
  return problems;
}
