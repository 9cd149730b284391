// The passwords every guessing list starts with (the most frequent of the public leak lists, and the Chinese ones:
// pinyin, keyboard walks, 5201314), in lower case. Small on purpose: length and classes do the rest.
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  'password', 'passw0rd', 'p@ssw0rd', 'p@ssword', 'password1', 'password123', 'qwerty', 'qwertyuiop', 'qwerty123',
  'asdfghjkl', 'zxcvbnm', '1qaz2wsx', '1qaz2wsx3edc', 'qazwsx', 'qazwsxedc', '123456789012', '1234567890', '123456789',
  '12345678', '123456', '111111111111', '000000000000', 'abc123', 'abcd1234', 'abcdefg', 'iloveyou', 'admin', 'administrator',
  'admin123', 'root', 'letmein', 'welcome', 'welcome1', 'monkey', 'dragon', 'football', 'baseball', 'sunshine', 'princess',
  'master', 'shadow', 'superman', 'trustno1', 'changeme', 'default', 'secret', 'woaini', 'woaini1314', '5201314',
  'wodemima', 'mima', 'zhongguo', 'china', 'beijing', 'shanghai', 'huawei', 'aa123456', 'a123456', 'a1234567', 'qq123456',
  'ggzy', 'jiaoyi', 'zhaobiao', 'toubiao', 'caigou',
]);
