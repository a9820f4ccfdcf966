// Chapter 8's drawing pad: the reader draws a digit; the page prepares it as MNIST's digits
// were prepared and runs the network on it, all in the browser.
// Strokes are kept as points in 0..1 (fractions of the pad), drawn on the visible pad and inked
// into a fixed RASTER x RASTER raster (inkStroke, twin of mlpbook.engine.preprocess.rasterize), so what
// the network sees does not depend on the screen or the browser. Each animation frame while
// drawing: raster -> mnistSteps (twin of mlpbook.engine.preprocess.mnist_steps) -> forward (twin of
// Network.feedforward) -> the 28x28 view, the hidden cells and the bars.
// When a stroke ends, the strokes and the 28x28 input go to the model, so Python can read them.

const TEXT = {
  en: {
    pad: "Drawing pad: draw a digit with a mouse, pen or finger",
    hint: "Draw a digit from 0 to 9 in the black square. Without a pointer: choose a " +
      "digit to write from the list, or focus the square and move the pen with the arrow " +
      "keys, Space to put the pen down or lift it.",
    write: "Write a digit for me",
    writeNone: "(choose)",
    said: (d) => `The network says ${d}.`,
    pen: (x, y, down) => `pen at ${x}%, ${y}%, ${down ? "down (inking)" : "up"}`,
    clear: "Clear",
    sees: "What the network sees",
    seesAlt: "The drawing as the network sees it: 28\u00d728 pixels",
    says: "The network says",
    nothing: "\u2014",
    outputs: "Output activations",
    output: (digit, value) => `output ${digit}: ${value}`,
    hidden: (i, n) => `Hidden layer ${i} (${n} neurons)`,
    cell: (i, value) => `neuron ${i}: activation ${value}`,
    steps: (w, h, fw, fh) => `ink ${w}\u00d7${h} px \u2192 fitted into ${fw}\u00d7${fh} ` +
      "\u2192 centred by its centre of mass in 28\u00d728",
    blank: "No ink yet: the network has nothing to look at.",
    network: "Network",
    bookNetwork: "the chapter's network (from Python)",
    mineNetwork: (source, when) => `yours: ${{trainer: "trained with the trainer",
      "fine-tune": "fine-tuned on your digits", file: "loaded from a file"}[source] ||
      "your own"} (${when})`,
    noMine: "yours (none yet: train one, or load a model file)",
    saveNet: "Save this network (.npz)",
    loadNet: "Load a model file (.npz)",
    loaded: (sizes) => `Loaded a ${sizes} network from the file; the pad now uses it.`,
    saved: (name) => `Saved ${name}: python -m mlpbook evaluate ${name} reads it.`,
    gap: " ",
    comma: ", ",
    setTitle: "Your handwriting",
    setHint: "Draw a digit, choose which digit it is, and add it to your set. Your set stays " +
      "in this browser (also offline, and in the other edition), nowhere else.",
    label: "This digit is a",
    add: "Add to my set",
    added: (d, n) => `Added a ${d}. Your set has ${n} digit${n === 1 ? "" : "s"}.`,
    needInk: "Draw a digit first.",
    needLabel: "Choose which digit it is first.",
    full: (n) => `Your set is full (${n} digits): remove some first.`,
    empty: "Your set is empty: draw a digit, choose its label and add it.",
    remove: (d, i, n) => `Remove this ${d} (digit ${i} of ${n})`,
    removed: (d, n) => `Removed a ${d}. Your set has ${n} digit${n === 1 ? "" : "s"}.`,
    clearSet: "Clear my set",
    confirmClear: (n) => `Delete all ${n} digits of your set from this browser?`,
    cleared: "Your set is empty.",
    thumb: (d, a, held) => `a ${d} you drew; the network reads ${a}` +
      `${a === d ? "" : " (wrong)"}${held ? "; held out to test fine-tuning" : ""}`,
    score: (right, n, pct) => `The network reads ${right} of your ${n} digits right (${pct}%).`,
    wrongList: (list) => list.length ? `It gets wrong: ${list}.` : "It gets none wrong.",
    wrongItem: (d, a) => `a ${d} read as ${a}`,
    confusionTitle: "Confusion on your digits: rows are what you wrote, columns what the " +
      "network answered",
    confusionCorner: "wrote \u2193 read \u2192",
    saveDigits: "Save my digits (IDX, .zip)",
    savedDigits: (name, folder) => `Saved ${name}: unzip it and run python -m mlpbook evaluate ` +
      `model.npz --data-dir ${folder} --no-verify.`,
    needTwo: "Add at least three of one digit first: every third one of a digit is held out, " +
      "and the files need digits to train on and digits held out.",
  },
  zh: {
    pad: "手写板：用鼠标、触控笔或手指写一个数字",
    hint: "在黑色方框里写一个 0 到 9 的数字。不用鼠标也可以：从列表里选一个数字让它替你写，" +
      "或者让方框获得焦点，用方向键移动笔，按空格键落笔或抬笔。",
    write: "替我写一个数字",
    writeNone: "（请选择）",
    said: (d) => `网络的回答是 ${d}。`,
    pen: (x, y, down) => `笔在 ${x}%、${y}% 处，${down ? "已落笔（正在写）" : "已抬笔"}`,
    clear: "清除",
    sees: "网络看到的图像",
    seesAlt: "网络看到的手写数字：28\u00d728 像素",
    says: "网络的回答",
    nothing: "\u2014",
    outputs: "输出层的激活值",
    output: (digit, value) => `输出 ${digit}：${value}`,
    hidden: (i, n) => `第 ${i} 隐含层（${n} 个神经元）`,
    cell: (i, value) => `神经元 ${i}：激活值 ${value}`,
    steps: (w, h, fw, fh) => `墨迹 ${w}\u00d7${h} 像素 \u2192 缩放到 ${fw}\u00d7${fh} ` +
      "\u2192 按质心放到 28\u00d728 的中心",
    blank: "还没有笔迹：网络没有可看的东西。",
    network: "网络",
    bookNetwork: "本章的网络（来自 Python）",
    mineNetwork: (source, when) => `你的：${{trainer: "用训练器训练的",
      "fine-tune": "在你的数字上微调的", file: "从文件加载的"}[source] || "你自己的"}（${when}）`,
    noMine: "你的（还没有：先训练一个，或加载模型文件）",
    saveNet: "保存这个网络（.npz）",
    loadNet: "加载模型文件（.npz）",
    loaded: (sizes) => `已从文件加载 ${sizes} 网络；手写板现在使用它。`,
    saved: (name) => `已保存 ${name}：python -m mlpbook evaluate ${name} 可以读取它。`,
    gap: "",
    comma: "，",
    setTitle: "你自己的手写数字",
    setHint: "写一个数字，选出它是哪个数字，然后加入你的数据集。你的数据集只保存在这个浏览器里" +
      "（离线时和另一个语言版本中也可以用），不会传到别处。",
    label: "这个数字是",
    add: "加入我的数据集",
    added: (d, n) => `已加入一个 ${d}。你的数据集共有 ${n} 个数字。`,
    needInk: "请先写一个数字。",
    needLabel: "请先选出它是哪个数字。",
    full: (n) => `你的数据集已满（${n} 个数字）：请先删除一些。`,
    empty: "你的数据集是空的：写一个数字，选出它的标签，然后加入。",
    remove: (d, i, n) => `删除这个 ${d}（第 ${i} 个，共 ${n} 个）`,
    removed: (d, n) => `已删除一个 ${d}。你的数据集共有 ${n} 个数字。`,
    clearSet: "清空我的数据集",
    confirmClear: (n) => `从这个浏览器中删除你的数据集的全部 ${n} 个数字？`,
    cleared: "你的数据集已清空。",
    thumb: (d, a, held) => `你写的 ${d}；网络读作 ${a}${a === d ? "" : "（错误）"}` +
      `${held ? "；留作检验微调" : ""}`,
    score: (right, n, pct) => `网络读对了你的 ${n} 个数字中的 ${right} 个（${pct}%）。`,
    wrongList: (list) => list.length ? `读错的：${list}。` : "没有读错的。",
    wrongItem: (d, a) => `${d} 读成了 ${a}`,
    confusionTitle: "你的数字的混淆矩阵：行是你写的数字，列是网络的回答",
    confusionCorner: "写的 \u2193 读的 \u2192",
    saveDigits: "保存我的数字（IDX，.zip）",
    savedDigits: (name, folder) => `已保存 ${name}：解压后运行 python -m mlpbook evaluate ` +
      `model.npz --data-dir ${folder} --no-verify。`,
    needTwo: "请先为某个数字加入至少三个样本：每个数字每三个中留出一个用于检验，文件需要既有训练用的数字" +
      "也有留出的数字。",
  },
};

// ---------------------------------------------------------------- preprocessing (twin of
// mlpbook/engine/preprocess.py: same constants, same arithmetic in the same order where it matters)
export const INK_THRESHOLD = 0;
export const BOX = 20;
export const FIELD = 28;
export const TARGET = 14;
const TIE = 1e-9;
/** The drawing is rasterised at RASTER x RASTER pixels before it is prepared. */
export const RASTER = 112;
/** Brush diameter as a fraction of the pad's side: a digit drawn about 2/3 of the pad high
 * gets about as much ink in its 20x20 box as MNIST's digits have (measured with inkStroke: the
 * 7 and the 0 of tests/test_widget_drawing.py get 88 and 124, the test set's 7s and 0s 90 and
 * 135 on average). */
export const BRUSH = 0.1;

/** [top, bottom, left, right] of the pixels brighter than threshold (bottom/right exclusive),
 * or null when there are none. img is row-major rows x cols. */
export function inkBox(img, rows, cols, threshold = INK_THRESHOLD) {
  let top = rows, bottom = -1, left = cols, right = -1;
  for (let i = 0; i < rows; i++) {
    const row = i * cols;
    for (let j = 0; j < cols; j++) {
      if (img[row + j] > threshold) {
        if (i < top) top = i;
        bottom = i;
        if (j < left) left = j;
        if (j > right) right = j;
      }
    }
  }
  return bottom < 0 ? null : [top, bottom + 1, left, right + 1];
}

/** [rows, cols] of a rows x cols picture fitted into box x box, aspect ratio kept. */
export function fitSize(rows, cols, box = BOX) {
  const long = Math.max(rows, cols);
  const side = (n) => Math.max(1, Math.floor(n * box / long + 0.5));
  return [side(rows), side(cols)];
}

/** For new pixel j of m made from n old ones: the first old pixel and the weights of the old
 * pixels it averages over [j n/m, (j+1) n/m) (twin of preprocess._area_weights). */
export function areaWeights(n, m) {
  const out = [];
  for (let j = 0; j < m; j++) {
    const lo = j * n / m;
    const hi = (j + 1) * n / m;
    const first = Math.floor(lo);
    const weights = [];
    for (let k = first; k < Math.min(n, Math.ceil(hi)); k++) {
      weights.push((Math.min(hi, k + 1) - Math.max(lo, k)) * m / n);
    }
    out.push({first, weights});
  }
  return out;
}

/** The box [top, bottom, left, right] of img (row-major, `cols` wide) resized to
 * outRows x outCols by area averaging: a Float64Array (twin of preprocess.area_resample). */
export function resampleBox(img, cols, box, outRows, outCols) {
  const [top, bottom, left, right] = box;
  const h = bottom - top;
  const wy = areaWeights(h, outRows);
  const wx = areaWeights(right - left, outCols);
  const across = new Float64Array(h * outCols);  // each row of the box, resized across
  for (let i = 0; i < h; i++) {
    const row = (top + i) * cols + left;
    for (let j = 0; j < outCols; j++) {
      const {first, weights} = wx[j];
      let s = 0;
      for (let k = 0; k < weights.length; k++) s += weights[k] * img[row + first + k];
      across[i * outCols + j] = s;
    }
  }
  const out = new Float64Array(outRows * outCols);
  for (let i = 0; i < outRows; i++) {
    const {first, weights} = wy[i];
    for (let k = 0; k < weights.length; k++) {
      const w = weights[k];
      const src = (first + k) * outCols;
      for (let j = 0; j < outCols; j++) out[i * outCols + j] += w * across[src + j];
    }
  }
  return out;
}

/** img (row-major rows x cols) resized to outRows x outCols by area averaging. */
export function areaResample(img, rows, cols, outRows, outCols) {
  return resampleBox(img, cols, [0, rows, 0, cols], outRows, outCols);
}

/** [row, col] of the centre of mass, pixel i's centre at i; null without ink. */
export function centerOfMass(img, rows, cols) {
  let total = 0, sr = 0, sc = 0;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const v = img[i * cols + j];
      total += v;
      sr += v * i;
      sc += v * j;
    }
  }
  return total > 0 ? [sr / total, sc / total] : null;
}

/** Whole-pixel [row, col] of the fitted image's corner in the field that brings its centre of
 * mass nearest TARGET, kept inside the field (twin of preprocess.centering_offset). */
export function centeringOffset(fitted, rows, cols, field = FIELD, target = TARGET) {
  const com = centerOfMass(fitted, rows, cols);
  if (com === null) return null;
  return [[com[0], rows], [com[1], cols]].map(([c, size]) =>
    Math.min(Math.max(Math.floor(target - c + 0.5 + TIE), 0), field - size));
}

/** Crop to the ink, fit into 20x20, centre by mass in 28x28 (twin of
 * preprocess.mnist_steps): {box, fitted, fittedRows, fittedCols, offset, final}, where final is
 * a Float32Array of 784 values in 0..1; null when there is no ink. */
export function mnistSteps(img, rows, cols, threshold = INK_THRESHOLD) {
  const box = inkBox(img, rows, cols, threshold);
  if (box === null) return null;
  const [fittedRows, fittedCols] = fitSize(box[1] - box[0], box[3] - box[2]);
  const fitted = resampleBox(img, cols, box, fittedRows, fittedCols);
  const offset = centeringOffset(fitted, fittedRows, fittedCols);
  const final = new Float32Array(FIELD * FIELD);
  for (let i = 0; i < fittedRows; i++) {
    for (let j = 0; j < fittedCols; j++) {
      const v = fitted[i * fittedCols + j];
      final[(offset[0] + i) * FIELD + offset[1] + j] = v < 0 ? 0 : v > 1 ? 1 : v;
    }
  }
  return {box, fitted, fittedRows, fittedCols, offset, final};
}

/** The 784 values the network sees (twin of preprocess.mnist_like), or null without ink. */
export function mnistLike(img, rows, cols, threshold = INK_THRESHOLD) {
  const steps = mnistSteps(img, rows, cols, threshold);
  return steps === null ? null : steps.final;
}

// ---------------------------------------------------------------- the network

// The forward pass is _shared.js's layerActivations; exported as `forward`, the name its
// tests call.
export {layerActivations as forward};

/** The output activations only (what Network.feedforward returns). */
export function feedforward(sizes, weights, biases, x, activation = "sigmoid",
  output = "sigmoid") {
  const layers = layerActivations(sizes, weights, biases, x, activation, output);
  return layers[layers.length - 1];
}

// ---------------------------------------------------------------- digits written for the reader
// Strokes (points in 0..1 of the pad) of each digit as a hand might write it: the keyboard route
// to the pad (WCAG 2.1.1). Drawn by hand for this widget, not taken from any data set.
const arc = (cx, cy, rx, ry, from, to, n = 16) => Array.from({length: n + 1}, (_, k) => {
  const t = from + ((to - from) * k) / n;
  return [cx + rx * Math.sin(t), cy - ry * Math.cos(t)];
});
export const DIGIT_STROKES = [
  [arc(0.5, 0.5, 0.2, 0.3, 0, 2 * Math.PI, 32)],
  [[[0.4, 0.3], [0.52, 0.18], [0.52, 0.82]]],
  [[...arc(0.5, 0.35, 0.2, 0.16, -1.4, 2.2, 10), [0.28, 0.8], [0.74, 0.8]]],
  [[...arc(0.48, 0.34, 0.18, 0.15, -1.5, 3.0, 10), ...arc(0.48, 0.64, 0.2, 0.16, 0, 4.5, 10)]],
  [[[0.62, 0.82], [0.62, 0.18], [0.26, 0.62], [0.78, 0.62]]],
  [[[0.7, 0.2], [0.34, 0.2], [0.3, 0.46], ...arc(0.48, 0.62, 0.22, 0.18, -0.9, 4.2, 12)]],
  [[[0.64, 0.18], [0.38, 0.45], ...arc(0.5, 0.64, 0.18, 0.17, -2.4, 4.2, 16)]],
  [[[0.26, 0.2], [0.74, 0.2], [0.6, 0.48], [0.46, 0.82]]],
  [[...arc(0.5, 0.33, 0.15, 0.14, Math.PI, 3 * Math.PI, 16),
    ...arc(0.5, 0.65, 0.19, 0.17, 0, 2 * Math.PI, 20)]],
  [[...arc(0.48, 0.36, 0.17, 0.15, 1.6, 1.6 + 2 * Math.PI, 18), [0.65, 0.6], [0.6, 0.84]]],
].map((strokes) => strokes.map((st) => st.map(([x, y]) =>
  [Math.round(x * 1e4) / 1e4, Math.round(y * 1e4) / 1e4])));

// ---------------------------------------------------------------- drawing strokes

/** Ink the raster pixels near the segment a-b (a dot when a equals b): each keeps the larger of
 * its ink and the brush's cover clip(radius + 0.5 - distance, 0, 1). Twin of
 * mlpbook.engine.preprocess._ink_segment: the same operations in the same order, so the same numbers. */
function inkSegment(ink, a, b, size, radius) {
  const ax = a[0] * size, ay = a[1] * size, bx = b[0] * size, by = b[1] * size;
  const reach = radius + 1;
  const c0 = Math.max(0, Math.floor(Math.min(ax, bx) - reach));
  const c1 = Math.min(size - 1, Math.ceil(Math.max(ax, bx) + reach));
  const r0 = Math.max(0, Math.floor(Math.min(ay, by) - reach));
  const r1 = Math.min(size - 1, Math.ceil(Math.max(ay, by) + reach));
  const dx = bx - ax, dy = by - ay;
  const length2 = dx * dx + dy * dy;
  for (let r = r0; r <= r1; r++) {
    const py = (r + 0.5) - ay;
    for (let c = c0; c <= c1; c++) {
      const px = (c + 0.5) - ax;
      const t = length2 > 0 ? Math.min(Math.max((px * dx + py * dy) / length2, 0), 1) : 0;
      const ex = px - t * dx, ey = py - t * dy;
      const cover = Math.min(Math.max(radius + 0.5 - Math.sqrt(ex * ex + ey * ey), 0), 1);
      if (cover > ink[r * size + c]) ink[r * size + c] = cover;
    }
  }
}

/** Ink one stroke (points in 0..1) into a size x size raster, from point `from` on (as drawStroke
 * draws it): a round brush BRUSH * size pixels wide. */
export function inkStroke(ink, stroke, size, from = 0) {
  const radius = BRUSH * size / 2;
  if (from === 0) inkSegment(ink, stroke[0], stroke[0], size, radius);
  for (let i = Math.max(1, from); i < stroke.length; i++) {
    inkSegment(ink, stroke[i - 1], stroke[i], size, radius);
  }
}

/** Draw one stroke (points in 0..1) on a context whose drawing area is size x size. */
export function drawStroke(ctx, stroke, size, from = 0) {
  const width = BRUSH * size;
  ctx.lineWidth = width;
  ctx.lineCap = "round";
  ctx.lineJoin = "round";
  if (from === 0) {  // a dot where the stroke starts: a tap makes a mark too
    ctx.beginPath();
    ctx.arc(stroke[0][0] * size, stroke[0][1] * size, width / 2, 0, 2 * Math.PI);
    ctx.fill();
  }
  for (let i = Math.max(1, from); i < stroke.length; i++) {
    ctx.beginPath();
    ctx.moveTo(stroke[i - 1][0] * size, stroke[i - 1][1] * size);
    ctx.lineTo(stroke[i][0] * size, stroke[i][1] * size);
    ctx.stroke();
  }
}

/** The ink of a canvas as row-major floats in 0..1 (its alpha channel). */
export function readInk(ctx, size, out = new Float64Array(size * size)) {
  const data = ctx.getImageData(0, 0, size, size).data;
  for (let i = 0; i < out.length; i++) out[i] = data[4 * i + 3] / 255;
  return out;
}

/** Strokes inked at size x size, as row-major ink values in 0..1 (what the pad sees): twin of
 * mlpbook.engine.preprocess.rasterize. */
export function rasterize(strokes, size = RASTER) {
  const ink = new Float64Array(size * size);
  for (const stroke of strokes) if (stroke.length) inkStroke(ink, stroke, size);
  return ink;
}

// ---------------------------------------------------------------- the reader's handwriting
const THUMB = 42;  // CSS pixels of a thumbnail of the set

/** "3 minutes ago" in the reader's language. */
function ago(time, language) {
  const rtf = new Intl.RelativeTimeFormat(language === "zh" ? "zh-CN" : "en", {numeric: "auto"});
  const s = Math.round((Number(time) - Date.now()) / 1000);
  if (!Number.isFinite(s)) return "";
  for (const [unit, n] of [["day", 86400], ["hour", 3600], ["minute", 60]]) {
    if (Math.abs(s) >= n) return rtf.format(Math.round(s / n), unit);
  }
  return rtf.format(s, "second");
}

/** A network as layerActivations takes it, back to flat params (Network.params' layout). */
function joinParams(net) {
  const out = new Float64Array(countParams(net.sizes));
  let at = 0, w = 0, b = 0;
  for (let l = 0; l + 1 < net.sizes.length; l++) {
    const nw = net.sizes[l] * net.sizes[l + 1], nb = net.sizes[l + 1];
    out.set(net.weights.subarray(w, w + nw), at);
    out.set(net.biases.subarray(b, b + nb), at + nw);
    at += nw + nb;
    w += nw;
    b += nb;
  }
  return out;
}

/**
 * The reader's set under the pad: label and add, the thumbnails (remove one, clear all), how
 * the pad's network reads them, the network chooser and the files. `input()` is the drawing
 * as the network sees it (or null), `network()` the pad's network; `choose("book" | "mine")`
 * switches it.
 */
function handwritingPanel({model, el, text, input, network, choose, clearPad}) {
  let digits = loadDigits();
  const canKeep = storeAvailable();
  const titleId = uniqueId("handwriting");
  const labelId = uniqueId("handwriting-label");
  const netId = uniqueId("handwriting-net");
  const title = h("div", {class: "mlpbook-drawing-caption", id: titleId});
  const hint = h("div", {class: "mlpbook-handwriting-hint"});
  const labelText = h("label", {for: labelId});
  const labelSelect = h("select", {id: labelId, class: "mlpbook-handwriting-label"});
  const add = h("button", {type: "button", class: "mlpbook-handwriting-add"});
  const saveDigitsButton = h("button", {type: "button", class: "mlpbook-handwriting-save"});
  const clearAll = h("button", {type: "button", class: "mlpbook-handwriting-clear"});
  const status = h("div", {class: "mlpbook-handwriting-status", "aria-live": "polite"});
  const score = h("p", {class: "mlpbook-handwriting-score"});
  const thumbs = h("ol", {class: "mlpbook-handwriting-thumbs"});
  const table = h("table", {class: "mlpbook-handwriting-confusion"});
  const netText = h("label", {for: netId});
  const netSelect = h("select", {id: netId, class: "mlpbook-drawing-network"});
  const saveNet = h("button", {type: "button", class: "mlpbook-drawing-save-network"});
  const loadNet = h("button", {type: "button", class: "mlpbook-drawing-load-network"});
  const fileInput = h("input", {type: "file", accept: ".npz,application/zip", hidden: true,
    class: "mlpbook-drawing-file", tabindex: -1});
  const root = h("div", {class: "mlpbook-handwriting"},
    h("div", {class: "mlpbook-controls mlpbook-drawing-network-row"},
      h("span", {class: "mlpbook-control"}, netText, netSelect), saveNet, loadNet, fileInput),
    h("div", {role: "group", "aria-labelledby": titleId, class: "mlpbook-handwriting-set"},
      title, hint,
      h("div", {class: "mlpbook-controls"},
        h("span", {class: "mlpbook-control"}, labelText, labelSelect), add, saveDigitsButton,
        clearAll),
      status, score, thumbs, table));
  let t = text;
  const storageProblem = () => problemText(model.get("language"), {code: "storage", args: []});
  const say = (message) => {   // announced once (a live region that changes only here)
    status.textContent = message;
  };

  const sendToPython = () => {   // JupyterLab: pad.samples
    const raw = new Uint8Array(785 * digits.length);
    digits.forEach((d, i) => {
      raw[785 * i] = d.label;
      raw.set(d.pixels, 785 * i + 1);
    });
    model.set("my_digits", new DataView(raw.buffer));
    model.save_changes();
  };
  const keep = () => {
    if (!saveDigits(digits) && canKeep) say(storageProblem());
    sendToPython();
    refresh();
  };

  const drawThumb = (canvas, pixels) => {
    const ctx = canvas.getContext("2d");
    const image = ctx.createImageData(FIELD, FIELD);
    for (let k = 0; k < FIELD * FIELD; k++) {
      image.data[4 * k] = image.data[4 * k + 1] = image.data[4 * k + 2] = pixels[k];
      image.data[4 * k + 3] = 255;
    }
    ctx.putImageData(image, 0, 0);
  };
  function refresh() {
    const net = network();
    const held = heldOutMask(digits.map((d) => d.label));
    const result = scoreDigits(net, digits);
    el.dataset.digits = String(digits.length);
    el.dataset.setRight = String(result.right);
    thumbs.replaceChildren(...digits.map((d, i) => {
      const answer = result.answers[i];
      const canvas = h("canvas", {width: FIELD, height: FIELD, role: "img",
        "aria-label": t.thumb(d.label, answer, held[i])});
      canvas.style.width = canvas.style.height = `${THUMB}px`;
      drawThumb(canvas, d.pixels);
      const remove = h("button", {type: "button", class: "mlpbook-handwriting-remove",
        "aria-label": t.remove(d.label, i + 1, digits.length), title: t.remove(d.label, i + 1,
          digits.length)}, "\u00d7");
      remove.addEventListener("click", () => {
        digits = digits.filter((x) => x.id !== d.id);
        keep();
        say(t.removed(d.label, digits.length));
        // the focus stays in the list: on the next digit's button, or on Add
        const next = thumbs.querySelectorAll(".mlpbook-handwriting-remove")[Math.min(i,
          digits.length - 1)];
        (next || add).focus();
      });
      return h("li", {"data-label": d.label, "data-answer": answer,
        class: (answer === d.label ? "" : "mlpbook-handwriting-wrong") +
          (held[i] ? " mlpbook-handwriting-held" : "")},
      canvas, h("span", {class: "mlpbook-handwriting-row"},
        h("span", {class: "mlpbook-handwriting-caption", "aria-hidden": "true"},
          answer === d.label ? String(d.label) : `${d.label}\u2192${answer}`), remove));
    }));
    if (!digits.length) {
      score.textContent = t.empty;
      table.replaceChildren();
      table.hidden = true;
    } else {
      const wrong = digits.map((d, i) => [d.label, result.answers[i]])
        .filter(([d, a]) => d !== a).map(([d, a]) => t.wrongItem(d, a));
      score.textContent = t.score(result.right, digits.length,
        fmt(100 * result.right / digits.length, 0)) + t.gap + t.wrongList(wrong.join(t.comma));
      table.hidden = false;
      const shown = [...Array(10).keys()];
      table.replaceChildren(
        h("caption", {}, t.confusionTitle),
        h("tr", {}, h("th", {scope: "col"}, t.confusionCorner),
          ...shown.map((p) => h("th", {scope: "col"}, String(p)))),
        ...shown.filter((d) => result.confusion[d].some((c) => c > 0)).map((d) =>
          h("tr", {}, h("th", {scope: "row"}, String(d)), ...shown.map((p) => {
            const c = result.confusion[d][p];
            return h("td", {class: c === 0 ? "" : p === d ? "mlpbook-handwriting-right"
              : "mlpbook-handwriting-miss"}, c === 0 ? "" : String(c));
          }))));
    }
    clearAll.disabled = !digits.length;
    // the network chooser
    const mine = loadNetwork();
    const picked = el.dataset.network === "mine" && mine ? "mine" : "book";
    netSelect.replaceChildren(h("option", {value: "book"}, t.bookNetwork),
      h("option", {value: "mine", disabled: mine ? null : true},
        mine ? t.mineNetwork(mine.source, ago(mine.time, model.get("language"))) : t.noMine));
    netSelect.value = picked;
  }

  const addDigit = () => {
    const values = input();
    if (values === null) return say(t.needInk);
    if (labelSelect.value === "") {
      labelSelect.focus();
      return say(t.needLabel);
    }
    if (digits.length >= MAX_DIGITS) return say(t.full(MAX_DIGITS));
    const label = Number(labelSelect.value);
    digits = [...digits, newDigit(values, label)];
    keep();
    say(t.added(label, digits.length));
    clearPad();
    add.focus();
  };
  add.addEventListener("click", addDigit);
  labelSelect.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      addDigit();
    }
  });
  clearAll.addEventListener("click", () => {
    if (!digits.length || !window.confirm(t.confirmClear(digits.length))) return;
    digits = [];
    keep();
    say(t.cleared);
    add.focus();
  });
  saveDigitsButton.addEventListener("click", () => {
    const held = heldOutMask(digits.map((d) => d.label));
    if (!held.some((x) => x) || held.every((x) => x)) return say(t.needTwo);
    downloadBytes(digitsZip(digits, held, "my-digits"), "my-digits.zip", "application/zip");
    say(t.savedDigits("my-digits.zip", "my-digits"));
  });
  netSelect.addEventListener("change", () => choose(netSelect.value));
  saveNet.addEventListener("click", () => {
    const net = network();
    const name = "my-network.npz";
    downloadBytes(modelFileBytes({sizes: net.sizes, activation: net.activation, cost: net.cost,
      params: joinParams(net)}), name);
    say(t.saved(name));
  });
  loadNet.addEventListener("click", () => fileInput.click());
  fileInput.addEventListener("change", async () => {
    const file = fileInput.files && fileInput.files[0];
    fileInput.value = "";
    if (!file) return;
    try {
      const net = await readModelFile(await fileBytes(file), MAX_HIDDEN);
      if (!saveNetwork(net, "file")) say(storageProblem());
      choose("mine");
      say(t.loaded(net.sizes.join("-")));
    } catch (error) {
      if (!(error instanceof FileProblem)) console.warn("mlpbook drawing pad:", error);
      say(problemText(model.get("language"), error));
    }
    el.dataset.fileProblem = status.textContent;
  });
  // a network trained or loaded here or in another tab: the pad draws on it
  const stop = onStoreChange((key) => {
    if (key === SET_KEY || key === null) {
      digits = loadDigits();
      sendToPython();
    }
    if (key === NETWORK_KEY && loadNetwork()) choose("mine");
    else refresh();
  });

  const relabel = (next) => {
    t = next;
    title.textContent = t.setTitle;
    hint.textContent = t.setHint + (canKeep ? "" : " " + storageProblem());
    labelText.textContent = t.label;
    labelSelect.replaceChildren(h("option", {value: ""}, t.writeNone),
      ...[...Array(10).keys()].map((d) => h("option", {value: String(d)}, String(d))));
    add.textContent = t.add;
    saveDigitsButton.textContent = t.saveDigits;
    clearAll.textContent = t.clearSet;
    netText.textContent = t.network;
    saveNet.textContent = t.saveNet;
    loadNet.textContent = t.loadNet;
  };
  relabel(text);
  if (digits.length) sendToPython();
  return {root, relabel: (next) => {
    const kept = labelSelect.value;
    relabel(next);
    labelSelect.value = kept;
  }, refresh, cleanup: stop};
}

// ---------------------------------------------------------------- the widget
const PAD = 280;  // CSS pixels
/** Hidden layers wider than this do not fit the page's rows of cells (drawing_pad.MAX_HIDDEN). */
const MAX_HIDDEN = 128;
const VIEW = 112;  // CSS pixels of the 28x28 view

/** Cell colour for an activation scaled to 0..1: white to the book's blue. */
function shade(t) {
  const a = Math.max(0, Math.min(1, t));
  const mix = (c) => Math.round(255 + (c - 255) * a);
  return `rgb(${mix(31)}, ${mix(119)}, ${mix(180)})`;
}

export default {
  render({model, el}) {
    el.classList.add("mlpbook-widget", "mlpbook-drawing_pad");
    let text = TEXT[model.get("language")] || TEXT.en;
    let strokes = (model.get("strokes") || []).map((s) => s.map((p) => [p[0], p[1]]));
    let net = null;
    let active = null;  // id of the pointer drawing now
    let pending = false;
    let settingStrokes = false;
    const ink = new Float64Array(RASTER * RASTER);

    const pad = hidpiCanvas(PAD, PAD, {class: "mlpbook-drawing-canvas", role: "application",
      tabindex: 0});
    const writeId = uniqueId("pad-write");
    const writeSelect = h("select", {id: writeId, class: "mlpbook-drawing-write"});
    const writeLabel = h("label", {for: writeId});
    const penMark = h("div", {class: "mlpbook-drawing-pen", hidden: true});
    const status = h("div", {class: "mlpbook-drawing-status mlpbook-sr-only", role: "status"});
    const penStatus = h("div", {class: "mlpbook-sr-only", "aria-live": "polite"});
    Object.assign(pad.canvas.style, {width: `${PAD}px`, height: "auto", maxWidth: "100%"});
    const inkBoxOutline = h("div", {class: "mlpbook-drawing-box", hidden: true});
    const clear = h("button", {type: "button", class: "mlpbook-drawing-clear"});
    const hint = h("div", {class: "mlpbook-drawing-hint"});
    const view = h("canvas", {width: FIELD, height: FIELD, class: "mlpbook-drawing-view",
      role: "img"});
    view.style.width = view.style.height = `${VIEW}px`;
    const viewBox = h("div", {class: "mlpbook-drawing-fitbox", hidden: true});
    const seesLabel = h("div", {class: "mlpbook-drawing-caption"});
    const stepsText = h("div", {class: "mlpbook-drawing-steps"});
    const saysLabel = h("div", {class: "mlpbook-drawing-caption"});
    const answer = h("div", {class: "mlpbook-drawing-answer"});
    const outputsLabel = h("div", {class: "mlpbook-drawing-caption"});
    const bars = h("div", {class: "mlpbook-drawing-outputs", role: "list"});
    const hidden = h("div", {class: "mlpbook-drawing-hidden"});
    el.append(
      h("div", {class: "mlpbook-drawing-row"},
        h("div", {class: "mlpbook-drawing-padcol"},
          h("div", {class: "mlpbook-drawing-frame"}, pad.canvas, inkBoxOutline, penMark),
          h("div", {class: "mlpbook-controls"}, clear,
            h("span", {class: "mlpbook-control"}, writeLabel, writeSelect)),
          hint, status, penStatus),
        h("div", {class: "mlpbook-drawing-seecol"}, seesLabel,
          h("div", {class: "mlpbook-drawing-frame"}, view, viewBox), stepsText),
        h("div", {class: "mlpbook-drawing-outcol"}, saysLabel, answer, outputsLabel, bars)),
      hidden);
    const handwriting = handwritingPanel({model, el, text,
      input: () => lastInput,
      network: () => net,
      choose: (which) => {
        choice = which;
        onNetwork();
      },
      clearPad: () => wipe(false),
    });
    el.append(handwriting.root);

    // ---- the network from the model
    let barRows = [], cells = [];
    // The chapter's network (Python's traits) or the reader's own (kept in the browser).
    let choice = "book";
    const readNetwork = () => {
      const mine = choice === "mine" ? loadNetwork() : null;
      if (choice === "mine" && !mine) choice = "book";
      net = mine ? splitParams(mine) : {sizes: model.get("sizes").map(Number),
        weights: floats(model.get("weights")), biases: floats(model.get("biases")),
        activation: model.get("activation"), output: model.get("output")};
      net.cost = net.output === "softmax" ? "cross-entropy" : "quadratic";
      el.dataset.network = choice;
    };
    const build = () => {  // the parts whose size depends on the network or the language
      text = TEXT[model.get("language")] || TEXT.en;
      pad.canvas.setAttribute("aria-label", text.pad);
      view.setAttribute("aria-label", text.seesAlt);
      clear.textContent = text.clear;
      hint.textContent = text.hint;
      writeLabel.textContent = text.write;
      writeSelect.replaceChildren(h("option", {value: ""}, text.writeNone),
        ...DIGIT_STROKES.map((_, d) => h("option", {value: String(d)}, String(d))));
      seesLabel.textContent = text.sees;
      saysLabel.textContent = text.says;
      outputsLabel.textContent = text.outputs;
      const nOut = net.sizes[net.sizes.length - 1];
      barRows = Array.from({length: nOut}, (_, d) => {
        const fill = h("div", {class: "mlpbook-drawing-barfill"});
        const value = h("span", {class: "mlpbook-drawing-value"});
        const row = h("div", {class: "mlpbook-drawing-bar", role: "listitem", "data-digit": d},
          h("span", {class: "mlpbook-drawing-digit"}, String(d)),
          h("div", {class: "mlpbook-drawing-track"}, fill), value);
        return {row, fill, value};
      });
      bars.replaceChildren(...barRows.map((r) => r.row));
      cells = [];
      hidden.replaceChildren(...net.sizes.slice(1, -1).map((n, l) => {
        const layer = Array.from({length: n}, () => h("span", {class: "mlpbook-drawing-cell"}));
        cells.push(layer);
        return h("div", {class: "mlpbook-drawing-layer", "data-layer": l + 1},
          h("div", {class: "mlpbook-drawing-caption"}, text.hidden(l + 1, n)),
          h("div", {class: "mlpbook-drawing-cells"}, layer));
      }));
      handwriting.relabel(text);
    };

    // ---- drawing
    const padCtx = pad.ctx;
    const paint = () => {  // everything from the strokes: pad and raster
      padCtx.clearRect(0, 0, PAD, PAD);
      ink.fill(0);
      padCtx.fillStyle = padCtx.strokeStyle = "#fff";
      for (const stroke of strokes) {
        drawStroke(padCtx, stroke, PAD);
        inkStroke(ink, stroke, RASTER);
      }
    };
    const point = (event) => {
      const rect = pad.canvas.getBoundingClientRect();
      const clamp = (v) => Math.round(Math.max(0, Math.min(1, v)) * 1e4) / 1e4;
      return [clamp((event.clientX - rect.left) / rect.width),
        clamp((event.clientY - rect.top) / rect.height)];
    };

    // ---- what follows the drawing: the 28x28 view, the hidden cells, the outputs
    const viewCtx = view.getContext("2d");
    const viewImage = viewCtx.createImageData(FIELD, FIELD);
    let lastInput = null;
    const update = () => {
      pending = false;
      const steps = mnistSteps(ink, RASTER, RASTER);
      lastInput = steps === null ? null : steps.final;
      const data = viewImage.data;
      for (let i = 0; i < FIELD * FIELD; i++) {
        const v = lastInput === null ? 0 : Math.round(lastInput[i] * 255);
        data[4 * i] = data[4 * i + 1] = data[4 * i + 2] = v;
        data[4 * i + 3] = 255;
      }
      viewCtx.putImageData(viewImage, 0, 0);
      const place = (node, top, left, height, width, scale) => {
        Object.assign(node.style, {top: `${top * scale}%`, left: `${left * scale}%`,
          height: `${height * scale}%`, width: `${width * scale}%`});
      };
      inkBoxOutline.hidden = viewBox.hidden = steps === null;
      if (steps === null) {
        stepsText.textContent = text.blank;
        answer.textContent = text.nothing;
        answer.removeAttribute("data-digit");
        for (const {row, fill, value} of barRows) {
          row.classList.remove("mlpbook-drawing-top");
          fill.style.width = "0%";
          value.textContent = "";
          row.setAttribute("aria-label", text.output(row.dataset.digit, "\u2014"));
        }
        for (const layer of cells) {
          for (const cell of layer) {
            cell.style.background = "";
            cell.removeAttribute("title");
          }
        }
        return;
      }
      const [top, bottom, left, right] = steps.box;
      place(inkBoxOutline, top, left, bottom - top, right - left, 100 / RASTER);
      place(viewBox, steps.offset[0], steps.offset[1], steps.fittedRows, steps.fittedCols,
        100 / FIELD);
      stepsText.textContent = text.steps(right - left, bottom - top, steps.fittedCols,
        steps.fittedRows);
      const layers = layerActivations(net.sizes, net.weights, net.biases, lastInput, net.activation,
        net.output);
      const out = layers[layers.length - 1];
      let best = 0;
      for (let d = 1; d < out.length; d++) if (out[d] > out[best]) best = d;
      answer.textContent = String(best);
      answer.dataset.digit = String(best);
      const scale = Math.max(1, ...out);
      barRows.forEach(({row, fill, value}, d) => {
        row.classList.toggle("mlpbook-drawing-top", d === best);
        fill.style.width = `${(100 * out[d]) / scale}%`;
        value.textContent = fmt(out[d], 2);
        row.setAttribute("aria-label", text.output(d, fmt(out[d], 2)));
      });
      cells.forEach((layer, l) => {
        const a = layers[l + 1];
        const top = net.activation === "relu" ? Math.max(1e-12, ...a) : 1;
        layer.forEach((cell, i) => {
          cell.style.background = shade(a[i] / top);
          cell.title = text.cell(i, fmt(a[i], 2));
        });
      });
    };
    const schedule = () => {
      if (!pending) {
        pending = true;
        requestAnimationFrame(update);
      }
    };
    const send = (announce = true) => {  // the strokes and what the network saw, to Python
      update();
      settingStrokes = true;
      model.set("strokes", strokes.map((s) => s.map((p) => [p[0], p[1]])));
      settingStrokes = false;
      model.set("pixels", lastInput === null ? new DataView(new ArrayBuffer(0))
        : new DataView(lastInput.slice().buffer));
      model.save_changes();
      // Announced once, when a stroke is finished: not on every frame of it.
      if (announce) status.textContent = lastInput === null ? text.blank : text.said(answer.dataset.digit);
    };

    // ---- keyboard input: a digit written for the reader, or an arrow-key pen
    writeSelect.addEventListener("change", () => {
      if (writeSelect.value === "") return;
      strokes = DIGIT_STROKES[Number(writeSelect.value)].map((st) => st.map((p) => [p[0], p[1]]));
      paint();
      send();
    });
    const pen = {x: 0.5, y: 0.5, down: false, stroke: null};
    const showPen = () => {
      penMark.hidden = false;
      Object.assign(penMark.style, {left: `${pen.x * 100}%`, top: `${pen.y * 100}%`});
      penMark.classList.toggle("mlpbook-drawing-pen-down", pen.down);
      penStatus.textContent = text.pen(Math.round(pen.x * 100), Math.round(pen.y * 100), pen.down);
    };
    pad.canvas.addEventListener("focus", showPen);
    pad.canvas.addEventListener("blur", () => {
      penMark.hidden = true;
      if (pen.down) {
        pen.down = false;
        pen.stroke = null;
        send();
      }
    });
    pad.canvas.addEventListener("keydown", (event) => {
      const step = event.shiftKey ? 0.01 : 0.04;
      const move = {ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step],
        ArrowDown: [0, step]}[event.key];
      if (event.key === " " || event.key === "Enter") {
        event.preventDefault();
        pen.down = !pen.down;
        if (pen.down) {
          pen.stroke = [[pen.x, pen.y]];
          strokes.push(pen.stroke);
          padCtx.fillStyle = padCtx.strokeStyle = "#fff";
          drawStroke(padCtx, pen.stroke, PAD);
          inkStroke(ink, pen.stroke, RASTER);
          schedule();
        } else {
          pen.stroke = null;
          send();
        }
        showPen();
        return;
      }
      if (!move) return;
      event.preventDefault();
      const clamp = (v) => Math.round(Math.max(0, Math.min(1, v)) * 1e4) / 1e4;
      pen.x = clamp(pen.x + move[0]);
      pen.y = clamp(pen.y + move[1]);
      if (pen.down && pen.stroke) {
        pen.stroke.push([pen.x, pen.y]);
        drawStroke(padCtx, pen.stroke, PAD, pen.stroke.length - 1);
        inkStroke(ink, pen.stroke, RASTER, pen.stroke.length - 1);
        schedule();
      }
      showPen();
    });

    // ---- pointer input: mouse, pen and touch alike
    let current = null;
    pad.canvas.addEventListener("pointerdown", (event) => {
      if (active !== null || (event.pointerType === "mouse" && event.button !== 0)) return;
      event.preventDefault();
      pad.canvas.setPointerCapture?.(event.pointerId);
      active = event.pointerId;
      current = [point(event)];
      strokes.push(current);
      padCtx.fillStyle = padCtx.strokeStyle = "#fff";
      drawStroke(padCtx, current, PAD);
      inkStroke(ink, current, RASTER);
      schedule();
    });
    pad.canvas.addEventListener("pointermove", (event) => {
      if (event.pointerId !== active) return;
      event.preventDefault();
      const events = event.getCoalescedEvents?.() || [];
      for (const e of events.length ? events : [event]) {
        const p = point(e);
        const last = current[current.length - 1];
        if (p[0] === last[0] && p[1] === last[1]) continue;
        current.push(p);
        drawStroke(padCtx, current, PAD, current.length - 1);
        inkStroke(ink, current, RASTER, current.length - 1);
      }
      schedule();
    });
    const end = (event) => {
      if (event.pointerId !== active) return;
      active = null;
      current = null;
      send();
    };
    pad.canvas.addEventListener("pointerup", end);
    pad.canvas.addEventListener("pointercancel", end);
    const wipe = (announce) => {
      strokes = [];
      writeSelect.value = "";
      pen.down = false;
      pen.stroke = null;
      paint();
      send(announce);
    };
    clear.addEventListener("click", () => wipe(true));

    // ---- changes made from Python
    const onStrokes = () => {
      if (settingStrokes) return;
      strokes = (model.get("strokes") || []).map((s) => s.map((p) => [p[0], p[1]]));
      paint();
      send();
    };
    function onNetwork() {
      readNetwork();
      build();
      schedule();
      handwriting.refresh();
    }
    const onLanguage = () => {
      build();
      schedule();
    };
    const events = [["change:strokes", onStrokes], ["change:language", onLanguage],
      ...["sizes", "weights", "biases", "activation", "output"].map((t) =>
        [`change:${t}`, onNetwork])];
    for (const [event, handler] of events) model.on(event, handler);
    readNetwork();
    build();
    paint();
    update();
    handwriting.refresh();
    // for tests and the curious: what Python reads as pad.samples
    el.mlpbookPad = {myDigits: () => Array.from(floats(model.get("my_digits"), Uint8Array))};
    // Strokes set from Python before the pad was shown: send back what the network sees.
    if (strokes.length && floats(model.get("pixels")).length === 0) send();
    return () => {
      for (const [event, handler] of events) model.off(event, handler);
      handwriting.cleanup();
    };
  },
};
