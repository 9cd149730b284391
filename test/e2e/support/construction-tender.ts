// The construction tender's own forms (工程建设项目公开招标), filled in the portal as the centre's staff fill them: the
// start form of the 发起交易 dialog and the review that schedules the deal.
import type { Locator } from 'playwright-core';
import { DEMO_AGENCY, DEMO_TENDEREE } from '../../support/party-deals';
import { cst, item, pick, typeDate, typeMoney } from './forms';

/** The start form: the project, its approval, the tenderee and agency from the subject library, one section. */
export function constructionStart(title: string, section: string, estimateYuan: string) {
  return async (form: Locator) => {
    await item(form, '项目名称').locator('input').fill(title);
    await item(form, '项目审批（核准、备案）文号').locator('input').fill('示演发改〔2026〕7号');
    await pick(item(form, '资金来源'), null, '财政性资金');
    await pick(item(form, '招标人'), '城市建设', DEMO_TENDEREE.name);
    await pick(item(form, '招标代理机构'), '示范招标', DEMO_AGENCY.name);
    await form.getByRole('button', { name: /添加一行/ }).click();
    const row = form.locator('.ant-table-tbody tr.ant-table-row').first();
    await row.locator('input').nth(0).fill(section);
    await typeMoney(row, estimateYuan);
  };
}

/**
 * The review: the opening (and the end of the documents' sale) at `openingAt`, the evaluation at `evaluationAt`, in a
 * sandbox evaluation room, the notice, and a committee of five A01 experts with two backups.
 */
export function constructionReview(title: string, openingAt: number, evaluationAt: number) {
  return async (review: Locator) => {
    await typeDate(item(review, '开标时间（投标截止时间）'), cst(openingAt));
    await typeDate(item(review, '开标结束时间'), cst(openingAt + 1_800_000));
    await typeDate(item(review, '评标开始时间'), cst(evaluationAt));
    await typeDate(item(review, '评标结束时间'), cst(evaluationAt + 3_600_000));
    await typeDate(item(review, '招标文件发售截止时间'), cst(openingAt));
    await pick(item(review, '评标地点'), '评标室', /评标室/);
    await item(review, '招标公告正文').locator('textarea').fill(`## 招标条件\n${title}已具备招标条件，现进行公开招标（演练）。`);
    await item(review, '评标委员会人数').locator('input').fill('5');
    await review.getByRole('button', { name: /添加一行/ }).click();
    const specialty = review.locator('.ant-table-tbody tr.ant-table-row').first();
    await pick(specialty, 'A01', /^A01 /);
    await specialty.locator('.ant-input-number input').nth(0).fill('5');
    await specialty.locator('.ant-input-number input').nth(1).fill('2');
  };
}
