import { describe, expect, it } from '@jest/globals';
import { createProgressBar } from './progress-bar.js';

function stream(isTTY: boolean) {
  const chunks: string[] = [];
  return { isTTY, chunks, write: (chunk: string) => chunks.push(chunk) };
}

describe('progress bar', () => {
  it('redraws one line on a terminal', () => {
    const out = stream(true);
    const bar = createProgressBar({ stream: out, width: 10 });
    bar.update(9000, 20000);
    bar.update(20000, 20000);
    bar.finish();
    expect(out.chunks).toEqual(['\r[#####.....] 45% 9000/20000', '\r[##########] 100% 20000/20000', '\n']);
  });

  it('writes a line every 10% elsewhere', () => {
    const out = stream(false);
    const bar = createProgressBar({ stream: out, label: 'offerings' });
    for (let done = 0; done <= 1000; done += 50) bar.update(done, 1000);
    bar.finish();
    expect(out.chunks).toHaveLength(11);
    expect(out.chunks[0]).toBe('offerings 0% 0/1000\n');
    expect(out.chunks[4]).toBe('offerings 40% 400/1000\n');
    expect(out.chunks.at(-1)).toBe('offerings 100% 1000/1000\n');
  });

  it('copes with nothing to do', () => {
    const out = stream(true);
    createProgressBar({ stream: out, width: 4 }).update(0, 0);
    expect(out.chunks).toEqual(['\r[####] 100% 0/0']);
  });
});
