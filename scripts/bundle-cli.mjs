// Bundles the CLI (dist/cli/main.js, built by tsc) and its worker threads into dist/bundle/, which bin/steward.js
// runs. Node's ES module loader spent about a third of a second finding, reading and linking the 600 files a
// command loads (kysely alone is 262) before steward did anything; each command now loads a few bundled files.
// The library (dist/index.js) stays as tsc built it.
//
// Every file lands in dist/bundle/ itself, so what the code finds beside itself still resolves: the workers
// (new URL('./compare-worker.js', import.meta.url)), and ../../package.json and ../../rules as from dist/cli/.
// Commands load their job lazily (import()), so those become chunks a command loads only when it runs.
// better-sqlite3 stays outside: it loads its native addon from its own folder.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// Paths from the repository root, wherever it is run from.
const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = 'dist/bundle';
rmSync(new URL(`../${outdir}`, import.meta.url), { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: {
    steward: 'dist/cli/main.js',
    'compare-worker': 'dist/stages/dedupe/compare-worker.js',
    'count-worker': 'dist/audit/count-worker.js',
    'read-worker': 'dist/audit/read-worker.js',
  },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // pg's optional native binding is never installed: pg requires it only when asked to use it.
  external: ['better-sqlite3', 'pg-native'],
  // The CommonJS packages inside (pg, mysql2, iconv-lite, …) require Node's modules.
  banner: { js: "import { createRequire as stewardRequire } from 'node:module'; const require = stewardRequire(import.meta.url);" },
  // Maps back to src/ through tsc's maps; bin/steward.js turns them on when STEWARD_DEBUG asks for the stack.
  sourcemap: 'linked',
  logLevel: 'warning',
});
