// ECharts, only what the screens' and the price library's charts draw (bars, lines and a graph on a canvas), registered once. Imported dynamically by
// EChart so the library is in a chunk of its own that loads only when a chart is shown.
import * as echarts from 'echarts/core';
import { BarChart, GraphChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, GraphChart, LineChart, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, CanvasRenderer]);

export { echarts };
