import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

// Every text file of the build also as .br and .gz beside it (compressed once,
// at build time, at the strongest settings), which `fugong serve` sends to a
// browser that accepts them: phones on slow networks get a third of the bytes.
function precompress() {
  let outDir;
  return {
    name: 'fugong-precompress',
    apply: 'build',
    configResolved(c) { outDir = c.build.outDir; },
    closeBundle() {
      const walk = (dir) => readdirSync(dir).flatMap((n) => {
        const p = join(dir, n);
        return statSync(p).isDirectory() ? walk(p) : [p];
      });
      for (const f of walk(outDir)) {
        if (!/\.(js|mjs|css|html|svg|json|txt|map)$/.test(f)) continue;
        const data = readFileSync(f);
        if (data.length < 1024) continue;
        writeFileSync(`${f}.br`, brotliCompressSync(data, { params: {
          [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length } }));
        writeFileSync(`${f}.gz`, gzipSync(data, { level: 9 }));
      }
    },
  };
}

// Built into web/dist, which `fugong serve` serves; hashed assets under /assets/.
// The shared vocabularies are imported from ../data/vocab (the files the
// server's C tables are generated from), so the dev server may read the
// repository root too.
export default defineConfig({
  plugins: [vue(), precompress()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8080' },
    fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] },
  },
});
