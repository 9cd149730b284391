import { defineConfig, defaultClientConditions } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  base: '/designer/',
  plugins: [react()],
  // @ggzy/process from its TypeScript source: the same compiler the api deploys with
  resolve: { conditions: ['ggzy-source', ...defaultClientConditions] },
  build: {
    outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 2500,
    rollupOptions: {
      output: {
        manualChunks(id: string) {
          if (/node_modules\/(dmn-js[^/]*|dmn-moddle|table-js|inferno[^/]*)\//.test(id)) return 'dmn';
          if (/node_modules\/(bpmn-js|diagram-js|bpmn-moddle|moddle|moddle-xml|saxen|min-dom|tiny-svg|path-intersection|@bpmn-io|bpmn-js-properties-panel|bpmnlint|bpmn-js-bpmnlint|@codemirror|@lezer)/.test(id)) return 'bpmn';
          return undefined;
        },
      },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000', '/healthz': 'http://127.0.0.1:3000' } },
});
