// The compiler's problems under the diagram; a click selects the element it concerns.
import { List, Tag, Typography } from 'antd';
import type { CompileResult, ProblemCategory } from '@ggzy/process';
import { useI18n } from '@ggzy/web';

/** A model from another tool: what the platform needs to be told apart from what the engine cannot run. */
const CATEGORY_TAGS: Record<ProblemCategory, { zh: string; en: string; color: string }> = {
  binding: { zh: '待补充绑定', en: 'Binding to fill in', color: 'blue' },
  unsupported: { zh: '引擎不支持', en: 'Not run by the engine', color: 'magenta' },
  model: { zh: '模型', en: 'Model', color: 'default' },
  statutory: { zh: '法定时限', en: 'Statutory period', color: 'gold' },
  document: { zh: '文件', en: 'File', color: 'default' },
};
const CATEGORY_ORDER: ProblemCategory[] = ['document', 'unsupported', 'binding', 'model', 'statutory'];

export function ProblemsPanel({ result, onSelect }: { result: CompileResult | null; onSelect(id: string): void }) {
  const { t } = useI18n();
  if (!result) return <div className="problems" data-testid="problems">{t('校验中…', 'Checking…')}</div>;
  const items = [...result.errors.map((p) => ({ ...p, level: 'error' as const })), ...result.warnings.map((p) => ({ ...p, level: 'warning' as const }))]
    .sort((a, b) => (a.level === b.level ? 0 : a.level === 'error' ? -1 : 1) || CATEGORY_ORDER.indexOf(a.category) - CATEGORY_ORDER.indexOf(b.category));
  const count = (category: ProblemCategory) => result.errors.filter((p) => p.category === category).length;
  return (
    <div className="problems" data-testid="problems">
      {items.length === 0 ? (
        <Typography.Text type="success" data-testid="problems-ok">✓ {t('编译通过，可以部署', 'Compiles cleanly: ready to deploy')}</Typography.Text>
      ) : (
        <List size="small" header={<>
          <b>{t(`编译问题：${result.errors.length} 个错误，${result.warnings.length} 个警告`, `Compiler: ${result.errors.length} errors, ${result.warnings.length} warnings`)}</b>
          {result.errors.length > 0 && <Typography.Text type="secondary" data-testid="problem-summary">
            {' '}{t(`（其中待补充绑定 ${count('binding')} 个，引擎不支持 ${count('unsupported')} 个）`, ` (bindings to fill in: ${count('binding')}, not run by the engine: ${count('unsupported')})`)}
          </Typography.Text>}
        </>}
          dataSource={items} renderItem={(p) => (
            <List.Item style={{ cursor: p.element ? 'pointer' : undefined }} onClick={() => p.element && onSelect(p.element)} data-code={p.code}>
              <Tag color={p.level === 'error' ? 'red' : 'orange'}>{p.level === 'error' ? t('错误', 'Error') : t('警告', 'Warning')}</Tag>
              <Tag color={CATEGORY_TAGS[p.category].color} data-category={p.category}>{t(CATEGORY_TAGS[p.category].zh, CATEGORY_TAGS[p.category].en)}</Tag>
              {p.element && <Typography.Text code>{p.element}</Typography.Text>} {t(p.message, p.messageEn)} <Typography.Text type="secondary">({p.code})</Typography.Text>
            </List.Item>
          )} />
      )}
    </div>
  );
}
