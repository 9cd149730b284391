// One subject's profile: its record, people (masked), licences, qualifications and performance with their validity,
// credit records and sanctions, bound certificates; staff can file a change from here.
import { useState } from 'react';
import { useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Spin, Table, Tabs, Tag } from 'antd';
import { api, chinaTime, useI18n, yuan, regionName, type Me } from '@ggzy/web';
import { ApplicationDialog } from './ApplicationDialog';
import { kindLabel, measureLabel, personRoleLabel, registrationKindLabel, reviewStatusLabel, sourceLabel } from './labels';

interface Registration { kind: string; specialty: string | null; grade: string | null; registrationNo: string; validUntil: string | null; valid: boolean }
interface Profile {
  creditCode: string; name: string; kind: string; regionCode: string | null; reviewStatus: string; legalRepresentative: string | null; address: string | null;
  establishedOn: string | null; registeredCapitalFen: number | null; source: string; pendingReviewId: number | null; basicAccountLast4: string | null;
  people: Array<{ id: number; name: string; role: string; idNumberMasked: string | null; mobileMasked: string | null; status: string; registrations: Registration[] }>;
  licences: Array<{ kind: string; licenceNo: string; issuedBy: string | null; validFrom: string | null; validUntil: string | null; valid: boolean; source: string }>;
  qualifications: Array<{ kind: string; grade: string; certificateNo: string; issuedBy: string | null; validUntil: string | null; valid: boolean; source: string }>;
  performances: Array<{ projectName: string; clientName: string | null; contractAmountFen: number; completedOn: string | null; verified: boolean; dealCode: string | null }>;
  credit: {
    records: Array<{ kind: string; description: string; validFrom: string; validUntil: string | null; source: string }>;
    sanctions: Array<{ measure: string; reason: string; legalBasis: string; decidedByRegion: string; validFrom: string; validUntil: string | null; revokedAt: string | null; active: boolean; source: string }>;
  };
  certificates: Array<{ caId: string; issuer: string; serialNumber: string; keyAlgorithm: string; validFrom: string; validUntil: string; revoked: boolean; status: string }>;
}

export function SubjectPage({ me }: { me: Me }) {
  const { t } = useI18n();
  const { creditCode = '' } = useParams();
  const [changing, setChanging] = useState(false);
  const profile = useQuery({ queryKey: ['subject', creditCode], queryFn: () => api<Profile>(`/api/subjects/${encodeURIComponent(creditCode)}`) });
  if (profile.isPending) return <Spin style={{ margin: 48 }} />;
  if (profile.isError) return <Alert type="error" message={(profile.error as Error).message} />;
  const p = profile.data;
  const validTag = (valid: boolean) => (valid ? <Tag color="green">{t('有效', 'Valid')}</Tag> : <Tag color="red">{t('无效或过期', 'Invalid or expired')}</Tag>);
  const sanctioned = p.credit.sanctions.some((s) => s.active);
  return (
    <Card title={<>{p.name} {sanctioned && <Tag color="red">{t('受惩戒', 'Sanctioned')}</Tag>}</>} data-testid="subject-profile" extra={
      me.role === 'staff' && (p.pendingReviewId
        ? <Tag color="orange">{t('有待审核的申请', 'An application is under review')}</Tag>
        : <Button onClick={() => setChanging(true)}>{t('信息变更', 'File a change')}</Button>)
    }>
      <Descriptions size="small" column={{ xs: 1, md: 2 }} items={[
        { key: 'code', label: t('统一社会信用代码', 'Credit code'), children: p.creditCode },
        { key: 'kind', label: t('主体类型', 'Kind'), children: kindLabel(p.kind, t) },
        { key: 'review', label: t('审核状态', 'Review'), children: reviewStatusLabel(p.reviewStatus, t) },
        { key: 'region', label: t('所属地区', 'Region'), children: p.regionCode ? regionName(p.regionCode, t) : '—' },
        { key: 'legal', label: t('法定代表人', 'Legal representative'), children: p.legalRepresentative ?? '—' },
        { key: 'est', label: t('成立日期', 'Established on'), children: p.establishedOn ?? '—' },
        { key: 'capital', label: t('注册资本', 'Registered capital'), children: yuan(p.registeredCapitalFen) },
        { key: 'account', label: t('基本账户', 'Basic account'), children: p.basicAccountLast4 ? `**** ${p.basicAccountLast4}` : '—' },
        { key: 'address', label: t('住所', 'Address'), children: p.address ?? '—' },
        { key: 'source', label: t('来源', 'Source'), children: sourceLabel(p.source, t) },
      ]} />
      <Tabs style={{ marginTop: 16 }} items={[
        { key: 'people', label: t('人员', 'People'), children: (
          <Table size="small" rowKey="id" pagination={false} dataSource={p.people} scroll={{ x: true }} columns={[
            { title: t('姓名', 'Name'), dataIndex: 'name' },
            { title: t('职务', 'Role'), dataIndex: 'role', render: (r: string) => personRoleLabel(r, t) },
            { title: t('身份证号码', 'Identity card'), dataIndex: 'idNumberMasked', render: (v: string | null) => v ?? '—' },
            { title: t('手机', 'Mobile'), dataIndex: 'mobileMasked', render: (v: string | null) => v ?? '—' },
            { title: t('注册执业', 'Registrations'), dataIndex: 'registrations', render: (rs: Registration[]) => rs.map((r) => (
              <div key={r.registrationNo}>{registrationKindLabel(r.kind, t)} {r.grade ?? ''} {r.specialty ?? ''} {r.registrationNo} {validTag(r.valid)}</div>
            )) },
          ]} />) },
        { key: 'qualifications', label: t('资质', 'Qualifications'), children: (
          <Table size="small" rowKey="certificateNo" pagination={false} dataSource={p.qualifications} scroll={{ x: true }} columns={[
            { title: t('资质类别', 'Kind'), dataIndex: 'kind' }, { title: t('等级', 'Grade'), dataIndex: 'grade' },
            { title: t('证书编号', 'Certificate no.'), dataIndex: 'certificateNo' }, { title: t('有效期至', 'Valid until'), dataIndex: 'validUntil', render: (v: string | null) => v ?? '—' },
            { title: t('状态', 'Status'), dataIndex: 'valid', render: validTag }, { title: t('来源', 'Source'), dataIndex: 'source', render: (s: string) => sourceLabel(s, t) },
          ]} />) },
        { key: 'licences', label: t('证照', 'Licences'), children: (
          <Table size="small" rowKey="licenceNo" pagination={false} dataSource={p.licences} scroll={{ x: true }} columns={[
            { title: t('证照类别', 'Kind'), dataIndex: 'kind' }, { title: t('编号', 'Number'), dataIndex: 'licenceNo' },
            { title: t('发证机关', 'Issued by'), dataIndex: 'issuedBy', render: (v: string | null) => v ?? '—' },
            { title: t('有效期至', 'Valid until'), dataIndex: 'validUntil', render: (v: string | null) => v ?? t('长期', 'No expiry') },
            { title: t('状态', 'Status'), dataIndex: 'valid', render: validTag },
          ]} />) },
        { key: 'performances', label: t('业绩', 'Performance'), children: (
          <Table size="small" rowKey="projectName" pagination={false} dataSource={p.performances} scroll={{ x: true }} columns={[
            { title: t('项目名称', 'Project'), dataIndex: 'projectName' }, { title: t('发包人', 'Client'), dataIndex: 'clientName', render: (v: string | null) => v ?? '—' },
            { title: t('合同金额', 'Contract amount'), dataIndex: 'contractAmountFen', render: (f: number) => yuan(f) },
            { title: t('竣工日期', 'Completed on'), dataIndex: 'completedOn', render: (v: string | null) => v ?? '—' },
            { title: t('核验', 'Verified'), dataIndex: 'verified', render: (v: boolean) => (v ? <Tag color="green">{t('已核验', 'Verified')}</Tag> : <Tag>{t('未核验', 'Not verified')}</Tag>) },
          ]} />) },
        { key: 'credit', label: t('信用', 'Credit'), children: (
          <>
            <Table size="small" rowKey={(s) => `${s.validFrom}${s.reason}`} pagination={false} dataSource={p.credit.sanctions} scroll={{ x: true }} columns={[
              { title: t('惩戒措施', 'Measure'), dataIndex: 'measure', render: (m: string) => measureLabel(m, t) },
              { title: t('事由', 'Reason'), dataIndex: 'reason' }, { title: t('依据', 'Legal basis'), dataIndex: 'legalBasis' },
              { title: t('决定地区', 'Decided by'), dataIndex: 'decidedByRegion', render: (r: string) => regionName(r, t) },
              { title: t('期间', 'Period'), key: 'period', render: (_: unknown, s: Profile['credit']['sanctions'][number]) => `${chinaTime(s.validFrom)} — ${s.validUntil ? chinaTime(s.validUntil) : t('撤销前', 'until revoked')}` },
              { title: t('状态', 'Status'), dataIndex: 'active', render: (a: boolean, s: Profile['credit']['sanctions'][number]) => (a ? <Tag color="red">{t('有效', 'In force')}</Tag> : <Tag>{s.revokedAt ? t('已撤销', 'Revoked') : t('已失效', 'Expired')}</Tag>) },
            ]} />
            <Table size="small" style={{ marginTop: 12 }} rowKey={(r) => `${r.validFrom}${r.description}`} pagination={false} dataSource={p.credit.records} columns={[
              { title: t('类别', 'Kind'), dataIndex: 'kind', render: (k: string) => (k === 'dishonest' ? <Tag color="red">{t('失信', 'Dishonest')}</Tag> : <Tag color="green">{t('良好', 'Honest')}</Tag>) },
              { title: t('内容', 'Description'), dataIndex: 'description' }, { title: t('自', 'From'), dataIndex: 'validFrom', render: chinaTime },
            ]} />
          </>) },
        { key: 'certificates', label: t('数字证书', 'Certificates'), children: (
          <Table size="small" rowKey="serialNumber" pagination={false} dataSource={p.certificates} scroll={{ x: true }} columns={[
            { title: t('颁发机构', 'Issuer'), dataIndex: 'issuer' }, { title: t('序列号', 'Serial'), dataIndex: 'serialNumber' },
            { title: t('算法', 'Algorithm'), dataIndex: 'keyAlgorithm', render: (a: string) => (a === 'sm2' ? 'SM2 (国密)' : 'ECDSA P-256') },
            { title: t('有效期至', 'Valid until'), dataIndex: 'validUntil', render: chinaTime },
            { title: t('状态', 'Status'), dataIndex: 'revoked', render: (r: boolean) => (r ? <Tag color="red">{t('已吊销', 'Revoked')}</Tag> : <Tag color="green">{t('正常', 'Active')}</Tag>) },
          ]} />) },
      ]} />
      {changing && <ApplicationDialog creditCode={p.creditCode} onClose={() => setChanging(false)} />}
    </Card>
  );
}
