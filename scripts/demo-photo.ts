// A drawn 2-inch ID photo for the demo's diploma photos (issue 15 §5): a blue background, a head and
// shoulders, 300×400 pixels, a little grain so it weighs what a real photo does (the server refuses
// photos under 5 KB). Drawn, not a real person's face: demo data holds no one's likeness.
import jpeg from 'jpeg-js';

export function demoIdPhoto(seed: number): Buffer {
  const width = 300;
  const height = 400;
  const data = Buffer.alloc(width * height * 4);
  let noise = seed * 7919 + 1;
  const grain = () => ((noise = (noise * 1103515245 + 12345) & 0x7fffffff) >> 27) - 8;
  const skin = [232 - (seed % 3) * 12, 196 - (seed % 3) * 10, 170 - (seed % 3) * 8];
  const hair = [40, 32, 30];
  const suit = [45 + (seed % 4) * 10, 50, 60];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let colour = [67, 142, 219]; // the blue of a 证件照 background
      const head = ((x - 150) / 62) ** 2 + ((y - 170) / 82) ** 2;
      const shoulders = y > 280 && ((x - 150) / 140) ** 2 + ((y - 420) / 140) ** 2 < 1;
      if (shoulders) colour = suit;
      else if (head < 1) colour = y < 120 || (head > 0.85 && y < 170) ? hair : skin;
      else if (x > 128 && x < 172 && y > 240 && y <= 290) colour = skin; // the neck
      const i = (y * width + x) * 4;
      const g = grain();
      data[i] = Math.max(0, Math.min(255, colour[0]! + g));
      data[i + 1] = Math.max(0, Math.min(255, colour[1]! + g));
      data[i + 2] = Math.max(0, Math.min(255, colour[2]! + g));
      data[i + 3] = 255;
    }
  }
  return Buffer.from(jpeg.encode({ data, width, height }, 90).data);
}
