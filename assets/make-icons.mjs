#!/usr/bin/env node
// Draws the ExTopo icon (three servers on a subnet bus, with the planner's green check) and writes
// assets/icon.png (512×512) and assets/icon.ico (16, 32, 48, 64, 128, 256; PNG-compressed entries).
// Pure Node (zlib for PNG), anti-aliased by 4×4 supersampling. Run: node assets/make-icons.mjs
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SAMPLES = 4;

const roundedRect = (x0, y0, x1, y1, r) => (x, y) => {
  const dx = Math.max(x0 + r - x, 0, x - (x1 - r));
  const dy = Math.max(y0 + r - y, 0, y - (y1 - r));
  return x >= x0 && x <= x1 && y >= y0 && y <= y1 && dx * dx + dy * dy <= r * r;
};
const circle = (cx, cy, r) => (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
const segment = (ax, ay, bx, by, w) => (x, y) => {
  const vx = bx - ax;
  const vy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * vx + (y - ay) * vy) / (vx * vx + vy * vy)));
  return (x - ax - t * vx) ** 2 + (y - ay - t * vy) ** 2 <= (w / 2) ** 2;
};
const mix = (a, b, t) => a.map((v, i) => v + (b[i] - v) * t);
const hex = (h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));

const WHITE = [255, 255, 255];
const BLUE_TOP = hex('#1d4f91');
const BLUE_BOTTOM = hex('#3f86dc');
const SLOT = hex('#2a62ad');
const GREEN = hex('#22a565');

/** Layers back to front, in a 512-unit design space: [shape, colour(x, y)]. */
const servers = [148, 256, 364];
const LAYERS = [
  [roundedRect(24, 24, 488, 488, 100), (x, y) => mix(BLUE_TOP, BLUE_BOTTOM, (x + y) / 1024)],
  ...servers.map((cx) => [segment(cx, 290, cx, 392, 16), () => WHITE]),
  [roundedRect(84, 380, 428, 406, 13), () => WHITE],
  ...servers.map((cx) => [roundedRect(cx - 48, 168, cx + 48, 296, 16), () => WHITE]),
  ...servers.flatMap((cx) => [200, 230, 260].map((sy) => [roundedRect(cx - 30, sy - 6, cx + 30, sy + 6, 6), () => SLOT])),
  [circle(398, 124, 66), () => WHITE],
  [circle(398, 124, 54), () => GREEN],
  [(x, y) => segment(372, 126, 390, 146, 14)(x, y) || segment(390, 146, 424, 104, 14)(x, y), () => WHITE],
];

function render(size) {
  const rgba = Buffer.alloc(size * size * 4);
  const scale = 512 / size;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const x = (px + (sx + 0.5) / SAMPLES) * scale;
          const y = (py + (sy + 0.5) / SAMPLES) * scale;
          let colour = null;
          for (const [inside, paint] of LAYERS) if (inside(x, y)) colour = paint(x, y);
          if (colour) {
            r += colour[0];
            g += colour[1];
            b += colour[2];
            a += 1;
          }
        }
      }
      const o = (py * size + px) * 4;
      if (a > 0) {
        rgba[o] = Math.round(r / a);
        rgba[o + 1] = Math.round(g / a);
        rgba[o + 2] = Math.round(b / a);
        rgba[o + 3] = Math.round((255 * a) / (SAMPLES * SAMPLES));
      }
    }
  }
  return rgba;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

export function encodePng(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export function encodeIco(images) {
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ size, png }, i) => {
    const e = 6 + 16 * i;
    header[e] = size >= 256 ? 0 : size;
    header[e + 1] = size >= 256 ? 0 : size;
    header.writeUInt16LE(1, e + 4); // planes
    header.writeUInt16LE(32, e + 6); // bits per pixel
    header.writeUInt32LE(png.length, e + 8);
    header.writeUInt32LE(offset, e + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...images.map((i) => i.png)]);
}

const dir = new URL('.', import.meta.url);
writeFileSync(new URL('icon.png', dir), encodePng(512, render(512)));
writeFileSync(new URL('icon.ico', dir), encodeIco([16, 32, 48, 64, 128, 256].map((size) => ({ size, png: encodePng(size, render(size)) }))));
process.stdout.write('Wrote assets/icon.png (512×512) and assets/icon.ico.\n');
