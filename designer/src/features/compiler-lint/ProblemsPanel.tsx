// The compiler's problems under the diagram; a click selects the element it concerns.
import { List, Tag, Typography } from 'antd';
import type { CompileResult } from '@ggzy/process';
import { useI18n } from '@ggzy/web';

export function ProblemsPanel({ result, onSelect }: { result: CompileResult | null; onSelect(id: string): void }) {
  const { t } = useI18n();
  if (!result) return <div className="problems" data-testid="problems">{t('校验中…', 'Checking…')}</div>;
  const items = [...result.errors.map((p) => ({ ...p, level: 'error' as const })), ...result.warnings.map((p) => ({ ...p, level: 'warning' as const }))];
  return (
    <div className="problems" data-testid="problems">
      {items.length === 0 ? (
        <Typography.Text type="success" data-testid="problems-ok">✓ {t('编译通过，可以部署', 'Compiles cleanly: ready to deploy')}</Typography.Text>
      ) : (
        <List size="small" header={<b>{t(`编译问题：${result.errors.length} 个错误，${result.warnings.length} 个警告`, `Compiler: ${result.errors.length} errors, ${result.warnings.length} warnings`)}</b>}
          dataSource={items} renderItem={(p) => (
            <List.Item style={{ cursor: p.element ? 'pointer' : undefined }} onClick={() => p.element && onSelect(p.element)} data-code={p.code}>
              <Tag color={p.level === 'error' ? 'red' : 'orange'}>{p.level === 'error' ? t('错误', 'Error') : t('警告', 'Warning')}</Tag>
              {p.element && <Typography.Text code>{p.element}</Typography.Text>} {t(p.message, p.messageEn)} <Typography.Text type="secondary">({p.code})</Typography.Text>
            </List.Item>
          )} />
      )}
    </div>
  );
}
