import { createHash } from 'node:crypto';
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

// The checkpoint page's service worker (src/sw.js) as dist/sw.js, preceded by
// what it keeps: the HTML shell and the files the checkpoint page loads (the
// entry chunk, the page's chunk, what they import statically, their CSS; the
// chunks other pages load lazily, the map's above all, are not among them;
// the manifest and its icons), and a version that changes with any of them, so that each build's
// worker replaces the one before.
function checkpointWorker() {
  let outDir;
  let assets = [];
  return {
    name: 'fugong-checkpoint-worker',
    apply: 'build',
    configResolved(c) { outDir = c.build.outDir; },
    generateBundle(_, bundle) {
      const chunks = Object.values(bundle).filter((c) => c.type === 'chunk');
      const entry = chunks.filter((c) => c.isEntry);
      const page = chunks.filter((c) => c.facadeModuleId?.endsWith('/src/pages/Checkpoint.vue'));
      if (entry.length !== 1 || page.length !== 1) this.error('the entry chunk or the checkpoint page chunk is missing');
      const seen = new Set();
      const visit = (name) => {
        if (seen.has(name)) return;
        seen.add(name);
        const c = bundle[name];
        for (const css of c.viteMetadata?.importedCss ?? []) seen.add(css);
        for (const i of c.imports) visit(i);
      };
      visit(entry[0].fileName);
      visit(page[0].fileName);
      assets = [...seen].sort().map((f) => `/${f}`);
    },
    writeBundle() {
      const source = readFileSync(fileURLToPath(new URL('src/sw.js', import.meta.url)), 'utf8');
      // The unhashed files it keeps besides the HTML: what public/ holds.
      const files = readdirSync(join(outDir, 'icons')).filter((f) => !/\.(br|gz)$/.test(f)).sort()
        .map((f) => `/icons/${f}`).concat('/manifest.webmanifest');
      const hash = createHash('sha256').update(source).update(assets.join('\n'));
      for (const f of ['/index.html', ...files]) hash.update(f).update(readFileSync(join(outDir, f)));
      const version = hash.digest('hex').slice(0, 16);
      const build = { version, shell: '/checkpoint', assets, files };
      writeFileSync(join(outDir, 'sw.js'), `self.FG_BUILD = ${JSON.stringify(build, null, 1)};\n${source}`);
    },
  };
}

// Built into web/dist, which `fugong serve` serves; hashed assets under /assets/,
// public/ (the web app manifest, its icons) copied as they are.
// The shared vocabularies are imported from ../data/vocab (the files the
// server's C tables are generated from), so the dev server may read the
// repository root too.
export default defineConfig({
  plugins: [vue(), checkpointWorker(), precompress()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8080' },
    fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] },
  },
});
