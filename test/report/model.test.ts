import { describe, expect, it } from 'vitest';
import { checkReportModel, type ReportModel } from '../../src/report/model.js';
import { sampleReportModel } from './sample-model.js';

describe('checkReportModel', () => {
  it('accepts the sample model', () => {
    expect(() => checkReportModel(sampleReportModel())).not.toThrow();
  });

  it('names the first inconsistency', () => {
    const model = sampleReportModel({ days: 10 });
    const window = model.windows[0]!;
    const cases: [Partial<ReportModel>, RegExp][] = [
      [{ statistics: { ...model.statistics, rows: [{ key: 'sharpe', label: 'Sharpe', unit: 'ratio', values: [1] }] } }, /"sharpe" has 1 values for 6 columns/],
      [{ windows: [{ ...window, series: [{ name: 'Dyna-Q', values: [1, 2] }] }] }, /series "Dyna-Q" has 2 values for 10 dates/],
      [{ windows: [{ ...window, series: [{ name: 'Nobody', values: window.series[0]!.values }] }] }, /unknown strategy "Nobody"/],
      [{ windows: [{ ...window, price: { ...window.price!, close: Array(10).fill(Number.NaN) } }] }, /price close on 2008-01-02 is NaN/],
      [{ windows: [{ ...window, price: { ...window.price!, low: [1] } }] }, /price low has 1 values for 10 dates/],
      [{ windows: [{ ...window, trades: [{ ...window.trades![0]!, exitDate: '2030-01-01' }] }] }, /trade .*2030-01-01 outside its dates/],
      [{ windows: [{ ...window, tradesOf: 'Nobody' }] }, /trades names unknown strategy "Nobody"/],
      [{ tables: [{ id: 'folds', title: 't', columns: [{ label: 'a', unit: 'count' }], rows: [[1, 2]] }] }, /table "folds" row 0 has 2 values for 1 columns/],
      [{ tables: [{ id: 'Folds!', title: 't', columns: [], rows: [] }] }, /table id "Folds!"/],
      [{ policy: { stateLabels: ['a', 'b'], actionLabels: ['Long'], actions: [0, 1] } }, /action 1 of state "b"/],
      [{ policy: { stateLabels: ['a'], actionLabels: ['Long'], actions: [0], visits: [1, 2] } }, /2 visit counts for 1 states/],
      [{ policy: { stateLabels: ['a', 'a'], actionLabels: ['Long'], actions: [0, 0] } }, /state label "a" appears twice/],
      [{ policy: { stateLabels: ['a'], actionLabels: ['Long', 'Short'], actions: [0], actionColors: ['red'] } }, /1 action colours for 2 actions/],
      [{ extraCharts: [{ id: 'Bad Id', title: 't', mark: 'bar', x: { label: 'x', type: 'ordinal' }, y: { label: 'y', unit: 'count' }, points: [] }] }, /chart id "Bad Id"/],
    ];
    for (const [change, message] of cases) expect(() => checkReportModel({ ...model, ...change })).toThrow(message);
  });
});
