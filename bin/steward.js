#!/usr/bin/env node
// Thin launcher: all behaviour lives in dist/cli/main.js (built by `npm ci` through the prepare script).
import('../dist/cli/main.js').then((m) => m.main(process.argv)).catch((error) => {
  process.stderr.write(`steward: could not start (${error?.message ?? error}); run "npm run build" first\n`);
  process.exitCode = 3;
});
