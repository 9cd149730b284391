import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 1500,
    rollupOptions: {
      output: {
        manualChunks(id: string) {
          if (/node_modules\/(antd|@ant-design|rc-[a-z-]+|@rc-component)/.test(id)) return 'antd';
          if (/node_modules\/@formily/.test(id)) return 'formily';
          return undefined;
        },
      },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000', '/healthz': 'http://127.0.0.1:3000' } },
});
