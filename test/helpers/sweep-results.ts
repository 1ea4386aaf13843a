/** Helpers shared by the sweep tests (local, threads, queue). */

/** results.jsonl's lines without the fields that measure time, which differ from run to run. */
export function withoutTimings(text: string): string[] {
  return text
    .trim()
    .split('\n')
    .map((line) => {
      const { trainSeconds: _t, cpuSeconds: _c, ...rest } = JSON.parse(line) as Record<string, unknown>;
      return JSON.stringify(rest);
    });
}

/** A strategy whose decisions depend on state kept across calls in every place a file can keep it. */
export const STATEFUL = `let calls = 0;
const history = [];
export default {
  name: 'stateful',
  params: { every: 7 },
  seen: [],
  decide(day, params) {
    calls++;
    history.push(day.close);
    this.seen.push(day.close);
    const noise = Math.random();
    const up = history.length > 2 && history.at(-1) > history.at(-3);
    if (calls % params.every === 0) return noise < 0.5 ? 'flat' : 'long';
    return up && this.seen.length > 5 ? 'long' : null;
  },
};
`;
