import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { checkReportTarget, writeReportFolder } from '../../src/report/write.js';

const parentDir = () => mkdtempSync(join(tmpdir(), 'dynaq-report-'));

describe('writeReportFolder', () => {
  it('writes every file, in sub-folders too, creating missing parents', async () => {
    const parent = parentDir();
    const target = join(parent, 'reports', 'JPM-dyna-q-seed7');
    await writeReportFolder(target, [
      { name: 'summary.json', content: '{"seed":7}\n' },
      { name: 'charts/value.png', content: Uint8Array.from([0x89, 0x50, 0x4e, 0x47]) },
    ]);
    expect(readFileSync(join(target, 'summary.json'), 'utf8')).toBe('{"seed":7}\n');
    expect(Array.from(readFileSync(join(target, 'charts', 'value.png')))).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(readdirSync(join(parent, 'reports')), 'no temporary folder left').toEqual(['JPM-dyna-q-seed7']);
  });

  it('leaves nothing behind when a write fails half-way', async () => {
    const parent = parentDir();
    const target = join(parent, 'run');
    // The third file needs "a" to be a folder, but the second one made it a file (EEXIST/ENOTDIR).
    const files = [
      { name: 'summary.json', content: '{}' },
      { name: 'a', content: 'x' },
      { name: 'a/b.csv', content: 'y' },
    ];
    let thrown: unknown;
    try {
      await writeReportFolder(target, files);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(UserError);
    expect((thrown as Error).message).toMatch(/^cannot write the report folder .*run: (a file of that name is in the way \(EEXIST\)|a part of the path is a file, not a folder \(ENOTDIR\))/);
    expect(readdirSync(parent)).toEqual([]);
  });

  it('leaves nothing behind when the content cannot be written', async () => {
    const parent = parentDir();
    const content = 42 as unknown as string;
    await expect(writeReportFolder(join(parent, 'run'), [{ name: 'ok.txt', content: 'fine' }, { name: 'bad.txt', content }])).rejects.toThrow();
    expect(readdirSync(parent)).toEqual([]);
  });

  it('refuses to overwrite a non-empty folder and leaves it untouched', async () => {
    const parent = parentDir();
    const target = join(parent, 'run');
    mkdirSync(target);
    writeFileSync(join(target, 'keep.txt'), 'old');
    await expect(writeReportFolder(target, [{ name: 'summary.json', content: '{}' }])).rejects.toThrow(UserError);
    await expect(writeReportFolder(target, [{ name: 'summary.json', content: '{}' }])).rejects.toThrow(/already exists and is not empty/);
    expect(readdirSync(target)).toEqual(['keep.txt']);
    expect(readdirSync(parent)).toEqual(['run']);
  });

  it('replaces an existing empty folder', async () => {
    const parent = parentDir();
    const target = join(parent, 'run');
    mkdirSync(target);
    await writeReportFolder(target, [{ name: 'summary.json', content: '{}' }]);
    expect(readdirSync(target)).toEqual(['summary.json']);
  });

  it('refuses a target that is a file', async () => {
    const parent = parentDir();
    writeFileSync(join(parent, 'run'), 'not a folder');
    await expect(writeReportFolder(join(parent, 'run'), [{ name: 'a.txt', content: '' }])).rejects.toThrow(/a file of that name exists/);
  });

  it('rejects names that would escape the folder before writing anything', async () => {
    const parent = parentDir();
    for (const name of ['../evil.txt', '/abs.txt', 'a//b', '', 'a\\b', 'x/./y']) {
      await expect(writeReportFolder(join(parent, 'run'), [{ name, content: '' }]), name).rejects.toThrow(/not a relative file name/);
    }
    await expect(writeReportFolder(join(parent, 'run'), [{ name: 'a', content: '' }, { name: 'a', content: '' }])).rejects.toThrow(/given twice/);
    expect(readdirSync(parent)).toEqual([]);
  });

  it('removes the temporary folders of dead runs (a kill during the write) when the next run starts', async () => {
    const parent = parentDir();
    // pid 2^22 + 1 is beyond Linux's pid range: certainly no live process
    const stale = join(parent, `.old-run.tmp-${2 ** 22 + 1}-1`);
    mkdirSync(join(stale, 'charts'), { recursive: true });
    writeFileSync(join(stale, 'charts', 'half.svg'), '<svg');
    const live = join(parent, `.other.tmp-${process.ppid}-1`);
    mkdirSync(live);
    await writeReportFolder(join(parent, 'run'), [{ name: 'summary.json', content: '{}' }]);
    expect(existsSync(stale), 'a dead run\'s leftovers are gone').toBe(false);
    expect(existsSync(live), 'a live run\'s temporary folder is left alone').toBe(true);
  });

  it('makes a default name unique instead of failing after the work: run, run-2, run-3', async () => {
    const parent = parentDir();
    const names: string[] = [];
    for (let i = 0; i < 3; i++) names.push(await writeReportFolder(join(parent, 'run'), [{ name: 'a.txt', content: 'x' }], { unique: true }));
    expect(names.map((name) => name.slice(parent.length + 1))).toEqual(['run', 'run-2', 'run-3']);
  });

  it('checks an --out target before any work: an existing file, a non-empty folder, a file in the path', async () => {
    const parent = parentDir();
    writeFileSync(join(parent, 'file'), 'x');
    mkdirSync(join(parent, 'full'));
    writeFileSync(join(parent, 'full', 'a'), 'x');
    expect(() => checkReportTarget(join(parent, 'file'))).toThrow(/a file of that name exists/);
    expect(() => checkReportTarget(join(parent, 'full'))).toThrow(/already exists and is not empty/);
    expect(() => checkReportTarget(join(parent, 'file', 'sub', 'run'))).toThrow(/--out .*file\/sub\/run: .*file is a file, so no folder can be made under it/);
    expect(() => checkReportTarget(join(parent, 'new', 'run'))).not.toThrow();
  });
});

describe('an interrupt during the report write', () => {
  const built = fileURLToPath(new URL('../../dist/src/report/write.js', import.meta.url));
  it.skipIf(!existsSync(built))('SIGINT removes the temporary folder and exits 130, leaving nothing', async () => {
    const parent = parentDir();
    // a child writing a report whose last file never finishes (its content a stream that stalls
    // for a minute), interrupted once its temporary folder exists: the interrupt always lands
    // mid-write, however fast the disk and however slow this process is to look (a report of
    // 200 MB could be written before a loaded machine got round to the interrupt)
    const script = `import { writeReportFolder } from ${JSON.stringify(pathToFileURL(built).href)};
const stalled = (async function* () { yield new Uint8Array(1024); await new Promise((resolve) => setTimeout(resolve, 60000)); })();
const files = [...Array.from({ length: 20 }, (_, i) => ({ name: 'data/' + i + '.bin', content: new Uint8Array(1 << 16).fill(i) })), { name: 'data/stalled.bin', content: stalled }];
await writeReportFolder(${JSON.stringify(join(parent, 'run'))}, files);
console.log('finished');`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    let interrupted = false;
    // up to 30 s for the child to start and make its temporary folder: a loaded machine is slow to start a process
    for (let attempt = 0; attempt < 6000 && !interrupted; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (readdirSync(parent).some((name) => name.startsWith('.run.tmp-'))) {
        child.kill('SIGINT');
        interrupted = true;
      }
    }
    expect(interrupted, 'the temporary folder appeared').toBe(true);
    expect(await exited).toBe(130);
    expect(readdirSync(parent), 'no temporary folder, no half report').toEqual([]);
  }, 30_000);
});
