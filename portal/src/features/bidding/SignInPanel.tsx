// 签到 in the hall: before the opening a bidder signs a challenge bound to the opening with its certificate; it sees
// its own sign-in (and, once the opening has begun, how many signed in). The hosts and watchers see who signed in
// where the api shows names (hall/state.ts), else how many.
import { useState } from 'react';
import { Alert, Button, Descriptions, Space, Table } from 'antd';
import { ApiError, chinaTime, useI18n } from '@ggzy/web';
import { hallBase, type HallState, type HallViewer } from './hall';
import { signInToHall } from './hall-acts';
import { SigningDeviceGate } from './SigningDeviceGate';

export function SignInPanel({ hall, viewer }: { hall: HallState; viewer: HallViewer }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { signIns } = hall;
  const canSignIn = viewer === 'bidder' && hall.stage === 'before_opening' && !signIns.mine && !!hall.mySubmission;
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="hall-sign-ins">
      <Descriptions size="small" column={{ xs: 1, md: 2 }}>
        {viewer === 'bidder' && (
          <Descriptions.Item label={t('我的签到', 'My sign-in')}>
            <span data-testid="my-sign-in">{signIns.mine ? `${t('已签到', 'Signed in')} ${chinaTime(signIns.mine)}` : t('未签到', 'Not signed in')}</span>
          </Descriptions.Item>
        )}
        {signIns.count !== null && (
          <Descriptions.Item label={t('已签到投标人', 'Bidders signed in')}><span data-testid="sign-in-count">{signIns.count}</span></Descriptions.Item>
        )}
      </Descriptions>
      {canSignIn && (
        <SigningDeviceGate>{(device) => (
          <Button type="primary" loading={busy} data-testid="hall-sign-in" onClick={() => {
            setBusy(true);
            setError(null);
            signInToHall(hallBase(viewer, hall.dealCode, hall.sectionCode), device, () => new Error(t('签到挑战不是本站发出的，已拒绝签名', 'The challenge was not issued for this site; not signed')))
              .catch((err: unknown) => setError(err instanceof ApiError || err instanceof Error ? err.message : String(err)))
              .finally(() => setBusy(false));
          }}>{t('数字证书签到', 'Sign in with my certificate')}</Button>
        )}</SigningDeviceGate>
      )}
      {error && <Alert type="error" role="alert" message={error} />}
      {signIns.bidders && (
        <Table size="small" rowKey="bidder" pagination={false} dataSource={signIns.bidders} data-testid="sign-in-list"
          locale={{ emptyText: t('尚无投标人签到', 'No bidder has signed in yet') }}
          columns={[
            { title: t('投标人', 'Bidder'), render: (_: unknown, s: { name: string; bidder: string }) => <span>{s.name}<br /><code>{s.bidder}</code></span> },
            { title: t('签到人', 'Signed by'), dataIndex: 'person' },
            { title: t('签到时间', 'Signed in at'), dataIndex: 'signedInAt', render: (v: string) => chinaTime(v) },
          ]} />
      )}
    </Space>
  );
}
