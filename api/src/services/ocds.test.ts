import { compile, mergeInto, ocdsPrefix, releaseOf } from './ocds';

test('the OCID prefix: the registered one, the test default, and a malformed one refused naming the variable', () => {
  expect(ocdsPrefix({ GGZY_OCDS_PREFIX: 'ocds-a1b2c3' })).toBe('ocds-a1b2c3');
  expect(ocdsPrefix({})).toBe('ocds-ggzy00');
  for (const bad of ['ocds-ABCDEF', 'ocds-12345', 'OCDS-abcdef', 'xyz']) expect(() => ocdsPrefix({ GGZY_OCDS_PREFIX: bad })).toThrow('GGZY_OCDS_PREFIX');
});

describe('OCDS merge (the compiled release)', () => {
  test('objects merge field by field, arrays of identified objects merge by id, other arrays are replaced, null removes', () => {
    const merged = mergeInto(
      { tender: { title: 'A', status: 'active', lots: [{ id: '1', title: '施工', status: 'active' }] }, tag: ['x'], note: 'gone later' },
      { tender: { status: 'cancelled', lots: [{ id: '1', status: 'cancelled' }, { id: '2', title: '监理' }] }, tag: ['y', 'z'], note: null },
    );
    expect(merged).toEqual({
      tender: { title: 'A', status: 'cancelled', lots: [{ id: '1', title: '施工', status: 'cancelled' }, { id: '2', title: '监理' }] },
      tag: ['y', 'z'],
    });
  });

  test('the compiled release takes releases in date order, whatever order they are given in', () => {
    const early = { ocid: 'o', id: 'o-1', date: '2026-03-01T00:00:00.000Z', tag: ['tender'], tender: { status: 'active', title: 'T' } };
    const late = { ocid: 'o', id: 'o-2', date: '2026-04-01T00:00:00.000Z', tag: ['tenderCancellation'], tender: { status: 'cancelled' } };
    const compiled = compile('o', [late, early]);
    expect(compiled).toEqual({ ocid: 'o', id: 'o-compiled', date: late.date, tag: ['compiled'], tender: { status: 'cancelled', title: 'T' } });
  });
});

describe('a release from a published notice', () => {
  const deal = {
    dealCode: '990100-2026-JS-00009', title: '东湖市综合楼工程', procedureKind: 'construction-open-tender', regionCode: '990100', estimateFen: null,
    tenderee: { creditCode: '91990100MA0000001X', name: '东湖城投' }, agent: null,
    sections: [{ code: '990100-2026-JS-00009-01', name: '施工', estimateFen: 100_000_00 }],
  };
  const notice = (type: string) => ({ id: 7, type, title: `${type} 公告`, publishedAt: '2026-03-01T01:00:00.000Z', sectionCode: null });
  const award = { sectionCode: '990100-2026-JS-00009-01', winner: { creditCode: '91990100MA1000003X', name: '投标人3' }, priceFen: 9_500_000_00, issuedAt: '2026-03-20T01:00:00.000Z', noticeDate: '2026-03-20' };

  test('a tender notice: the tender with its lots and the notice as a document; no empty fields', () => {
    const r = releaseOf('ocds-ggzy00-x', deal, notice('tender'), [award]);
    expect(r).toMatchObject({ tag: ['tender'], initiationType: 'tender', buyer: { id: 'CN-USCC-91990100MA0000001X' } });
    expect(r.awards).toBeUndefined(); // the award is not public before a result notice
    expect((r.tender as { value?: unknown }).value).toBeUndefined(); // no estimate published: the field is left out, not null
    expect(JSON.stringify(r)).not.toContain('null');
  });

  test('a result notice publishes the award with its supplier; a termination cancels the tender and its lots', () => {
    const result = releaseOf('ocds-ggzy00-x', deal, notice('result'), [award]);
    expect(result.awards).toEqual([expect.objectContaining({ value: { amount: 9_500_000, currency: 'CNY' }, suppliers: [{ id: 'CN-USCC-91990100MA1000003X', name: '投标人3' }] })]);
    expect((result.parties as Array<{ roles: string[] }>).map((p) => p.roles)).toEqual([['buyer'], ['supplier']]);
    const cancelled = releaseOf('ocds-ggzy00-x', deal, notice('termination'), [award]);
    expect(cancelled).toMatchObject({ tag: ['tenderCancellation'], tender: { status: 'cancelled', lots: [{ id: '990100-2026-JS-00009-01', status: 'cancelled' }] } });
  });
});
