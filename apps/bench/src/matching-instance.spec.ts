import { afterAll, describe, expect, it } from '@jest/globals';
import { solveAssignment } from '@passend/matching/domain';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { instanceFromJson, InstanceFileError, readInstanceFile, writeInstanceFile } from './matching-instance.js';
import { parseMatchingArgs, UsageError } from './matching.bench.js';

const dir = mkdtempSync(join(tmpdir(), 'passend-instance-spec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const GOOD = {
  children: 3,
  offerings: 2,
  capacity: [1, 2],
  edges: [
    [0, 0, 900],
    [1, 0, 800],
    [1, 1, 100],
    [2, 1, 5],
  ],
};

/** the problems of a malformed instance, as the benchmark prints them */
const problemsOf = (value: unknown): readonly string[] => {
  try {
    instanceFromJson(value, 'x.json');
  } catch (error) {
    if (error instanceof InstanceFileError) return error.problems;
    throw error;
  }
  return [];
};

describe('matching instance files', () => {
  it('reads plain and gzipped JSON into the solver instance, and writes it back', () => {
    const plain = join(dir, 'a.json');
    const gz = join(dir, 'a.json.gz');
    writeFileSync(plain, JSON.stringify(GOOD));
    writeFileSync(gz, gzipSync(JSON.stringify(GOOD)));
    for (const file of [plain, gz]) {
      const instance = readInstanceFile(file);
      expect(instance).toMatchObject({ children: 3, offerings: 2 });
      expect(Array.from(instance.capacity)).toEqual([1, 2]);
      expect(Array.from(instance.edgeWeight)).toEqual([900, 800, 100, 5]);
      expect(solveAssignment(instance).objective).toBe(900 + 100 + 5);
    }
    const again = join(dir, 'b.json.gz');
    writeInstanceFile(again, readInstanceFile(plain));
    expect(readInstanceFile(again)).toEqual(readInstanceFile(plain));
    const empty = join(dir, 'empty.json');
    writeInstanceFile(empty, instanceFromJson({ children: 0, offerings: 0, capacity: [], edges: [] }));
    expect(readInstanceFile(empty).edgeChild).toHaveLength(0);
  });

  it('names the field and the index of what is wrong', () => {
    const edges = GOOD.edges.map((e) => [...e]);
    edges[1]![2] = 1001;
    edges[2]![0] = 3;
    edges[3]![1] = -1;
    expect(problemsOf({ ...GOOD, edges })).toEqual([
      'edges[1][2]: fit must be an integer 1..1000, is 1001',
      'edges[2][0]: child must be an index 0..2, is 3',
      'edges[3][1]: offering must be an index 0..1, is -1',
    ]);
    expect(problemsOf({ ...GOOD, edges: [[0, 0, 2.5]] })).toEqual(['edges[0][2]: fit must be an integer 1..1000, is 2.5']);
    expect(problemsOf({ ...GOOD, edges: [[0, 0]] })).toEqual(['edges[0]: must be [child, offering, fit], is [0,0]']);
    expect(problemsOf({ ...GOOD, capacity: [1, -2] })).toEqual(['capacity[1]: must be a whole number >= 0, is -2']);
    expect(problemsOf({ ...GOOD, capacity: [1] })).toEqual(['capacity: has 1 entries for 2 offerings']);
    expect(problemsOf({ ...GOOD, children: '3' })).toEqual(['children: must be a whole number >= 0, is "3"']);
    expect(problemsOf({ ...GOOD, edges: undefined })).toEqual(['edges: must be an array of [child, offering, fit], is missing']);
    expect(problemsOf([1, 2])).toEqual(['the file must hold one JSON object { children, offerings, capacity, edges }']);
    // at most 10 problems, not one per edge
    expect(problemsOf({ ...GOOD, edges: Array.from({ length: 50 }, () => [0, 0, 0]) })).toHaveLength(10);
  });

  it('says what is wrong with an unreadable file, without a stack trace', () => {
    const notJson = join(dir, 'bad.json');
    writeFileSync(notJson, '{"children": 3,');
    expect(() => readInstanceFile(notJson)).toThrow(/bad\.json: not valid JSON/);
    const notGzip = join(dir, 'bad.json.gz');
    writeFileSync(notGzip, 'plain text');
    expect(() => readInstanceFile(notGzip)).toThrow(/bad\.json\.gz: not a valid gzip file/);
    expect(() => readInstanceFile(join(dir, 'missing.json'))).toThrow(/missing\.json: cannot read: ENOENT/);
  });

  it('parses the benchmark options', () => {
    expect(parseMatchingArgs(['--instance', 'x.json.gz', '--no-reference'])).toMatchObject({ instance: 'x.json.gz', reference: false });
    expect(parseMatchingArgs(['--write-instance', 'out.json', '--seed', '7'])).toMatchObject({ writeInstance: 'out.json', seed: 7, reference: true });
    expect(() => parseMatchingArgs(['--instance'])).toThrow(UsageError);
    expect(() => parseMatchingArgs(['--frobnicate'])).toThrow('unknown option --frobnicate');
  });
});
