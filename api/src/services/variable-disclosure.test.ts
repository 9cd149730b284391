import { MASKED, SECRET_VARIABLES, discloseVariables, secretRuleFor } from './variable-disclosure';

const DEAL = {
  title: '西湖路综合管廊工程',
  tenderee: { creditCode: '91990100MA0000001X', name: '东湖市城市建设投资有限公司' },
  estimateFen: 500_000_000,
  bidders: [
    { sectionCode: 'S-01', bidder: { creditCode: '91990100MA1000001X', name: '投标人1', basicAccount: '62220000000001' }, depositFen: 5_000_000, priceFen: 489_999_999 },
  ],
  sealedExpertList: [{ name: '专家甲', mobile: '13900000001' }],
  gateway: { api_token: 'tok-123', password: 'pw', bank_account_no: '955880000' },
  reservePrice: 1234,
};

describe('what a deal\'s variables show to whom', () => {
  test('designers and administrators receive none of them', () => {
    for (const role of ['designer', 'admin'] as const) {
      expect(discloseVariables(role, DEAL, { bidsOpened: true })).toEqual({ variables: {}, disclosure: { level: 'withheld', masked: [] } });
    }
  });

  test('staff, supervisors and auditors see them, with secrets and pre-opening prices masked, and where', () => {
    for (const role of ['staff', 'supervisor', 'auditor'] as const) {
      const { variables, disclosure } = discloseVariables(role, DEAL, { bidsOpened: false });
      expect(variables).toEqual({
        ...DEAL,
        bidders: [{ ...DEAL.bidders[0], bidder: { ...DEAL.bidders[0]!.bidder, basicAccount: MASKED }, priceFen: MASKED }],
        sealedExpertList: MASKED,
        gateway: { api_token: MASKED, password: MASKED, bank_account_no: MASKED },
        reservePrice: MASKED,
      });
      expect(disclosure).toEqual({
        level: 'masked',
        masked: ['bidders[0].bidder.basicAccount', 'bidders[0].priceFen', 'sealedExpertList', 'gateway.api_token', 'gateway.password', 'gateway.bank_account_no', 'reservePrice'],
      });
      expect(JSON.stringify(variables)).not.toMatch(/62220000000001|489999999|13900000001|tok-123|955880000/);
    }
  });

  test('after the opening, prices show; accounts, sealed values and credentials never do', () => {
    const { variables, disclosure } = discloseVariables('supervisor', DEAL, { bidsOpened: true });
    expect((variables.bidders as Array<{ priceFen: unknown }>)[0]!.priceFen).toBe(489_999_999);
    expect(variables.reservePrice).toBe(1234);
    expect(disclosure.masked).toEqual(['bidders[0].bidder.basicAccount', 'sealedExpertList', 'gateway.api_token', 'gateway.password', 'gateway.bank_account_no']);
  });

  test('the policy: which keys each rule hides (a change here is a reviewed change)', () => {
    const keys = ['sealedBids', 'sealed_list', 'basicAccount', 'payerAccount', 'accountNo', 'iban', 'cardNumber', 'password', 'clientSecret', 'accessToken', 'privateKey',
      'priceFen', 'bidPrice', 'quoteFen', 'title', 'creditCode', 'estimateFen', 'depositFen', 'contractAmountFen', 'accounting', 'tokens'];
    expect(Object.fromEntries(keys.map((k) => [k, secretRuleFor(k, false)?.rule ?? null]))).toEqual({
      sealedBids: 'sealed', sealed_list: 'sealed', basicAccount: 'bank-account', payerAccount: 'bank-account', accountNo: 'bank-account', iban: 'bank-account',
      cardNumber: 'bank-account', password: 'credential', clientSecret: 'credential', accessToken: 'credential', privateKey: 'credential',
      priceFen: 'price-before-opening', bidPrice: 'price-before-opening', quoteFen: 'price-before-opening',
      title: null, creditCode: null, estimateFen: null, depositFen: null, contractAmountFen: null, accounting: null, tokens: null,
    });
    expect(SECRET_VARIABLES.map((r) => r.rule)).toEqual(['sealed', 'bank-account', 'credential', 'price-before-opening']);
  });
});
