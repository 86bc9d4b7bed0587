// Draws the app's icons (public/icon-192.png, icon-512.png) with @napi-rs/canvas: a camera on the
// theme colour, maskable (the drawing inside the central 80 %). Run once: npx tsx web-mobile/make-icons.ts
import { createCanvas } from '@napi-rs/canvas';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

for (const size of [192, 512]) {
  const canvas = createCanvas(size, size);
  const g = canvas.getContext('2d');
  const u = size / 100;
  g.fillStyle = '#1989fa';
  g.fillRect(0, 0, size, size);
  g.fillStyle = '#ffffff';
  g.beginPath();
  g.roundRect(22 * u, 34 * u, 56 * u, 38 * u, 6 * u);
  g.fill();
  g.fillRect(38 * u, 27 * u, 24 * u, 9 * u);
  g.fillStyle = '#1989fa';
  g.beginPath();
  g.arc(50 * u, 53 * u, 12 * u, 0, Math.PI * 2);
  g.fill();
  g.fillStyle = '#ffffff';
  g.beginPath();
  g.arc(50 * u, 53 * u, 7 * u, 0, Math.PI * 2);
  g.fill();
  writeFileSync(path.join(here, 'public', `icon-${size}.png`), canvas.toBuffer('image/png'));
}
console.log('icons written');
