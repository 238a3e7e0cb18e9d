import { describe, expect, it } from 'vitest';
import { progressLine } from '../src/cli/progressBar.js';

describe('progressLine', () => {
  it('fills the bar by the share of features done and redraws in place', () => {
    const line = progressLine({ modelsDone: 1, modelsTotal: 4, featuresDone: 5, featuresTotal: 20 }, 20);
    expect(line).toBe('\r[#####...............] models 1/4, features 5/20');
  });

  it('shows a full bar when there is nothing to do', () => {
    expect(progressLine({ modelsDone: 0, modelsTotal: 0, featuresDone: 0, featuresTotal: 0 }, 4)).toBe(
      '\r[####] models 0/0, features 0/0',
    );
  });
});
