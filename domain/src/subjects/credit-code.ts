// The check of a unified social credit code (统一社会信用代码, GB 32100-2015) as a browser-safe entry
// (@ggzy/domain/credit-code): the forms check a code as it is typed with the very function the server checks it with.
// Pure code, no database: it imports the check from its own module, never the database package's index.
export { isValidCreditCode, withCheckCharacter } from '@ggzy/db/credit-code';
