// The opening record as a printable document: HTML rather than PDF, because the record is a table of short texts that
// any browser shows and prints (to paper or PDF) without a CJK font to embed, and because this rendering is a pure
// function of the record — the same canonical JSON always gives the same bytes, so the HTML's SHA-256 can be recomputed
// from the JSON at any time. The JSON is what bidders sign; the document names its SHA-256. Every text is escaped and
// the document carries no script (the api serves it under a policy that forbids any).
import type { OpeningRecordDocument, RecordBid } from './texts';

const esc = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** 1234567 fen → "¥12,345.67". */
export function yuanText(fen: number): string {
  const whole = Math.floor(fen / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `¥${whole}.${String(fen % 100).padStart(2, '0')}`;
}

/** An instant in China Standard Time, to the second: "2026-05-04 09:30:00". */
export function chinaTimeText(iso: string | null): string {
  if (!iso) return '—';
  return new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}

const ROLES = { tenderee: '招标人', agency: '招标代理机构', staff: '交易中心' } as const;
const REJECTED = { not_decrypted: '未在规定时间内解密，投标被拒绝', seal_broken: '投标文件无法开启', late: '逾期送达' } as const;

function bidRow(b: RecordBid): string {
  const cells = b.status === 'opened'
    ? [yuanText(b.priceFen!), b.durationDays === null ? '—' : String(b.durationDays), b.commitments.map(esc).join('；') || '—', b.documents.map((d) => `${esc(d.name)}<br><code>${d.sha256}</code>`).join('<br>') || '—', chinaTimeText(b.decryptedAt)]
    : [`<em>${esc(REJECTED[b.rejectedBecause ?? 'not_decrypted'])}</em>`, '—', '—', '—', '—'];
  return `<tr><td>${b.lineNo}</td><td>${esc(b.name)}<br><code>${esc(b.bidder)}</code></td>${cells.map((c) => `<td>${c}</td>`).join('')}<td><code>${b.envelopeSha256}</code></td></tr>`;
}

export function renderOpeningRecordHtml(record: OpeningRecordDocument, recordSha256: string): string {
  const party = (p: { creditCode: string; name: string } | null) => (p ? `${esc(p.name)}（${esc(p.creditCode)}）` : '—');
  const rows = [
    ['交易项目', `${esc(record.deal.title)}（${esc(record.deal.code)}）`],
    ['标段', `${esc(record.section.name)}（${esc(record.section.code)}）`],
    ['招标人', party(record.tenderee)],
    ['招标代理机构', party(record.agency)],
    ['投标截止时间', chinaTimeText(record.bidDeadline)],
    ['解除平台密封', chinaTimeText(record.sealRemovedAt)],
    ['解密截止时间', chinaTimeText(record.decryptUntil)],
    ['记录生成', `${chinaTimeText(record.issuedAt)} · ${ROLES[record.issuedBy.role]} ${esc(record.issuedBy.name)}`],
  ];
  const signIns = record.signIns.map((s) => `<tr><td>${esc(s.name)}<br><code>${esc(s.bidder)}</code></td><td>${esc(s.person)}</td><td>${chinaTimeText(s.signedInAt)}</td><td><code>${s.certificateFingerprint}</code></td></tr>`).join('');
  const objections = record.objections.map((o) => `<tr><td>${o.no}</td><td>${esc(o.name)}<br><code>${esc(o.bidder)}</code></td><td>${esc(o.text)}<br><small>${chinaTimeText(o.raisedAt)}</small></td><td>${esc(o.answer)}<br><small>${ROLES[o.answeredBy.role]} ${esc(o.answeredBy.name)} · ${chinaTimeText(o.answeredAt)}</small></td></tr>`).join('');
  return `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>开标记录 ${esc(record.section.code)}</title>
<style>body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei",sans-serif;margin:32px;color:#111}h1{text-align:center;font-size:22px}h2{font-size:16px;margin-top:24px}table{border-collapse:collapse;width:100%;font-size:13px}td,th{border:1px solid #999;padding:4px 6px;vertical-align:top;text-align:left}th{background:#f2f2f2}code{font-size:11px;word-break:break-all}footer{margin-top:24px;font-size:12px}</style>
</head><body>
<h1>开标记录</h1>
<table>${rows.map(([k, v]) => `<tr><th>${k}</th><td>${v}</td></tr>`).join('')}</table>
<h2>签到</h2>
<table><tr><th>投标人</th><th>签到人</th><th>签到时间</th><th>证书指纹 (SHA-256)</th></tr>${signIns || '<tr><td colspan="4">—</td></tr>'}</table>
<h2>唱标</h2>
<table><tr><th>序号</th><th>投标人</th><th>投标报价</th><th>工期（日历天）</th><th>承诺</th><th>投标文件</th><th>解密时间</th><th>投标文件封装 (SHA-256)</th></tr>${record.bids.map(bidRow).join('')}</table>
<h2>异议与答复</h2>
<table><tr><th>序号</th><th>提出人</th><th>异议</th><th>答复</th></tr>${objections || '<tr><td colspan="4">无</td></tr>'}</table>
<footer>本开标记录的规范 JSON（${record.format}）SHA-256：<code>${recordSha256}</code>。投标人以数字证书对该摘要签名确认；时间为北京时间。</footer>
</body></html>
`;
}
