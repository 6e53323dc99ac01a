/// <reference lib="dom" />
/**
 * The photo a phone sends: a generated 12-megapixel photo (4000×3000, smooth light and fine
 * grain, as a camera makes it) through the app's own `prepareFile` (web/src/lib/photos.ts,
 * bundled here with esbuild) in Debian's Chromium, beside the 500 KB target.
 */
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { repoRoot } from '#infra/paths.ts';
import { chromiumPath, quietChromiumFlags } from './chromium.ts';
import type { Figure } from './report.ts';

async function photoModule(): Promise<string> {
  const out = await build({
    entryPoints: [join(repoRoot, 'web/src/lib/photos.ts')],
    bundle: true,
    format: 'iife',
    globalName: 'thaogoPhotos',
    write: false,
    target: 'es2022',
  });
  return out.outputFiles[0]?.text ?? '';
}

export async function benchPhoto(progress: (line: string) => void): Promise<Figure[]> {
  const code = await photoModule();
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: quietChromiumFlags,
  });
  try {
    const page = await browser.newPage();
    await page.setContent('<!doctype html><title>photo</title>');
    await page.addScriptTag({ content: code });
    progress('photo: a 12-megapixel photo through prepareFile…');
    const result = await page.evaluate(async () => {
      const canvas = document.createElement('canvas');
      canvas.width = 4000;
      canvas.height = 3000;
      const context = canvas.getContext('2d') as CanvasRenderingContext2D;
      const sky = context.createLinearGradient(0, 0, 0, 3000);
      sky.addColorStop(0, '#8fb8de');
      sky.addColorStop(0.55, '#d9c9a3');
      sky.addColorStop(1, '#6b5a3e');
      context.fillStyle = sky;
      context.fillRect(0, 0, 4000, 3000);
      for (let i = 0; i < 400; i += 1) {
        context.fillStyle = `hsl(${(i * 37) % 360} 35% ${30 + (i % 40)}%)`;
        context.fillRect(
          (i * 997) % 4000,
          1500 + ((i * 613) % 1500),
          40 + (i % 200),
          20 + (i % 90),
        );
      }
      // Sensor grain: what makes a real photo hard to compress.
      const image = context.getImageData(0, 0, 4000, 3000);
      let seed = 42;
      for (let p = 0; p < image.data.length; p += 4) {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        const grain = (seed % 25) - 12;
        image.data[p] = (image.data[p] ?? 0) + grain;
        image.data[p + 1] = (image.data[p + 1] ?? 0) + grain;
        image.data[p + 2] = (image.data[p + 2] ?? 0) + grain;
      }
      context.putImageData(image, 0, 0);
      const original = await new Promise<Blob>((resolve) =>
        canvas.toBlob((b) => resolve(b as Blob), 'image/jpeg', 0.92),
      );
      const file = new File([original], 'IMG_0001.jpg', { type: 'image/jpeg' });
      const photos = (
        window as unknown as { thaogoPhotos: typeof import('../web/src/lib/photos.ts') }
      ).thaogoPhotos;
      const prepared = await photos.prepareFile(file);
      const bitmap = await createImageBitmap(prepared.blob);
      return {
        original: original.size,
        prepared: prepared.blob.size,
        width: bitmap.width,
        height: bitmap.height,
      };
    });
    const kb = result.prepared / 1024;
    return [
      {
        section: 'photo',
        name: 'a 12-megapixel photo after downscaling',
        measured: `${kb.toFixed(0)} KB (${result.width}×${result.height})`,
        value: kb,
        target: '≤ 500 KB',
        pass: kb <= 500,
        detail: { originalKB: Math.round(result.original / 1024), ...result },
      },
      {
        section: 'photo',
        name: 'the same photo as the camera wrote it (JPEG 0.92)',
        measured: `${(result.original / 1024).toFixed(0)} KB (4000×3000)`,
        value: result.original / 1024,
      },
    ];
  } finally {
    await browser.close();
  }
}
