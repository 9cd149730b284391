// The server's form check on the forms the reference procedures deploy: what the portal's renderer submits passes,
// and each kind of bad input is refused at its field with a stable code.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { declaredFields, validateFormData, withoutBlankObjects, type FormIssue } from './validate-form';
import { formToJsonSchema } from './json-schema';

const form = (key: string) => JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'reference', 'forms', `${key}.json`), 'utf8')) as Record<string, unknown>;
const start = form('start.construction');
// a credit-code check that knows two codes, so the format is seen to be consulted
const KNOWN = new Set(['91990100MA0000001X', '91990100MA00000028']);
const formats = { creditCode: (v: string) => KNOWN.has(v) };
const check = (schema: Record<string, unknown>, data: unknown) => validateFormData(schema, data, { formats });
const codes = (issues: FormIssue[]) => issues.map((i) => `${i.path}:${i.code}`).sort();

const GOOD = {
  title: '东湖市第一中学教学楼新建工程', approvalReference: '东发改投资〔2026〕18号', fundingSource: 'fiscal',
  tenderee: { creditCode: '91990100MA0000001X', name: '东湖市城市建设投资有限公司' },
  sections: [{ name: '施工', estimateFen: 1_000_000_000 }, { name: '监理', estimateFen: 20_000_000 }],
};

describe('validateFormData', () => {
  test('given the construction start form, when the data is complete, then nothing is refused', () => {
    expect(check(start, GOOD)).toEqual([]);
    expect(check(start, { ...GOOD, agent: { creditCode: '91990100MA00000028', name: '东湖招标代理有限公司' }, estimateFen: 1_020_000_000 })).toEqual([]);
  });

  test('an optional picker left blank (an empty object, or one of empty fields) is no value; a required one left blank is missing', () => {
    expect(check(start, { ...GOOD, agent: {} })).toEqual([]);
    expect(check(start, { ...GOOD, agent: { creditCode: '', name: ' ' } })).toEqual([]);
    expect(codes(check(start, { ...GOOD, tenderee: {} }))).toEqual(['tenderee:required']);
    // half filled is not blank: its missing field is refused
    expect(codes(check(start, { ...GOOD, agent: { creditCode: '91990100MA00000028' } }))).toEqual(['agent.name:required']);
    // and what goes on to the process leaves the blank object out, at any depth
    expect(withoutBlankObjects({ ...GOOD, agent: {}, sections: [{ name: '施工', estimateFen: 1, extra: { a: '' } }] }))
      .toEqual({ ...GOOD, sections: [{ name: '施工', estimateFen: 1 }] });
  });

  test('required fields, the array rows and nested objects are checked with their paths', () => {
    const issues = check(start, { title: '  ', fundingSource: 'fiscal', tenderee: { creditCode: '91990100MA0000001X' }, sections: [] });
    expect(codes(issues)).toEqual(['approvalReference:required', 'sections:required', 'tenderee.name:required', 'title:required']);
    const required = issues.find((i) => i.path === 'title')!;
    expect(required.zh).toBe('「项目名称」为必填项');
    expect(required.en).toBe('"项目名称" is required');
  });

  test('types, enum, format, bounds and undeclared fields are each refused at their field', () => {
    const issues = check(start, {
      ...GOOD, fundingSource: 'lottery', tenderee: { creditCode: '91990100MA00000019', name: '某公司' },
      sections: [{ name: '施工', estimateFen: 12.5 }, { name: '监理', estimateFen: -1 }, { name: 'x', estimateFen: '100' }],
      openingAt: '2026-01-01', estimateFen: 'a lot',
    });
    expect(codes(issues)).toEqual([
      'estimateFen:type', 'fundingSource:enum', 'openingAt:undeclared', 'sections[0].estimateFen:type', 'sections[1].estimateFen:minimum',
      'sections[2].estimateFen:type', 'tenderee.creditCode:format',
    ]);
  });

  test('an unknown format is refused rather than passed unchecked, and so is a broken pattern', () => {
    const schema = { type: 'object', properties: { a: { type: 'string', 'x-validator': 'nosuchformat' }, b: { type: 'string', pattern: '(' } } };
    expect(codes(validateFormData(schema, { a: 'x', b: 'y' }))).toEqual(['a:format', 'b:pattern']);
  });

  test('x-validator rules, lengths, item counts and void layout containers', () => {
    const schema = {
      type: 'object',
      properties: {
        layout: { type: 'void', properties: { code: { type: 'string', 'x-validator': [{ pattern: '^[A-Z]\\d{2}$' }, { max: 3 }] } } },
        rows: { type: 'array', maxItems: 1, items: { type: 'object', properties: { n: { type: 'number', 'x-validator': { minimum: 1, maximum: 9 } } } } },
        text: { type: 'string', minLength: 2, 'x-validator': 'required' },
        digest: { type: 'string', 'x-validator': 'sha256' },
      },
    };
    expect(declaredFields(schema)).toEqual(['code', 'digest', 'rows', 'text']);
    expect(validateFormData(schema, { code: 'A01', rows: [{ n: 3 }], text: 'ok', digest: 'a'.repeat(64) })).toEqual([]);
    expect(codes(validateFormData(schema, { code: 'A001', rows: [{ n: 0 }, { n: 10 }], text: 'x', digest: 'A'.repeat(64) }))).toEqual([
      'code:maxLength', 'code:pattern', 'digest:format', 'rows:maxItems', 'rows[0].n:minimum', 'rows[1].n:maximum', 'text:minLength',
    ]);
    expect(codes(validateFormData(schema, {}))).toEqual(['text:required']);
  });

  test('data that is not an object is refused as a whole', () => {
    expect(codes(validateFormData(start, [1, 2]))).toEqual([':type']);
  });
});

describe('formToJsonSchema', () => {
  test('the start form becomes a closed JSON Schema of the same fields', () => {
    const json = formToJsonSchema(start) as { properties: Record<string, Record<string, unknown>>; required: string[]; additionalProperties: boolean };
    expect(Object.keys(json.properties).sort()).toEqual(declaredFields(start));
    expect(json.required.sort()).toEqual(['approvalReference', 'fundingSource', 'sections', 'tenderee', 'title']);
    expect(json.additionalProperties).toBe(false);
    expect(json.properties.fundingSource!.enum).toEqual(['fiscal', 'state-owned', 'self-raised', 'international', 'mixed']);
    expect(json.properties.sections).toMatchObject({ type: 'array', minItems: 1, items: { type: 'object', required: ['name', 'estimateFen'] } });
    expect(json.properties.tenderee).toMatchObject({ type: 'object', properties: { creditCode: { type: 'string', format: 'creditCode' } } });
  });
});
