// Try the table as it is in the editor, deployed or not: sample variables as JSON in, the result and the rules that
// matched out — evaluated by the server exactly as a business rule task would, nothing stored.
import { useState } from 'react';
import { Alert, Button, Card, Input, List, Space, Tag, Typography } from 'antd';
import { api, ApiError, useI18n } from '@ggzy/web';

export interface TryResult { key: string; hitPolicy: string; result: unknown; matchedRules: string[] }

export function TryItPanel({ getXml, decisionKey, onResult }: { getXml(): Promise<string>; decisionKey: string | null; onResult(r: TryResult | null): void }) {
  const { t } = useI18n();
  const [text, setText] = useState('{\n  "estimateFen": 50000000,\n  "committeeSize": 3\n}');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<TryResult | null>(null);
  const [failure, setFailure] = useState<{ message: string; details: Array<{ path: string; message: string }> } | null>(null);
  async function run() {
    setResult(null);
    setFailure(null);
    onResult(null);
    let variables: unknown;
    try {
      variables = JSON.parse(text);
      if (!variables || typeof variables !== 'object' || Array.isArray(variables)) throw new Error('not an object');
    } catch {
      setFailure({ message: t('变量须为 JSON 对象，如 {"estimateFen": 50000000}', 'The variables must be a JSON object, e.g. {"estimateFen": 50000000}'), details: [] });
      return;
    }
    setBusy(true);
    try {
      const answer = await api<TryResult>('/api/decision-definitions/evaluate', { method: 'POST', body: { xml: await getXml(), ...(decisionKey ? { key: decisionKey } : {}), variables } });
      setResult(answer);
      onResult(answer);
    } catch (err) {
      setFailure(err instanceof ApiError ? { message: err.message, details: err.details } : { message: String(err), details: [] });
    } finally {
      setBusy(false);
    }
  }
  return (
    <Card size="small" title={t('试算', 'Try it')} data-testid="decision-try">
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('样例变量（JSON），按业务规则任务的方式求值，不保存', 'Sample variables (JSON), evaluated as a business rule task would; nothing is stored')}</Typography.Text>
        <Input.TextArea rows={5} value={text} onChange={(e) => setText(e.target.value)} aria-label={t('变量', 'Variables')} data-testid="decision-try-variables" style={{ fontFamily: 'monospace' }} />
        <Button type="primary" onClick={run} loading={busy} data-testid="decision-try-run">{t('试算', 'Evaluate')}</Button>
        {result && (
          <Alert type="success" data-testid="decision-try-result" message={<>{t('结果', 'Result')}：<Typography.Text code data-testid="decision-try-value">{JSON.stringify(result.result)}</Typography.Text></>}
            description={<>{t('命中规则', 'Matched rules')}（{result.hitPolicy}）：{result.matchedRules.length === 0 ? t('无', 'none') : result.matchedRules.map((r) => <Tag key={r} color="blue" data-testid="decision-try-rule">{r}</Tag>)}</>} />
        )}
        {failure && (
          <Alert type="error" data-testid="decision-try-error" message={failure.message} description={failure.details.length > 0 && (
            <List size="small" dataSource={failure.details} renderItem={(d) => <List.Item><Typography.Text code>{d.path}</Typography.Text> {d.message}</List.Item>} />
          )} />
        )}
      </Space>
    </Card>
  );
}
