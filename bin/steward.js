#!/usr/bin/env node
// Thin launcher: all behaviour lives in dist/bundle/steward.js, the CLI bundled from what tsc built in dist/ (npm ci
// builds both through the prepare script; see scripts/bundle-cli.mjs). With STEWARD_DEBUG, a stack names src/ lines.
if (process.env.STEWARD_DEBUG) process.setSourceMapsEnabled(true);
import('../dist/bundle/steward.js').then((m) => m.main(process.argv)).catch((error) => {
  process.stderr.write(`steward: could not start (${error?.message ?? error}); run "npm run build" first\n`);
  process.exitCode = 3;
});
