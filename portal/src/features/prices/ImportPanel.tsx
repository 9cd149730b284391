// 价格导入: a 工程量清单 or drug price list (CSV or XLSX) sent through the resumable uploads, then imported for one of
// my cities. A refused file lists every bad row with its column and the reason; nothing of it was written.
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Segmented, Select, Space, Table, Typography } from 'antd';
import { ApiError, api, chinaTime, regionName, uploadDocument, useI18n, type Me } from '@ggzy/web';
import type { PriceImportAnswer } from './types';

interface RowProblem { row: number; column: string; code: string; message: string }

function problemsOf(error: ApiError): RowProblem[] {
  return (error.details as Array<{ path: string; message: string; code?: string }>).map((d) => {
    const [, row, ...column] = d.path.split('.');
    return { row: Number(row), column: column.join('.'), code: d.code ?? '', message: d.message };
  });
}

export function ImportPanel({ me }: { me: Me }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<'bill_items' | 'drugs'>('bill_items');
  const [region, setRegion] = useState(me.visibleRegions[0]!);
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState(0);
  const imports = useQuery({
    queryKey: ['price-imports'],
    enabled: me.role !== 'admin',
    queryFn: () => api<{ items: Array<{ importId: number; kind: string; fileName: string; regionCode: string; importedBy: string; rows: number; importedAt: string }> }>('/api/prices/imports'),
  });
  const run = useMutation({
    mutationFn: async () => {
      const uploaded = await uploadDocument(file!, setProgress);
      return api<PriceImportAnswer>('/api/prices/imports', { method: 'POST', body: { kind, sha256: uploaded.sha256, fileName: uploaded.name, regionCode: region } });
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['price-imports'] }),
  });
  const refused = run.error instanceof ApiError ? run.error : null;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Paragraph type="secondary">
        {t('CSV（UTF-8 或 GB18030）或 XLSX（第一张工作表），第一行为列名。整个文件校验通过才导入；同一文件重复导入不会重复入库。',
          'CSV (UTF-8 or GB 18030) or XLSX (its first sheet), the first row naming the columns. A file is imported only when every row is valid; the same file imported again changes nothing.')}
      </Typography.Paragraph>
      <Space wrap>
        <Segmented value={kind} onChange={(v) => setKind(v as 'bill_items' | 'drugs')}
          options={[{ value: 'bill_items', label: t('工程量清单项目价格', 'Bill item prices') }, { value: 'drugs', label: t('药品耗材挂网价', 'Drug and consumable prices') }]} />
        {me.visibleRegions.length > 1 && <Select style={{ width: 160 }} value={region} onChange={setRegion} options={me.visibleRegions.map((r) => ({ value: r, label: regionName(r, t) }))} />}
        <input type="file" data-testid="price-file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          onChange={(e) => { setFile(e.target.files?.[0] ?? null); run.reset(); }} />
        <Button type="primary" data-testid="price-import" disabled={!file} loading={run.isPending} onClick={() => run.mutate()}>
          {run.isPending && progress < 1 ? t(`上传中 ${Math.round(progress * 100)}%`, `Uploading ${Math.round(progress * 100)}%`) : t('导入', 'Import')}
        </Button>
      </Space>
      {run.data && (
        <Alert type="success" data-testid="price-import-result" showIcon message={run.data.alreadyImported
          ? t(`该文件已于 ${chinaTime(run.data.importedAt)} 导入（${run.data.rows} 行），未重复导入`, `This file was imported on ${chinaTime(run.data.importedAt)} (${run.data.rows} rows); nothing was added`)
          : t(`已导入 ${run.data.rows} 行`, `${run.data.rows} rows imported`)} />
      )}
      {run.error && !refused?.details.length && <Alert type="error" showIcon message={(run.error as Error).message} />}
      {refused && refused.details.length > 0 && (
        <Card size="small" data-testid="price-import-errors" title={<Typography.Text type="danger">{refused.message}</Typography.Text>}>
          <Table<RowProblem> size="small" rowKey={(r) => `${r.row}|${r.column}|${r.code}`} dataSource={problemsOf(refused)} pagination={{ pageSize: 20 }}
            columns={[
              { title: t('行号', 'Row'), dataIndex: 'row', width: 80 },
              { title: t('列', 'Column'), dataIndex: 'column', width: 160 },
              { title: t('代码', 'Code'), dataIndex: 'code', width: 200, render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
              { title: t('原因', 'Reason'), dataIndex: 'message' },
            ]} />
        </Card>
      )}
      {me.role !== 'admin' && (
        <Table size="small" rowKey="importId" loading={imports.isPending} dataSource={imports.data?.items ?? []} pagination={{ pageSize: 10 }}
          locale={{ emptyText: t('尚未导入价格文件', 'No price list imported yet') }}
          columns={[
            { title: t('文件', 'File'), dataIndex: 'fileName' },
            { title: t('类别', 'Kind'), dataIndex: 'kind', render: (v: string) => (v === 'drugs' ? t('药品耗材', 'Drugs') : t('清单项目', 'Bill items')) },
            { title: t('地区', 'Region'), dataIndex: 'regionCode', render: (v: string) => regionName(v, t) },
            { title: t('行数', 'Rows'), dataIndex: 'rows' },
            { title: t('导入人', 'By'), dataIndex: 'importedBy' },
            { title: t('时间', 'When'), dataIndex: 'importedAt', render: (v: string) => chinaTime(v) },
          ]} />
      )}
    </Space>
  );
}
