// 决策表: the decision tables a business rule task evaluates. A designer opens a deployed version (or starts a new
// table from a template) in dmn-js, tries it over sample variables, and deploys it for a region — the compiler's
// problems are listed beside the table, each on its rule — where it waits for a second designer's approval.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, List, Modal, Select, Space, Tag, Typography } from 'antd';
import { api, ApiError, regionName, useI18n, type Me } from '@ggzy/web';
import { createDecisionModeler, markRules, openDecisionTable, type DecisionModeler } from '../features/decisions/create-decision-modeler';
import { DECISION_KEY_PATTERN, newDecisionTable } from '../features/decisions/template';
import { DecisionVersions, DECISIONS_QUERY, versionPath, type DecisionStatus, type DecisionVersion } from '../features/decisions/DecisionVersions';
import { TryItPanel } from '../features/decisions/TryItPanel';

interface Deployed { decisions: Array<{ decision: { key: string; regionCode: string; version: number }; status: DecisionStatus; created: boolean }>; created: boolean }
interface Problem { path: string; code?: string; message: string }

export function DecisionsPage({ me }: { me: Me }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const containerRef = useRef<HTMLDivElement>(null);
  const modelerRef = useRef<DecisionModeler | null>(null);
  const [opened, setOpened] = useState<{ key: string | null; source: string }>({ key: null, source: '' });
  const [region, setRegion] = useState(me.visibleRegions.includes('990100') ? '990100' : me.regionCode);
  const [deploying, setDeploying] = useState(false);
  const [deployed, setDeployed] = useState<Deployed | null>(null);
  const [refused, setRefused] = useState<{ message: string; problems: Problem[] } | null>(null);
  const [creating, setCreating] = useState(false);

  const show = useCallback(async (xml: string, key: string | undefined, source: string) => {
    const modeler = modelerRef.current;
    if (!modeler) return;
    setDeployed(null);
    setRefused(null);
    try {
      setOpened({ key: await openDecisionTable(modeler, xml, key), source });
    } catch (err) {
      void message.error(`${t('无法打开该 DMN 文件', 'The DMN file cannot be opened')}：${(err as Error).message}`);
    }
  }, [message, t]);

  useEffect(() => {
    const modeler = createDecisionModeler(containerRef.current!);
    modelerRef.current = modeler;
    void show(newDecisionTable('new_decision', '新建决策表'), undefined, t('新建', 'New'));
    return () => {
      modeler.destroy();
      modelerRef.current = null;
    };
  }, []); // one modeler for the page's life

  const getXml = useCallback(async () => (await modelerRef.current!.saveXML({ format: true })).xml, []);

  async function openVersion(v: DecisionVersion) {
    try {
      const found = await api<{ xml: string }>(versionPath(v));
      await show(found.xml, v.key, `${regionName(v.regionCode, t)} v${v.version}`);
    } catch (err) {
      void message.error(err instanceof ApiError ? err.message : String(err));
    }
  }

  async function deploy() {
    setDeploying(true);
    setDeployed(null);
    setRefused(null);
    markRules(containerRef.current!, [], 'decision-rule-problem');
    try {
      setDeployed(await api<Deployed>('/api/decision-definitions', { method: 'POST', body: { xml: await getXml(), regionCode: region } }));
      void client.invalidateQueries({ queryKey: DECISIONS_QUERY });
    } catch (err) {
      if (err instanceof ApiError) {
        setRefused({ message: err.message, problems: err.details as Problem[] });
        markRules(containerRef.current!, err.details.map((d) => d.path), 'decision-rule-problem');
      } else setRefused({ message: String(err), problems: [] });
    } finally {
      setDeploying(false);
    }
  }

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <DecisionVersions me={me} onOpen={(v) => void openVersion(v)} />
      <div className="decision-layout">
        <Card size="small" title={<>{t('决策表', 'Decision table')} <Typography.Text code data-testid="decision-opened">{opened.key ?? '—'}</Typography.Text> <Typography.Text type="secondary">{opened.source}</Typography.Text></>}
          extra={<Button size="small" onClick={() => setCreating(true)} data-testid="decision-new">{t('新建', 'New')}</Button>}>
          <div ref={containerRef} className="decision-canvas" data-testid="decision-editor" />
        </Card>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Card size="small" title={t('部署', 'Deploy')}>
            <Space direction="vertical" style={{ width: '100%' }}>
              <Select value={region} onChange={setRegion} style={{ width: '100%' }} aria-label={t('地区', 'Region')} data-testid="decision-region"
                options={me.visibleRegions.map((r) => ({ value: r, label: regionName(r, t) }))} />
              <Typography.Text type="secondary">
                {t('市级决策表优先于省级。新版本须经另一名设计员或系统管理员审核后才用于交易。', 'A city\'s table wins over the province\'s. A new version decides deals once another designer or the system administrator approves it.')}
              </Typography.Text>
              <Button type="primary" onClick={deploy} loading={deploying} data-testid="decision-deploy">{t('部署', 'Deploy')}</Button>
              {deployed && (
                <Alert type="success" data-testid="decision-deploy-result" message={deployed.decisions.map((d) => (
                  <div key={d.decision.key}>
                    {d.decision.key} {t(`第 ${d.decision.version} 版`, `version ${d.decision.version}`)}{' '}
                    <Tag color={d.status === 'pending' ? 'orange' : d.status === 'active' ? 'green' : 'red'} data-testid={`decision-deployed-${d.status}`}>
                      {d.status === 'pending' ? t('待审核', 'pending') : d.status === 'active' ? t('已生效', 'active') : t('已驳回', 'rejected')}
                    </Tag>
                    {!d.created && t('（内容未变）', '(unchanged)')}
                  </div>
                ))} />
              )}
              {refused && (
                <Alert type="error" data-testid="decision-problems" message={refused.message} description={refused.problems.length > 0 && (
                  <List size="small" dataSource={refused.problems} renderItem={(p) => (
                    <List.Item style={{ cursor: 'pointer' }} onClick={() => markRules(containerRef.current!, [p.path], 'decision-rule-problem')}>
                      <Typography.Text code>{p.path}</Typography.Text> {p.message}
                    </List.Item>
                  )} />
                )} />
              )}
            </Space>
          </Card>
          <TryItPanel getXml={getXml} decisionKey={opened.key} onResult={(r) => markRules(containerRef.current!, r?.matchedRules ?? [], 'decision-rule-matched')} />
        </Space>
      </div>
      <Modal open={creating} destroyOnClose title={t('新建决策表', 'New decision table')} footer={null} onCancel={() => setCreating(false)}>
        <Form layout="vertical" onFinish={(f: { key: string; name: string }) => { setCreating(false); void show(newDecisionTable(f.key, f.name.trim()), f.key, t('新建', 'New')); }}>
          <Form.Item label={t('决策键（业务规则任务的 ggzy:decisionRef）', 'Key (the ggzy:decisionRef of business rule tasks)')} name="key"
            rules={[{ required: true, pattern: DECISION_KEY_PATTERN, message: t('字母或下划线开头，只含字母、数字、_ . -', 'Starts with a letter or _, then letters, digits, _ . -') }]}>
            <Input data-testid="decision-new-key" />
          </Form.Item>
          <Form.Item label={t('名称', 'Name')} name="name" rules={[{ required: true, whitespace: true, max: 200, message: t('请填写名称', 'Give a name') }]}>
            <Input data-testid="decision-new-name" />
          </Form.Item>
          <Button type="primary" htmlType="submit" data-testid="decision-new-create">{t('创建', 'Create')}</Button>
        </Form>
      </Modal>
    </Space>
  );
}
