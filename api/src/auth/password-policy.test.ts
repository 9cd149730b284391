import { passwordProblems } from './password-policy';

test('a long password of three classes passes; each weakness is named', () => {
  expect(passwordProblems('Harbour-lights-2031', 'staff')).toEqual([]);
  expect(passwordProblems('深圳交易中心-Spring-9', 'staff')).toEqual([]); // a Chinese character is "another" class
  expect(passwordProblems('Short-1a', 'staff')).toEqual(['too-short']);
  expect(passwordProblems('alllowercaseletters', 'staff')).toEqual(['classes']);
  expect(passwordProblems('Supervisor-2031x', 'supervisor')).toEqual(['contains-username']);
  expect(passwordProblems('Password123!', 'staff')).toEqual(['common']);
  expect(passwordProblems('!!Woaini1314!!', 'staff')).toEqual(['common']);
  expect(passwordProblems('aaaaaaaaaaaaaaaa', 'staff')).toEqual(['classes', 'repetitive']);
  // the seed's test password passes the policy too
  expect(passwordProblems('demo-Passw0rd-for-tests', 'staff')).toEqual([]);
});
