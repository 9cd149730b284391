// 控制价参考: paste a new project's bill (one line each: 项目编码, 计量单位, 工程量) and get, per line, the median unit
// price of its item in its unit with P25 and P75, and the project's reference total within its interval.
import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Descriptions, Input, Space, Table, Typography } from 'antd';
import { api, useI18n } from '@ggzy/web';
import { money } from './labels';
import type { ControlPriceReference, ReferenceLine } from './types';

function linesOf(text: string) {
  return text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean).map((l) => {
    const [itemCode = '', unit = '', quantity = ''] = l.split(/[,，\t]/).map((c) => c.trim());
    return { itemCode, unit, quantity: Number(quantity) };
  });
}

export function ReferencePanel() {
  const { t } = useI18n();
  const [text, setText] = useState('010101001001,m3,1200\n010101002001,m2,300');
  const run = useMutation({ mutationFn: () => api<ControlPriceReference>('/api/prices/control-price-reference', { method: 'POST', body: { items: linesOf(text) } }) });
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Paragraph type="secondary">
        {t('每行一个清单项目：项目编码（12位）, 计量单位, 工程量。参考价按本地区同一项目、同一计量单位的综合单价中位数计算，样本少于 3 个的项目不计入；仅供编制招标控制价参考。',
          'One bill line each: item code (12 digits), unit, quantity. The reference takes the median unit price of the same item in the same unit in my regions; items with fewer than 3 prices are left out. It informs the control price, it does not replace its estimate.')}
      </Typography.Paragraph>
      <Input.TextArea data-testid="reference-lines" rows={5} value={text} onChange={(e) => setText(e.target.value)} style={{ fontFamily: 'monospace' }} />
      <Button type="primary" data-testid="reference-run" loading={run.isPending} onClick={() => run.mutate()}>{t('计算参考价', 'Compute the reference')}</Button>
      {run.isError && <Alert type="error" message={(run.error as Error).message} />}
      {run.data && (
        <>
          <Descriptions size="small" bordered column={{ xs: 1, md: 3 }} data-testid="reference-total">
            <Descriptions.Item label={t('参考总价（中位数）', 'Reference (median)')}>{money(run.data.totalFen)}</Descriptions.Item>
            <Descriptions.Item label={t('区间（P25–P75）', 'Interval (P25–P75)')}>{money(run.data.lowFen)} – {money(run.data.highFen)}</Descriptions.Item>
            <Descriptions.Item label={t('已计价 / 无参考', 'Priced / no reference')}>{run.data.priced} / {run.data.unpriced}</Descriptions.Item>
          </Descriptions>
          <Table<ReferenceLine> size="small" rowKey={(r) => `${r.itemCode}|${r.unit}`} dataSource={run.data.lines} pagination={false}
            columns={[
              { title: t('项目编码', 'Item code'), dataIndex: 'itemCode' },
              { title: t('计量单位', 'Unit'), dataIndex: 'unit' },
              { title: t('工程量', 'Quantity'), dataIndex: 'quantity' },
              { title: t('样本数', 'Prices'), dataIndex: 'prices' },
              { title: t('单价中位数', 'Median unit price'), dataIndex: 'medianFen', render: money },
              { title: t('合价', 'Amount'), dataIndex: 'amountFen', render: (v: number | null) => (v === null ? t('样本不足', 'Too few prices') : money(v)) },
              { title: t('区间', 'Interval'), key: 'range', render: (_, r) => (r.lowFen === null ? '—' : `${money(r.lowFen)} – ${money(r.highFen)}`) },
            ]} />
        </>
      )}
    </Space>
  );
}
