/**
 * Preloaded into a benchmarked job process (`node --import ./bench/support/report-usage.ts ...`):
 * prints the process' own peak RSS and CPU time to stderr as it exits, so the benchmark measures
 * the job and nothing else (not the data server, not the harness).
 */
process.on('exit', () => {
  const usage = process.resourceUsage();
  process.stderr.write(
    `USAGE ${JSON.stringify({ maxRssKiB: usage.maxRSS, userMs: Math.round(usage.userCPUTime / 1000), systemMs: Math.round(usage.systemCPUTime / 1000) })}\n`,
  );
});
