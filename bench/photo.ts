/// <reference lib="dom" />
/**
 * The photo a phone sends: a generated 12-megapixel photo (4000×3000, smooth light and fine
 * grain, as a camera makes it: web/e2e/camera.ts) through the app's own `prepareFile`
 * (web/src/lib/photos.ts, bundled here with esbuild) in Debian's Chromium, beside the
 * 500 KB target.
 */
import { join } from 'node:path';
import { build } from 'esbuild';
import { repoRoot } from '#infra/paths.ts';
import { paintPhoto } from '../web/e2e/camera.ts';
import { launchChromium } from '../web/e2e/chromium.ts';
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
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.setContent('<!doctype html><title>photo</title>');
    await page.addScriptTag({ content: code });
    progress('photo: a 12-megapixel photo through prepareFile…');
    const original = await page.evaluate(paintPhoto, {
      width: 4000,
      height: 3000,
      quality: 0.92,
      grain: 12,
    });
    const result = await page.evaluate(async (base64) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const file = new File([bytes], 'IMG_0001.jpg', { type: 'image/jpeg' });
      const photos = (
        window as unknown as { thaogoPhotos: typeof import('../web/src/lib/photos.ts') }
      ).thaogoPhotos;
      const prepared = await photos.prepareFile(file);
      const bitmap = await createImageBitmap(prepared.blob);
      return {
        original: file.size,
        prepared: prepared.blob.size,
        width: bitmap.width,
        height: bitmap.height,
      };
    }, original);
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
