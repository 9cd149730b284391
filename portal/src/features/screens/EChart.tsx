// One chart: loads ECharts on first use (a chunk of its own), draws `option`, follows the container's size.
import { useEffect, useRef, useState } from 'react';
import { Alert, Spin } from 'antd';
import type { EChartsCoreOption } from 'echarts/core';

export function EChart({ option, height = 320, testId }: { option: EChartsCoreOption; height?: number; testId?: string }) {
  const box = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<'loading' | 'drawn' | Error>('loading');
  useEffect(() => {
    let disposed = false;
    let dispose = () => {};
    import('./echarts').then(({ echarts }) => {
      if (disposed || !box.current) return;
      const chart = echarts.init(box.current);
      chart.setOption(option);
      const resize = () => chart.resize();
      window.addEventListener('resize', resize);
      dispose = () => { window.removeEventListener('resize', resize); chart.dispose(); };
      chart.on('finished', () => setState('drawn'));
      setState('drawn');
    }).catch((err: Error) => setState(err));
    return () => { disposed = true; dispose(); };
  }, [option]);
  return (
    <div style={{ position: 'relative' }}>
      {state instanceof Error && <Alert type="error" message={state.message} />}
      {state === 'loading' && <Spin style={{ position: 'absolute', top: height / 2 - 10, left: '50%' }} />}
      <div ref={box} data-testid={testId} data-drawn={state === 'drawn' ? 'true' : 'false'} style={{ width: '100%', height }} />
    </div>
  );
}
