// Lists, at the end of a run, every test that failed and then passed on CI's one retry, so a flaky
// test is seen and fixed at its cause rather than hidden by the retry (decision 0147).
import type { Reporter, TestCase } from 'vitest/node';

export default class FlakyReporter implements Reporter {
  private readonly flaky: string[] = [];

  onTestCaseResult(test: TestCase): void {
    const d = test.diagnostic();
    if (d?.flaky) this.flaky.push(`${test.module.relativeModuleId} > ${test.fullName} (retried ${d.retryCount}×)`);
  }

  onTestRunEnd(): void {
    if (this.flaky.length === 0) return;
    console.log(`\nFLAKY — failed, then passed on retry (${this.flaky.length}); fix each at its cause:`);
    for (const f of this.flaky) console.log(`  ${f}`);
  }
}
