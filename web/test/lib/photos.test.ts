import { describe, expect, it } from 'vitest';
import { fittedSize } from '../../src/lib/photos.ts';

describe('a photo leaves the phone at most 2048 px on its longest edge', () => {
  it('scales a 12-megapixel photo down, keeping its proportions, either way up', () => {
    expect(fittedSize(4000, 3000)).toEqual({ width: 2048, height: 1536 });
    expect(fittedSize(3000, 4000)).toEqual({ width: 1536, height: 2048 });
  });

  it('never scales a small photo up', () => {
    expect(fittedSize(1200, 900)).toEqual({ width: 1200, height: 900 });
    expect(fittedSize(2048, 10)).toEqual({ width: 2048, height: 10 });
  });
});
