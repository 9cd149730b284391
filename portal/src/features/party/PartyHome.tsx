// Where a party lands after certificate sign-in: who the platform takes it to be — the subject, the person, and the
// certificate it signed in with — and the way to its own pages: the deals open for bidding and its own deals.
import { Link } from 'react-router';
import { Card, Descriptions, Space, Typography } from 'antd';
import { useI18n, type Me } from '@ggzy/web';

const ALGORITHMS: Record<string, string> = { sm2: 'SM2 / SM3', 'ec-p256': 'ECDSA P-256 / SHA-256' };

export function PartyHome({ me }: { me: Me }) {
  const { t } = useI18n();
  const party = me.party;
  if (!party) return null;
  const cert = party.certificate;
  return (
    <Card data-testid="party-home">
      <Typography.Title level={3}>{t('欢迎', 'Welcome')}，{party.personName}</Typography.Title>
      <Descriptions column={1} bordered size="small">
        <Descriptions.Item label={t('市场主体', 'Subject')}><span data-testid="party-subject">{party.subjectName}</span></Descriptions.Item>
        <Descriptions.Item label={t('统一社会信用代码', 'Unified social credit code')}><span data-testid="party-credit-code">{party.creditCode}</span></Descriptions.Item>
        <Descriptions.Item label={t('经办人', 'Person')}><span data-testid="party-person">{party.personName}</span></Descriptions.Item>
        {cert && <>
          <Descriptions.Item label={t('证书颁发机构', 'Certificate issuer')}><span data-testid="party-issuer">{cert.issuer}</span></Descriptions.Item>
          <Descriptions.Item label={t('证书算法', 'Algorithm')}><span data-testid="party-algorithm">{ALGORITHMS[cert.keyAlgorithm] ?? cert.keyAlgorithm}</span></Descriptions.Item>
          <Descriptions.Item label={t('证书有效期', 'Certificate validity')}>
            <span data-testid="party-validity">{cert.validFrom.slice(0, 10)} — {cert.validUntil.slice(0, 10)}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('证书序列号', 'Serial number')}>{cert.serialNumber}</Descriptions.Item>
          <Descriptions.Item label={t('证书指纹 (SHA-256)', 'Fingerprint (SHA-256)')}><code>{cert.fingerprint}</code></Descriptions.Item>
        </>}
      </Descriptions>
      <Space style={{ marginTop: 16 }}>
        <Link to="/party/tasks" data-testid="to-party-tasks">{t('我的待办', 'My tasks')}</Link>
        <Link to="/party/open-deals" data-testid="to-open-deals">{t('项目大厅：正在招标的项目', 'Deals open for bidding')}</Link>
        <Link to="/party/my-deals" data-testid="to-my-deals">{t('我的项目', 'My deals')}</Link>
      </Space>
    </Card>
  );
}
