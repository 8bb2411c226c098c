// Runs a command as a child process and measures it: wall seconds and peak RSS. Shared by the benchmarks that
// report memory (audit, profile). Peak RSS comes from /usr/bin/time when the machine has it; without, a tiny
// wrapper spawns the command and writes the child's max RSS (KB) from its resourceUsage.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** A measure(cmd, args) that keeps its scratch files in `dir`; `by` says where the RSS figure comes from. */
export function createMeasure(dir) {
  const hasTime = existsSync('/usr/bin/time');
  const wrapper = path.join(dir, 'rss-wrapper.mjs');
  if (!hasTime) {
    writeFileSync(
      wrapper,
      `import { spawn } from 'node:child_process';\nimport { writeFileSync } from 'node:fs';\n` +
        `const [out, cmd, ...args] = process.argv.slice(2);\nconst child = spawn(cmd, args, { stdio: 'inherit' });\n` +
        `child.on('exit', (code, signal) => { writeFileSync(out, String(child.resourceUsage?.().maxRSS ?? process.resourceUsage().maxRSS)); process.exit(code ?? (signal ? 128 : 1)); });\n`,
    );
  }
  /** Wall seconds, peak RSS (MB), exit code, stdout and stderr. */
  function measure(cmd, args) {
    const rssFile = path.join(dir, `rss-${randomBytes(4).toString('hex')}.txt`);
    const [bin, argv] = hasTime ? ['/usr/bin/time', ['-f', '%M', '-o', rssFile, cmd, ...args]] : [process.execPath, [wrapper, rssFile, cmd, ...args]];
    const started = process.hrtime.bigint();
    const r = spawnSync(bin, argv, { encoding: 'utf8', maxBuffer: 1 << 28 });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (r.error) throw r.error;
    // /usr/bin/time writes "Command exited with non-zero status N" before the figure: the figure is the last line.
    const kb = existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop()) : NaN;
    return { seconds, peakRssMB: kb / 1024, code: r.status, stdout: r.stdout, stderr: r.stderr };
  }
  return { measure, by: hasTime ? '/usr/bin/time' : 'resourceUsage' };
}
