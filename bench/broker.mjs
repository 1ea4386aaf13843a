// Throughput of the stepwise broker API as a trading environment uses it: per day one valueAt,
// one submit (target-position change) and one valueAt of the next day, over two years of days.
// Run after a build:  npm run build && node bench/broker.mjs
import { Broker, fixedCommission, proportionalImpact } from '../dist/src/broker/index.js';

const days = 504;
const epochs = Number(process.argv[2] ?? 2000);
const dates = Array.from({ length: days }, (_, i) => new Date(Date.UTC(2020, 0, 1) + i * 86_400_000).toISOString().slice(0, 10));
const adjClose = Float64Array.from({ length: days }, (_, i) => 100 + 10 * Math.sin(i / 10));
const broker = new Broker(
  { adjClose: [adjClose], adjOpen: [adjClose], dates, symbols: ['JPM'] },
  { startValue: 100_000, positionLimits: { min: -1000, max: 1000 }, commission: fixedCommission(9.95), impact: proportionalImpact(0.005) },
);

function epoch(seed) {
  broker.reset();
  let position = 0;
  let growth = 1;
  for (let day = 0; day < days - 1; day++) {
    const before = broker.valueAt(day);
    const target = (((day * 7 + seed) % 3) - 1) * 100;
    broker.submit(day, 0, target - position);
    position = target;
    growth *= broker.valueAt(day + 1) / before;
  }
  return growth;
}

for (let e = 0; e < 200; e++) epoch(e); // warm-up
const start = process.hrtime.bigint();
let check = 0;
for (let e = 0; e < epochs; e++) check += epoch(e);
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
const steps = epochs * (days - 1);
console.log(
  `broker: ${epochs} epochs x ${days - 1} days = ${steps} steps in ${seconds.toFixed(3)} s ` +
    `(${((seconds / epochs) * 1e3).toFixed(3)} ms/epoch, ${((seconds / steps) * 1e9).toFixed(0)} ns/step; check ${check.toFixed(3)})`,
);
