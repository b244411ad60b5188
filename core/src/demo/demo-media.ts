import { deflateSync } from 'node:zlib';

// Pictures for the demo's daily reports, drawn here so the demo needs no image files: a PNG of
// soft horizontal bands in a renovation palette (plaster, tile, wood), different for each seed.

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const byte of data) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

const PALETTE: [number, number, number][] = [
  [226, 218, 204],
  [196, 178, 152],
  [158, 172, 180],
  [122, 140, 120],
  [214, 196, 170],
  [180, 120, 90],
];

export const DEMO_PHOTO = { width: 480, height: 360, mime_type: 'image/png' } as const;

export function demoPhoto(seed: number): Buffer {
  const { width, height } = DEMO_PHOTO;
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    const band = PALETTE[(Math.floor(y / 60) + seed) % PALETTE.length]!;
    for (let x = 0; x < width; x++) {
      const shade = 0.85 + 0.15 * Math.sin((x + seed * 37) / 40) * Math.cos(y / 55);
      row[1 + x * 3] = Math.min(255, band[0] * shade);
      row[2 + x * 3] = Math.min(255, band[1] * shade);
      row[3 + x * 3] = Math.min(255, band[2] * shade);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.writeUInt8(8, 8); // bit depth
  header.writeUInt8(2, 9); // truecolour RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export function demoEstimate(projectName: string, stages: [string, string][]): Buffer {
  const lines = stages.map(([name, amount]) => `${name.padEnd(24, ' ')} ${Number(amount).toLocaleString('ru-RU')} ₽`);
  return Buffer.from([`Смета: ${projectName}`, '', ...lines, '', 'Демо-документ, создан при первом запуске.'].join('\n'), 'utf8');
}
