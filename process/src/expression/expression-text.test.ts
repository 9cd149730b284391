// Pins where a literal ends and an expression begins: the wrapper has to close at the end of the text. A test
// that only looks at the opening `${` (as some callers once did) would take `${days` for an expression the
// parser cannot read, while the compiler checks it as a literal and refuses it.
import { isExpressionText, parseExpression, unwrapExpression } from './index';

describe('isExpressionText', () => {
  test.each(['${days}', '#{days}', '=days', '= days * 2', '  ${ days + 1 }  ', '\n#{\n a \n}\n', '${a} + ${b}'])(
    '%j is an expression',
    (text) => expect(isExpressionText(text)).toBe(true),
  );

  test.each(['P5D', 'PT1H', 'R3/PT1H', '2024-05-01T09:00:00+08:00', 'days', '', '   ', '${days', '#{days', '${days}P1D', 'P1D${x}', '$days', '{days}', 'a = b'])(
    '%j is a literal',
    (text) => expect(isExpressionText(text)).toBe(false),
  );

  test('an expression is what unwrapExpression unwraps; a literal it leaves as it is, trimmed', () => {
    for (const text of ['${ a > 1 }', '#{a}', '=a + 1', ' =a ']) {
      expect(isExpressionText(text)).toBe(true);
      expect(unwrapExpression(text)).not.toBe(text.trim());
    }
    for (const text of ['P5D', ' R/PT1H ', '${a', '${a}x']) {
      expect(isExpressionText(text)).toBe(false);
      expect(unwrapExpression(text)).toBe(text.trim());
    }
  });

  test('an unclosed wrapper would not parse as an expression either', () => {
    expect(() => parseExpression('${days')).toThrow();
    expect(parseExpression('${days}')).toEqual(parseExpression('days'));
  });
});
