// The award notice (中标通知书) and the result letters (中标结果通知书) as PDF, typeset in Chinese with an embedded
// CJK font subset. Reproducible: the same content gives the same bytes (the creation date is the notice date and the
// document ID derives from the document information, which carries the content's digest).
import { createHash } from 'node:crypto';
import PDFDocument from 'pdfkit';
import { canonicalJson } from '@ggzy/process';
import { chineseAmount, yuanFigures } from './chinese-amount';
import { resolveCjkFont } from './cjk-font';

export interface Party { name: string; creditCode: string }

export interface LetterContent {
  kind: 'award_notice' | 'result_letter';
  dealCode: string;
  dealTitle: string;
  sectionCode: string;
  sectionName: string;
  addressee: Party;
  winner: Party;
  priceFen: number;
  tenderee: Party | null;
  agent: Party | null;
  /** YYYY-MM-DD (China Standard Time) */
  noticeDate: string;
  /** A sandbox deal's letter (演练): marked as a training document without legal effect. */
  sandbox?: true;
}

/** 法 第四十六条: the contract within thirty days of the award notice. */
export const CONTRACT_WITHIN_DAYS = 30;
const PLATFORM = '公共资源交易平台';

function chineseDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

function paragraphs(c: LetterContent): { title: string; body: string[] } {
  const lot = `${c.dealTitle}（${c.sectionName}，标段编号 ${c.sectionCode}）`;
  const price = `人民币 ${yuanFigures(c.priceFen)} 元（大写：${chineseAmount(c.priceFen)}）`;
  if (c.kind === 'award_notice') {
    return {
      title: '中标通知书',
      body: [
        `你方参加的${lot}投标，经评标委员会评审、中标候选人公示期满，招标人确定你方为中标人。`,
        `中标价：${price}。`,
        `请你方自本通知书发出之日起${CONTRACT_WITHIN_DAYS}日内，按照招标文件和你方的投标文件与招标人订立书面合同（《中华人民共和国招标投标法》第四十六条）。`,
      ],
    };
  }
  return {
    title: '中标结果通知书',
    body: [
      `你方参加的${lot}投标，经评标委员会评审、中标候选人公示期满，招标人确定${c.winner.name}（统一社会信用代码：${c.winner.creditCode}）为中标人，中标价：${price}。`,
      '你方的投标保证金及银行同期存款利息将在书面合同签订后5日内退还（《中华人民共和国招标投标法实施条例》第五十七条）。',
      '感谢你方的参与。',
    ],
  };
}

/** The rendered letter: its bytes and the SHA-256 of those bytes. */
export async function renderLetter(content: LetterContent): Promise<{ bytes: Buffer; sha256: string }> {
  const font = resolveCjkFont();
  const { title, body } = paragraphs(content);
  const digest = createHash('sha256').update(canonicalJson(content), 'utf8').digest('hex');
  const issued = new Date(`${content.noticeDate}T00:00:00+08:00`);
  const doc = new PDFDocument({
    size: 'A4', margins: { top: 90, bottom: 72, left: 80, right: 80 }, compress: true, lang: 'zh-CN', displayTitle: true,
    info: {
      Title: `${title} ${content.sectionCode} ${content.addressee.creditCode}`, Author: content.tenderee?.name ?? PLATFORM,
      Subject: `${content.dealCode} ${content.sectionCode}`, Keywords: `sha256:${digest}`, Creator: PLATFORM, Producer: PLATFORM,
      CreationDate: issued, ModDate: issued,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('cjk', font.bytes, font.face);
  doc.font('cjk');
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  if (content.sandbox) doc.fontSize(14).fillColor('#cc0000').text('【演练】培训演练文书，不具有法律效力', { align: 'center' }).moveDown(0.4).fillColor('#000000');
  doc.fontSize(22).text(content.sandbox ? `${title}（演练）` : title, { align: 'center', characterSpacing: 4 });
  doc.moveDown(0.6).fontSize(10).fillColor('#444444')
    .text(`交易项目编号：${content.dealCode}\u3000\u3000标段编号：${content.sectionCode}`, { align: 'center' });
  doc.moveDown(1.6).fontSize(13).fillColor('#000000').text(`${content.addressee.name}（统一社会信用代码：${content.addressee.creditCode}）：`);
  doc.moveDown(0.6);
  for (const paragraph of body) doc.text(paragraph, { width, indent: 26, lineGap: 6, paragraphGap: 8 });
  doc.moveDown(3);
  const signature = [
    content.tenderee ? `招标人：${content.tenderee.name}` : null,
    content.agent ? `招标代理机构：${content.agent.name}` : null,
    chineseDate(content.noticeDate),
  ].filter((line): line is string => line !== null);
  for (const line of signature) doc.text(line, { width, align: 'right', lineGap: 6 });
  doc.end();
  const bytes = await done;
  return { bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
}
