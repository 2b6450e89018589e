// Prints one plain "N passed, N failed" line after Jest's own summary, because CI reads
// that line and not Jest's. Skipped (pending/todo) tests are counted separately.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const failedSuites = results.numRuntimeErrorTestSuites;
    const failed = results.numFailedTests + failedSuites;
    process.stdout.write(
      `\ntests: ${results.numPassedTests} passed, ${failed} failed` +
        (skipped ? `, ${skipped} skipped` : '') +
        '\n',
    );
  }
}
module.exports = SummaryReporter;
