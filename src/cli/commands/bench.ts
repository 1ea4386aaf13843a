import { UserError } from '../../errors.js';
import { benchmarks, findRepoRoot, type BenchResult } from '../../bench/index.js';
import type { RegisterCommand } from '../command.js';

interface BenchFlags {
  only?: string[];
  json?: boolean;
  quick?: boolean;
  list?: boolean;
}

export const register: RegisterCommand = (program, io) => {
  program
    .command('bench')
    .description('Run the throughput benchmarks (planning updates per second, world01 end to end, RNG)')
    .option('--only <name...>', 'run only these benchmarks (see --list)')
    .option('--json', 'print one JSON object with every figure (e.g. planningUpdatesPerSecond)')
    .option('--quick', 'fewer repetitions: a quick look, not a measurement')
    .option('--list', 'list the benchmarks and exit')
    .action(async (flags: BenchFlags) => {
      const all = benchmarks();
      if (flags.list) {
        io.stdout(all.map((b) => `${b.name.padEnd(10)} ${b.description}`).join('\n') + '\n');
        return;
      }
      const names = all.map((b) => b.name);
      for (const name of flags.only ?? []) {
        if (!names.includes(name)) throw new UserError(`--only must name benchmarks among ${names.join(', ')}, got '${name}'.`, 2);
      }
      const selected = flags.only === undefined ? all : all.filter((b) => flags.only?.includes(b.name));
      const context = { repoRoot: findRepoRoot(), quick: Boolean(flags.quick) };
      const figures: Record<string, number> = {};
      const results: Record<string, BenchResult> = {};
      for (const benchmark of selected) {
        const result = await benchmark.run(context);
        results[benchmark.name] = result;
        Object.assign(figures, result.metrics);
        if (!flags.json) io.stdout(result.lines.join('\n') + '\n');
      }
      if (flags.json) {
        const skipped = Object.entries(results).filter(([, r]) => r.skipped).map(([name, r]) => ({ name, reason: r.skipped }));
        io.stdout(JSON.stringify({ ...figures, node: process.version, quick: context.quick, skipped }) + '\n');
      }
    });
};
