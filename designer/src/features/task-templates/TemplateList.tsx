// The task-template palette beside the diagram: grouped by capability, searchable; drag (or click, then click on the
// diagram) to place one.
import { useMemo, useState } from 'react';
import { Collapse, Input, Tooltip } from 'antd';
import { useI18n } from '@ggzy/web';
import { CAPABILITY_TITLES, taskTemplates, type TaskTemplate } from './templates';

export function TemplateList({ onStart }: { onStart(event: Event, template: TaskTemplate): void }) {
  const { t } = useI18n();
  const [filter, setFilter] = useState('');
  const all = useMemo(() => taskTemplates(), []);
  const shown = all.filter((tpl) => !filter || `${tpl.title.zh} ${tpl.title.en} ${Object.values(tpl.bindings).join(' ')}`.toLowerCase().includes(filter.toLowerCase()));
  const groups = [...new Set(shown.map((tpl) => tpl.group))];
  return (
    <div className="templates" aria-label={t('任务模板', 'Task templates')}>
      <Input.Search size="small" placeholder={t('搜索模板', 'Search templates')} allowClear onChange={(e) => setFilter(e.target.value)} />
      <Collapse size="small" ghost defaultActiveKey={['tasks']} activeKey={filter ? groups : undefined} items={groups.map((g) => ({
        key: g,
        label: CAPABILITY_TITLES[g] ? t(CAPABILITY_TITLES[g].zh, CAPABILITY_TITLES[g].en) : g,
        children: shown.filter((tpl) => tpl.group === g).map((tpl) => (
          <Tooltip key={tpl.id} placement="right" title={tpl.description ? t(tpl.description.zh, tpl.description.en) : Object.entries(tpl.bindings).map(([k, v]) => `${k}=${v}`).join(' ')}>
            <div className={`template template-${tpl.kind}`} data-template={tpl.id} draggable
              onDragStart={(e) => { e.preventDefault(); onStart(e.nativeEvent, tpl); }}
              onClick={(e) => onStart(e.nativeEvent, tpl)}>
              <span className={tpl.kind === 'service' ? 'bpmn-icon-service-task' : 'bpmn-icon-user-task'} /> {t(tpl.title.zh, tpl.title.en)}
            </div>
          </Tooltip>
        )),
      }))} />
    </div>
  );
}
