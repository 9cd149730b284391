// 价格信息: the price library's page — indicators with their trend chart, the control-price reference, and the import
// of price lists (for the city's staff and the administrator; the administrator reads no prices).
import { Card, Tabs } from 'antd';
import { useI18n, type Me } from '@ggzy/web';
import { IndicatorsPanel } from './IndicatorsPanel';
import { ImportPanel } from './ImportPanel';
import { ReferencePanel } from './ReferencePanel';

const READERS = ['staff', 'supervisor', 'auditor'];
const IMPORTERS = ['staff', 'admin'];

export function PricesPage({ me }: { me: Me }) {
  const { t } = useI18n();
  const tabs = [
    ...(READERS.includes(me.role) ? [
      { key: 'indicators', label: t('价格指标', 'Indicators'), children: <IndicatorsPanel /> },
      { key: 'reference', label: t('控制价参考', 'Control-price reference'), children: <ReferencePanel /> },
    ] : []),
    ...(IMPORTERS.includes(me.role) ? [{ key: 'import', label: t('价格导入', 'Import'), children: <ImportPanel me={me} /> }] : []),
  ];
  return (
    <Card title={t('价格信息', 'Price library')}>
      <Tabs items={tabs} destroyInactiveTabPane={false} />
    </Card>
  );
}
