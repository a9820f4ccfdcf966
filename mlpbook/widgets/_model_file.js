// The reader's files, written and read in the page: an mlpbook model file (.npz) and the
// reader's digits as IDX files in a zip. _base.py joins this file in front of the widgets
// that save or load a network (the drawing pad, the trainer, the fine-tuner).
//
// A model file is what mlpbook.Network.save writes (np.savez, uncompressed): a zip archive of
// seven .npy arrays, format = "mlpbook-network", format_version = 1, sizes (int64),
// activation, cost, init (unicode) and params (float64 here, the page's precision), so
// `python -m mlpbook evaluate` and `predict` read it and Network.load gets the page's weights
// to the last bit. Reading goes the other way, with the checks Network.load makes, and each
// refusal is a FileProblem whose code names the problem (the widgets say it in the reader's
// language). IDX is the format of MNIST's own files (mlpbook.engine.data.write_idx).

/** A file the page cannot use: `code` names the problem, `args` its details. */
export class FileProblem extends Error {
  constructor(code, ...args) {
    super(`${code}: ${args.join(", ")}`);
    this.code = code;
    this.args = args;
  }
}

/** Model files larger than this are refused before they are read (784-256-256-10 is 2.9 MB). */
export const MAX_MODEL_BYTES = 32 * 1024 * 1024;

// ------------------------------------------------------------------ zip (stored members)
let crcTable = null;
/** CRC-32 of bytes, as zip stores it. */
export function crc32(bytes) {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n += 1) {
      let c = n;
      for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i += 1) c = crcTable[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A zip archive of uncompressed members [{name, bytes}], dated 1980-01-01 as numpy does. */
export function zipStored(entries) {
  const enc = new TextEncoder();
  const parts = [];
  const central = [];
  let offset = 0;
  for (const {name, bytes} of entries) {
    const nameBytes = enc.encode(name);
    const crc = crc32(bytes);
    const local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, 0x04034b50, true);
    local.setUint16(4, 20, true);          // version needed
    local.setUint16(10, 0, true);          // time
    local.setUint16(12, 33, true);         // date: 1980-01-01
    local.setUint32(14, crc, true);
    local.setUint32(18, bytes.length, true);
    local.setUint32(22, bytes.length, true);
    local.setUint16(26, nameBytes.length, true);
    parts.push(new Uint8Array(local.buffer), nameBytes, bytes);
    const dir = new DataView(new ArrayBuffer(46));
    dir.setUint32(0, 0x02014b50, true);
    dir.setUint16(4, 20, true);            // made by
    dir.setUint16(6, 20, true);            // needed
    dir.setUint16(14, 33, true);
    dir.setUint32(16, crc, true);
    dir.setUint32(20, bytes.length, true);
    dir.setUint32(24, bytes.length, true);
    dir.setUint16(28, nameBytes.length, true);
    dir.setUint32(38, 0o100644 * 65536, true);   // a regular file, rw-r--r--
    dir.setUint32(42, offset, true);
    central.push(new Uint8Array(dir.buffer), nameBytes);
    offset += 30 + nameBytes.length + bytes.length;
  }
  const size = central.reduce((n, b) => n + b.length, 0);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, entries.length, true);
  end.setUint16(10, entries.length, true);
  end.setUint32(12, size, true);
  end.setUint32(16, offset, true);
  return concatBytes([...parts, ...central, new Uint8Array(end.buffer)]);
}

function concatBytes(list) {
  const out = new Uint8Array(list.reduce((n, b) => n + b.length, 0));
  let at = 0;
  for (const b of list) {
    out.set(b, at);
    at += b.length;
  }
  return out;
}

/** What a file that is not a zip archive looks like ("a PNG image"): a FileProblem's detail. */
function looksLike(bytes) {
  const starts = (...sig) => sig.every((v, i) => bytes[i] === v);
  if (bytes.length === 0) return "empty";
  if (starts(0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59)) return "npy";
  if (starts(0x89, 0x50, 0x4e, 0x47)) return "png";
  if (starts(0xff, 0xd8, 0xff)) return "jpeg";
  if (starts(0x1f, 0x8b)) return "gzip";
  if (bytes[0] === 0x80 && bytes[1] >= 2 && bytes[1] <= 5) return "pickle";
  const head = bytes.subarray(0, 512);
  if (!head.includes(0)) {
    try {
      new TextDecoder("utf-8", {fatal: true}).decode(head);
      return "text";
    } catch (error) { /* not text */ }
  }
  return "other";
}

/** The members of a zip archive, {name: Uint8Array}; stored and deflated members, CRC checked. */
export async function readZip(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i -= 1) {
    if (view.getUint32(i, true) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) {
    const zipStart = bytes.length >= 4 && view.getUint32(0, true) === 0x04034b50;
    throw zipStart ? new FileProblem("damaged", "truncated zip archive")
      : new FileProblem("notZip", looksLike(bytes));
  }
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  if (count > 64) throw new FileProblem("damaged", `${count} members`);
  const members = {};
  const dec = new TextDecoder();
  for (let k = 0; k < count; k += 1) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== 0x02014b50) {
      throw new FileProblem("damaged", "central directory");
    }
    const method = view.getUint16(at + 10, true);
    const crc = view.getUint32(at + 16, true);
    const packed = view.getUint32(at + 20, true);
    const size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extra = view.getUint16(at + 30, true);
    const comment = view.getUint16(at + 32, true);
    const local = view.getUint32(at + 42, true);
    const name = dec.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extra + comment;
    if (local + 30 > bytes.length || view.getUint32(local, true) !== 0x04034b50) {
      throw new FileProblem("damaged", name);
    }
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    if (start + packed > bytes.length) throw new FileProblem("damaged", `${name} is truncated`);
    let data = bytes.subarray(start, start + packed);
    if (method === 8) {
      if (size > MAX_MODEL_BYTES || size > 100 * Math.max(packed, 10000)) {
        throw new FileProblem("damaged", `${name} inflates to ${size} bytes`);
      }
      const stream = new Blob([data]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
      try {
        data = new Uint8Array(await new Response(stream).arrayBuffer());
      } catch (error) {
        throw new FileProblem("damaged", `${name}: ${error.message}`);
      }
    } else if (method !== 0) {
      throw new FileProblem("damaged", `${name}: compression method ${method}`);
    }
    if (data.length !== size || crc32(data) !== crc) {
      throw new FileProblem("damaged", `${name}: checksum`);
    }
    if (name in members) throw new FileProblem("damaged", `${name} twice`);
    members[name] = data;
  }
  return members;
}

// ------------------------------------------------------------------ .npy arrays
/** An .npy file (format 1.0, as numpy writes it): `descr` like "<f8", shape an array. */
export function npyBytes(descr, shape, data) {
  const dims = shape.length === 0 ? "()" : shape.length === 1 ? `(${shape[0]},)`
    : `(${shape.join(", ")})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${dims}, }`;
  const total = 10 + header.length + 1;
  header += " ".repeat((64 - (total % 64)) % 64) + "\n";
  const head = new Uint8Array(10 + header.length);
  head.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  head[8] = header.length & 0xff;
  head[9] = header.length >> 8;
  for (let i = 0; i < header.length; i += 1) head[10 + i] = header.charCodeAt(i);
  const body = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return concatBytes([head, body]);
}

/** A numpy unicode scalar ('<U n', UTF-32 little-endian) of an ASCII text. */
function npyText(text) {
  const data = new Uint32Array(Math.max(1, text.length));
  for (let i = 0; i < text.length; i += 1) data[i] = text.codePointAt(i);
  return npyBytes(`<U${Math.max(1, text.length)}`, [], data);
}

/** An int64 array (little-endian) of small whole numbers. */
function npyInt64(values, shape) {
  const data = new DataView(new ArrayBuffer(8 * values.length));
  values.forEach((v, i) => data.setBigInt64(8 * i, BigInt(v), true));
  return npyBytes("<i8", shape, new Uint8Array(data.buffer));
}

/** Parse an .npy file: {descr, shape, fortran, data: Uint8Array of the values}. */
export function parseNpy(bytes, name) {
  const magic = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];
  if (bytes.length < 10 || !magic.every((v, i) => bytes[i] === v)) {
    throw new FileProblem("damaged", `${name} is not a numpy array`);
  }
  const major = bytes[6];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = major === 1 ? 10 : 12;
  const header = new TextDecoder().decode(bytes.subarray(start, start + headerLength));
  const descr = /'descr':\s*'([^']*)'/.exec(header);
  const fortran = /'fortran_order':\s*(True|False)/.exec(header);
  const shape = /'shape':\s*\(([^)]*)\)/.exec(header);
  if (!descr || !fortran || !shape) throw new FileProblem("damaged", `${name}: header`);
  const dims = shape[1].split(",").map((s) => s.trim()).filter((s) => s).map(Number);
  return {descr: descr[1], fortran: fortran[1] === "True", shape: dims,
    data: bytes.subarray(start + headerLength)};
}

function npyValue(npy, name) {
  const {descr, shape, data} = npy;
  const kind = descr.slice(1, 2);
  const size = Number(descr.slice(2));
  const count = shape.reduce((a, b) => a * b, 1);
  if (data.length !== count * size * (kind === "U" ? 4 : 1)) {
    throw new FileProblem("damaged", `${name}: size`);
  }
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  if (descr[0] === ">" && size > 1) throw new FileProblem("damaged", `${name}: big-endian`);
  if (kind === "U") {
    if (shape.length !== 0) throw new FileProblem("damaged", `${name}: not one text`);
    let text = "";
    for (let i = 0; i < size; i += 1) {
      const c = view.getUint32(4 * i, true);
      if (c === 0) break;
      text += String.fromCodePoint(c);
    }
    return text;
  }
  if (kind === "i" || kind === "u") {
    const out = [];
    for (let i = 0; i < count; i += 1) {
      out.push(size === 8 ? Number(kind === "i" ? view.getBigInt64(8 * i, true)
        : view.getBigUint64(8 * i, true))
        : size === 4 ? (kind === "i" ? view.getInt32(4 * i, true) : view.getUint32(4 * i, true))
          : size === 2 ? (kind === "i" ? view.getInt16(2 * i, true) : view.getUint16(2 * i, true))
            : (kind === "i" ? view.getInt8(i) : view.getUint8(i)));
    }
    return shape.length === 0 ? out[0] : out;
  }
  if (kind === "f" && (size === 4 || size === 8)) {
    const out = new Float64Array(count);
    for (let i = 0; i < count; i += 1) {
      out[i] = size === 8 ? view.getFloat64(8 * i, true) : view.getFloat32(4 * i, true);
    }
    return out;
  }
  throw new FileProblem("damaged", `${name}: dtype ${descr}`);
}

// ------------------------------------------------------------------ model files
const MODEL_MEMBERS = ["format", "format_version", "sizes", "activation", "cost", "init",
  "params"];

/** An mlpbook model file (Network.save's format) of {sizes, activation, cost, params}. */
export function modelFileBytes({sizes, activation, cost, params}) {
  return zipStored([
    {name: "format.npy", bytes: npyText("mlpbook-network")},
    {name: "format_version.npy", bytes: npyInt64([1], [])},
    {name: "sizes.npy", bytes: npyInt64(sizes, [sizes.length])},
    {name: "activation.npy", bytes: npyText(activation)},
    {name: "cost.npy", bytes: npyText(cost)},
    {name: "init.npy", bytes: npyText("scaled")},
    {name: "params.npy", bytes: npyBytes("<f8", [params.length], Float64Array.from(params))},
  ]);
}

/** Parameters of layers `sizes` (784-16-16-10: 13,002). */
export function countParams(sizes) {
  let n = 0;
  for (let l = 0; l + 1 < sizes.length; l += 1) n += sizes[l] * sizes[l + 1] + sizes[l + 1];
  return n;
}

/**
 * Read a model file (bytes) with Network.load's checks and the page's: a network from 784
 * inputs to 10 outputs with hidden layers of at most `maxHidden`. Returns {sizes, activation,
 * cost, params: Float64Array}; throws a FileProblem.
 */
export async function readModelFile(bytes, maxHidden = 256) {
  if (bytes.length > MAX_MODEL_BYTES) throw new FileProblem("tooBig", bytes.length);
  const zip = await readZip(bytes);
  const names = Object.keys(zip);
  if (!names.every((n) => n.endsWith(".npy"))) throw new FileProblem("notModel");
  const members = Object.fromEntries(names.map((n) => [n.slice(0, -4), zip[n]]));
  const read = (name) => npyValue(parseNpy(members[name], name), name);
  if (!("format" in members) || read("format") !== "mlpbook-network") {
    throw new FileProblem("notModel");
  }
  const unknown = Object.keys(members).filter((n) => !MODEL_MEMBERS.includes(n));
  if (unknown.length) throw new FileProblem("unknownMembers", unknown.join(", "));
  const missing = ["format_version", "sizes", "activation", "cost", "params"].filter(
    (n) => !(n in members));
  if (missing.length) throw new FileProblem("damaged", `no ${missing.join(", ")}`);
  const version = read("format_version");
  if (!(version >= 1)) throw new FileProblem("damaged", "format_version");
  if (version > 1) throw new FileProblem("newer", version);
  const sizes = read("sizes");
  if (!Array.isArray(sizes) || sizes.length < 2 || !sizes.every((n) => n >= 1)) {
    throw new FileProblem("damaged", "sizes");
  }
  const activation = read("activation");
  const cost = read("cost");
  if (!["sigmoid", "relu"].includes(activation)) throw new FileProblem("setting", activation);
  if (!["quadratic", "cross-entropy"].includes(cost)) throw new FileProblem("setting", cost);
  if (sizes[0] !== 784 || sizes[sizes.length - 1] !== 10) {
    throw new FileProblem("notDigits", sizes.join("-"));
  }
  if (sizes.length < 3 || sizes.length > 5 || Math.max(...sizes.slice(1, -1)) > maxHidden) {
    throw new FileProblem("tooLarge", sizes.join("-"), maxHidden);
  }
  const npy = parseNpy(members.params, "params");
  const need = countParams(sizes);
  if (npy.shape.length !== 1 || npy.shape[0] !== need || !/^<f[48]$/.test(npy.descr)) {
    throw new FileProblem("damaged", `params: ${npy.descr} of shape (${npy.shape}) for ` +
      `${need} parameters`);
  }
  const params = npyValue(npy, "params");
  if (!params.every(Number.isFinite)) throw new FileProblem("nonFinite");
  return {sizes, activation, cost, params};
}

// ------------------------------------------------------------------ the reader's digits as IDX
/** An IDX file of unsigned bytes (MNIST's format): header, then the values. */
export function idxBytes(values, dims) {
  const head = new DataView(new ArrayBuffer(4 + 4 * dims.length));
  head.setUint8(2, 0x08);
  head.setUint8(3, dims.length);
  dims.forEach((d, i) => head.setInt32(4 + 4 * i, d, false));
  return concatBytes([new Uint8Array(head.buffer), values]);
}

/**
 * The reader's digits as a data set `--data-dir` reads: a zip holding the folder `folder`
 * with MNIST's four file names, the training part as train-*, the held-out part as t10k-*.
 * digits: [{label, pixels: Uint8Array(784)}]; heldOut: a boolean for each.
 */
export function digitsZip(digits, heldOut, folder = "my-digits") {
  const files = [];
  for (const [prefix, held] of [["train", false], ["t10k", true]]) {
    const part = digits.filter((_, i) => Boolean(heldOut[i]) === held);
    const pixels = new Uint8Array(784 * part.length);
    part.forEach((d, i) => pixels.set(d.pixels, 784 * i));
    files.push({name: `${folder}/${prefix}-images-idx3-ubyte`,
      bytes: idxBytes(pixels, [part.length, 28, 28])});
    files.push({name: `${folder}/${prefix}-labels-idx1-ubyte`,
      bytes: idxBytes(Uint8Array.from(part.map((d) => d.label)), [part.length])});
  }
  return zipStored(files);
}

/** Offer bytes as a file download (works from file:// too). */
export function downloadBytes(bytes, name, type = "application/octet-stream") {
  const url = URL.createObjectURL(new Blob([bytes], {type}));
  const link = h("a", {href: url, download: name, hidden: true});
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The bytes of a File chosen by the reader (an <input type=file>). */
export async function fileBytes(file) {
  if (file.size > MAX_MODEL_BYTES) throw new FileProblem("tooBig", file.size);
  return new Uint8Array(await file.arrayBuffer());
}

// ------------------------------------------------------------------ what the reader is told
/** Each FileProblem in words, in both languages (and how to get a good file). */
const FILE_TEXT = {
  en: {
  problems: {
    notZip: (kind) => "This is not an mlpbook model file: it is " + ({empty: "an empty file",
      npy: "a single numpy array (np.save), not an .npz archive", png: "a PNG picture",
      jpeg: "a JPEG picture", gzip: "a gzip file", pickle: "a Python pickle",
      text: "a text file"}[kind] || "not a zip archive") + ".",
    damaged: (what) => `The model file is damaged or not written by mlpbook (${what}).`,
    notModel: () => "This .npz archive is not an mlpbook network (it has no " +
      "'mlpbook-network' marker).",
    unknownMembers: (names) => `The model file holds arrays mlpbook never writes (${names}).`,
    newer: (v) => `The model file uses format ${v}, newer than this page understands (1).`,
    setting: (v) => `The model file names an activation or cost the page does not know: ${v}.`,
    notDigits: (sizes) => `This network has layers ${sizes}: the pad needs 784 inputs (28\u00d728` +
      " pixels) and 10 outputs.",
    tooLarge: (sizes, max) => `This network has layers ${sizes}: the page shows one to three ` +
      `hidden layers of at most ${max} neurons.`,
    tooBig: (n) => `The file is too large for a model the page can use (${n} bytes).`,
    nonFinite: () => "The network in the file has NaN or infinite weights (a diverged run?).",
    storage: () => "This browser does not let the page keep anything (storage is off or " +
      "full): your digits last only until the page is closed.",
  },
  fix: " Make a model file with python -m mlpbook train --out model.npz, or save one here.",
  },
  zh: {
  problems: {
    notZip: (kind) => "这不是 mlpbook 模型文件：它是" + ({empty: "一个空文件",
      npy: "单个 numpy 数组（np.save），不是 .npz 归档", png: "一张 PNG 图片",
      jpeg: "一张 JPEG 图片", gzip: "一个 gzip 文件", pickle: "一个 Python pickle",
      text: "一个文本文件"}[kind] || "不是 zip 归档") + "。",
    damaged: (what) => `模型文件已损坏，或不是 mlpbook 写的（${what}）。`,
    notModel: () => "这个 .npz 归档不是 mlpbook 网络（没有 'mlpbook-network' 标记）。",
    unknownMembers: (names) => `模型文件含有 mlpbook 从不写入的数组（${names}）。`,
    newer: (v) => `模型文件使用格式 ${v}，比本页能读的（1）更新。`,
    setting: (v) => `模型文件中的激活函数或代价函数本页不认识：${v}。`,
    notDigits: (sizes) => `这个网络的层是 ${sizes}：手写板需要 784 个输入（28\u00d728 像素）和 ` +
      "10 个输出。",
    tooLarge: (sizes, max) => `这个网络的层是 ${sizes}：本页只显示一到三个隐含层、每层最多 ` +
      `${max} 个神经元的网络。`,
    tooBig: (n) => `文件太大，不是本页能用的模型（${n} 字节）。`,
    nonFinite: () => "文件中的网络含有 NaN 或无穷大的权重（训练发散了？）。",
    storage: () => "这个浏览器不允许本页保存任何东西（存储已关闭或已满）：你的数字只保留到关闭本页为止。",
  },
  fix: " 可以用 python -m mlpbook train --out model.npz 生成模型文件，或在这里保存一个。",
  },
};

/** What a FileProblem (or another error) says, in `language`. */
export function problemText(language, error) {
  const text = FILE_TEXT[language] || FILE_TEXT.en;
  const say = text.problems[error && error.code];
  if (!say) return text.problems.damaged(String(error && error.message || error));
  const fix = ["storage", "tooLarge", "notDigits", "newer"].includes(error.code) ? "" : text.fix;
  return say(...error.args) + fix;
}

/** Every problem's words in `language`, with sample details (for the tests). */
export function problemMessages(language) {
  const samples = {notZip: ["png"], damaged: ["params"], notModel: [], unknownMembers: ["extra"],
    newer: [2], setting: ["tanh"], notDigits: ["784-16-9"], tooLarge: ["784-300-10", 128],
    tooBig: [1e9], nonFinite: [], storage: []};
  return Object.fromEntries(Object.entries(samples).map(([code, args]) =>
    [code, problemText(language, new FileProblem(code, ...args))]));
}

// test exports: the whole route through the formats, with bytes as base64 text
/** modelFileBytes as base64. */
export function modelFileBase64(net) {
  return toBase64(modelFileBytes({...net, params: Float64Array.from(net.params)}));
}

/** readModelFile on base64 bytes: the network, or {problem: code, args}. */
export async function readModelBase64(text, maxHidden = 256) {
  try {
    const net = await readModelFile(fromBase64(text), maxHidden);
    return {...net, params: Array.from(net.params)};
  } catch (error) {
    if (error instanceof FileProblem) return {problem: error.code, args: error.args};
    throw error;
  }
}

/** digitsZip on plain arrays (digits [{label, pixels: [784 bytes]}]), as base64. */
export function digitsZipBase64(digits, heldOut, folder) {
  return toBase64(digitsZip(digits.map((d) => ({label: d.label,
    pixels: Uint8Array.from(d.pixels)})), heldOut, folder));
}
