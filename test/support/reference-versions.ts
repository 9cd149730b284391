// A second version of a reference procedure, as a city would make it: 工程建设项目公开招标 whose 登记审核与日程安排
// becomes 登记审核（含信用核查）与日程安排 under a new id (registrationReview), so a deal waiting there needs a map to move.
import { loadReferenceProcedures } from '@ggzy/domain';

export const RENAMED_REVIEW = { from: 'review', to: 'registrationReview', name: '登记审核（含信用核查）与日程安排' } as const;

export function constructionTenderVersion2(): { xml: string; forms: Record<string, Record<string, unknown>> } {
  const reference = loadReferenceProcedures().find((p) => p.file === 'construction_open_tender.bpmn')!;
  let xml = reference.xml;
  for (const attribute of ['id', 'sourceRef', 'targetRef', 'bpmnElement']) xml = xml.replaceAll(`${attribute}="review"`, `${attribute}="registrationReview"`);
  xml = xml.replace('name="登记审核与日程安排" ggzy:nameEn="Review and scheduling"', `name="${RENAMED_REVIEW.name}" ggzy:nameEn="Review (with the credit check) and scheduling"`);
  if (!xml.includes('id="registrationReview"') || !xml.includes('含信用核查')) throw new Error('the reference procedure changed: adapt its version 2');
  return { xml, forms: reference.forms };
}
