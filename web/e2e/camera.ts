/// <reference lib="dom" />
/**
 * A photo as a phone camera makes it, painted in the page: smooth light, objects and, when
 * asked, sensor grain (what makes a real photo hard to compress). The journeys attach it;
 * the bench sends a 12-megapixel one through the app's downscaling.
 */
import type { Page } from 'playwright-core';

export interface PhotoSpec {
  width: number;
  height: number;
  /** JPEG quality, 0 to 1. */
  quality: number;
  /** Sensor grain: each pixel moved by up to this much per channel; 0 for none. */
  grain: number;
}

/**
 * Runs in the page (`page.evaluate(paintPhoto, spec)`), so it uses nothing from outside
 * itself. Returns the JPEG, base64.
 */
export function paintPhoto({ width, height, quality, grain }: PhotoSpec): string {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d') as CanvasRenderingContext2D;
  const sky = context.createLinearGradient(0, 0, 0, height);
  sky.addColorStop(0, '#8fb8de');
  sky.addColorStop(0.55, '#d9c9a3');
  sky.addColorStop(1, '#6b5a3e');
  context.fillStyle = sky;
  context.fillRect(0, 0, width, height);
  // The scene is laid out on 4000×3000 and scaled to the size asked.
  const x = width / 4000;
  const y = height / 3000;
  for (let i = 0; i < 400; i += 1) {
    context.fillStyle = `hsl(${(i * 37) % 360} 35% ${30 + (i % 40)}%)`;
    context.fillRect(
      ((i * 997) % 4000) * x,
      (1500 + ((i * 613) % 1500)) * y,
      (40 + (i % 200)) * x,
      (20 + (i % 90)) * y,
    );
  }
  if (grain > 0) {
    const image = context.getImageData(0, 0, width, height);
    let seed = 42;
    for (let p = 0; p < image.data.length; p += 4) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const moved = (seed % (2 * grain + 1)) - grain;
      image.data[p] = (image.data[p] ?? 0) + moved;
      image.data[p + 1] = (image.data[p + 1] ?? 0) + moved;
      image.data[p + 2] = (image.data[p + 2] ?? 0) + moved;
    }
    context.putImageData(image, 0, 0);
  }
  return canvas.toDataURL('image/jpeg', quality).split(',')[1] ?? '';
}

/** The photo a journey attaches: 1600×1200, as a phone's camera app writes it. */
export async function cameraPhoto(
  page: Page,
): Promise<{ name: string; mimeType: string; buffer: Buffer }> {
  const base64 = await page.evaluate(paintPhoto, {
    width: 1600,
    height: 1200,
    quality: 0.9,
    grain: 0,
  });
  return { name: 'IMG_2041.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(base64, 'base64') };
}
