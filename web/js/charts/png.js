// A PNG with a text chunk: the plot's description travels with its picture (its alt text). Pure bytes.

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 of bytes (PNG chunks, ISO 3309). */
export function crc32(bytes) {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** The PNG with an iTXt chunk (UTF-8) {keyword: text} inserted after its header chunk. */
export function withText(png, keyword, text) {
  const enc = new TextEncoder();
  const body = [...enc.encode(keyword), 0, 0, 0, 0, 0, ...enc.encode(text)]; // no compression, no language
  const type = enc.encode('iTXt');
  const chunk = new Uint8Array(12 + body.length);
  const view = new DataView(chunk.buffer);
  view.setUint32(0, body.length);
  chunk.set(type, 4);
  chunk.set(body, 8);
  view.setUint32(8 + body.length, crc32(chunk.subarray(4, 8 + body.length)));
  const ihdrEnd = 8 + 12 + new DataView(png.buffer, png.byteOffset).getUint32(8); // signature + IHDR
  const out = new Uint8Array(png.length + chunk.length);
  out.set(png.subarray(0, ihdrEnd), 0);
  out.set(chunk, ihdrEnd);
  out.set(png.subarray(ihdrEnd), ihdrEnd + chunk.length);
  return out;
}

/** The chunks of a PNG: [{type, data}] (for the tests). */
export function chunks(png) {
  const out = [];
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  for (let o = 8; o + 8 <= png.length;) {
    const n = view.getUint32(o);
    const type = String.fromCharCode(...png.subarray(o + 4, o + 8));
    out.push({ type, data: png.subarray(o + 8, o + 8 + n), crc: view.getUint32(o + 8 + n) });
    o += 12 + n;
  }
  return out;
}
