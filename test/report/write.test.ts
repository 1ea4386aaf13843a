import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { checkReportTarget, writeReportFolder } from '../../src/report/write.js';

const parentDir = () => mkdtempSync(join(tmpdir(), 'dynaq-report-'));

describe('writeReportFolder', () => {
  it('writes every file, in sub-folders too, creating missing parents', () => {
    const parent = parentDir();
    const target = join(parent, 'reports', 'JPM-dyna-q-seed7');
    writeReportFolder(target, [
      { name: 'summary.json', content: '{"seed":7}\n' },
      { name: 'charts/value.png', content: Uint8Array.from([0x89, 0x50, 0x4e, 0x47]) },
    ]);
    expect(readFileSync(join(target, 'summary.json'), 'utf8')).toBe('{"seed":7}\n');
    expect(Array.from(readFileSync(join(target, 'charts', 'value.png')))).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(readdirSync(join(parent, 'reports')), 'no temporary folder left').toEqual(['JPM-dyna-q-seed7']);
  });

  it('leaves nothing behind when a write fails half-way', () => {
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
      writeReportFolder(target, files);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(UserError);
    expect((thrown as Error).message).toMatch(/^cannot write the report folder .*run: (a file of that name is in the way \(EEXIST\)|a part of the path is a file, not a folder \(ENOTDIR\))/);
    expect(readdirSync(parent)).toEqual([]);
  });

  it('leaves nothing behind when the content cannot be written', () => {
    const parent = parentDir();
    const content = 42 as unknown as string;
    expect(() => writeReportFolder(join(parent, 'run'), [{ name: 'ok.txt', content: 'fine' }, { name: 'bad.txt', content }])).toThrow();
    expect(readdirSync(parent)).toEqual([]);
  });

  it('refuses to overwrite a non-empty folder and leaves it untouched', () => {
    const parent = parentDir();
    const target = join(parent, 'run');
    mkdirSync(target);
    writeFileSync(join(target, 'keep.txt'), 'old');
    expect(() => writeReportFolder(target, [{ name: 'summary.json', content: '{}' }])).toThrow(UserError);
    expect(() => writeReportFolder(target, [{ name: 'summary.json', content: '{}' }])).toThrow(/already exists and is not empty/);
    expect(readdirSync(target)).toEqual(['keep.txt']);
    expect(readdirSync(parent)).toEqual(['run']);
  });

  it('replaces an existing empty folder', () => {
    const parent = parentDir();
    const target = join(parent, 'run');
    mkdirSync(target);
    writeReportFolder(target, [{ name: 'summary.json', content: '{}' }]);
    expect(readdirSync(target)).toEqual(['summary.json']);
  });

  it('refuses a target that is a file', () => {
    const parent = parentDir();
    writeFileSync(join(parent, 'run'), 'not a folder');
    expect(() => writeReportFolder(join(parent, 'run'), [{ name: 'a.txt', content: '' }])).toThrow(/a file of that name exists/);
  });

  it('rejects names that would escape the folder before writing anything', () => {
    const parent = parentDir();
    for (const name of ['../evil.txt', '/abs.txt', 'a//b', '', 'a\\b', 'x/./y']) {
      expect(() => writeReportFolder(join(parent, 'run'), [{ name, content: '' }]), name).toThrow(/not a relative file name/);
    }
    expect(() => writeReportFolder(join(parent, 'run'), [{ name: 'a', content: '' }, { name: 'a', content: '' }])).toThrow(/given twice/);
    expect(readdirSync(parent)).toEqual([]);
  });

  it('removes the temporary folders of dead runs (a kill during the write) when the next run starts', () => {
    const parent = parentDir();
    // pid 2^22 + 1 is beyond Linux's pid range: certainly no live process
    const stale = join(parent, `.old-run.tmp-${2 ** 22 + 1}-1`);
    mkdirSync(join(stale, 'charts'), { recursive: true });
    writeFileSync(join(stale, 'charts', 'half.svg'), '<svg');
    const live = join(parent, `.other.tmp-${process.ppid}-1`);
    mkdirSync(live);
    writeReportFolder(join(parent, 'run'), [{ name: 'summary.json', content: '{}' }]);
    expect(existsSync(stale), 'a dead run\'s leftovers are gone').toBe(false);
    expect(existsSync(live), 'a live run\'s temporary folder is left alone').toBe(true);
  });

  it('makes a default name unique instead of failing after the work: run, run-2, run-3', () => {
    const parent = parentDir();
    const names = [1, 2, 3].map(() => writeReportFolder(join(parent, 'run'), [{ name: 'a.txt', content: 'x' }], { unique: true }));
    expect(names.map((name) => name.slice(parent.length + 1))).toEqual(['run', 'run-2', 'run-3']);
  });

  it('checks an --out target before any work: an existing file, a non-empty folder, a file in the path', () => {
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
