import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

// Built into web/dist, which `fugong serve` serves; hashed assets under /assets/.
export default defineConfig({
  plugins: [vue()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
});
