// Chapter 10's hidden-layer explorer: a 2-2-1 sigmoid network on XOR-like points, drawn and
// trained in the browser. Left: the input plane, the network's output as shading, its
// decision boundary and the two hidden neurons' lines. Right: the points moved by the hidden
// layer to (h1, h2), where the output neuron's boundary is a straight line. "Train" runs
// full-batch gradient descent a few steps per animation frame and moves the sliders with it
// (for a reader who asked for less motion: hundreds of steps per picture, half a second
// apart); a screen reader hears where it ended, not every step.
// forward, loss, accuracy, gradients, trainStep, train and isTrained are the twins of
// mlpbook.lessons.toy2d's functions (tested equal, float64): parameters are {W1, b1, W2, b2} as
// nested arrays, W1 (h, 2), b1 (h), W2 (1, h), b2 (1).

const TEXT = {
  en: {
    inputTitle: "Input plane (x\u2081, x\u2082): the network's output",
    hiddenTitle: "After the hidden layer: the points at (h\u2081, h\u2082)",
    groups: ["Hidden neuron h\u2081", "Hidden neuron h\u2082", "Output neuron"],
    labels: {
      w11: "weight w\u2081\u2081 (x\u2081)", w12: "weight w\u2081\u2082 (x\u2082)",
      b1: "bias b\u2081", w21: "weight w\u2082\u2081 (x\u2081)",
      w22: "weight w\u2082\u2082 (x\u2082)", b2: "bias b\u2082",
      v1: "weight v\u2081 (h\u2081)", v2: "weight v\u2082 (h\u2082)", c: "bias c",
    },
    dataset: "points",
    datasets: {xor: "XOR: 4 points", clusters: "XOR clusters: 100 noisy points"},
    lr: "learning rate",
    train: "Train",
    stop: "Stop",
    reset: "Reset",
    status: (step, cost, pct, right, n) =>
      `step ${step} \u00b7 cost ${cost} \u00b7 accuracy ${pct}% (${right} of ${n} right)`,
    messages: {
      idle: "",
      training: "Training: gradient descent on all the points\u2026",
      trained: "Done: every point is on its side.",
      already: "Every point is already on its side: nothing left to learn.",
      gaveup: (n) => `Stopped after ${n} steps with points still on the wrong side: the cost is ` +
        "on a plateau (still falling, very slowly), not at a minimum. Press Reset, or move a " +
        "slider, and train again.",
      stopped: "Stopped.",
    },
    legend: "Blue: class 0; orange: class 1. Shading: the output (orange above 0.5). Solid " +
      "line: output = 0.5. Dashed lines: where h\u2081 = \u00bd and h\u2082 = \u00bd. A dark " +
      "ring marks a point on the wrong side. Grey curves (right): the input plane's grid, " +
      "bent by the hidden layer.",
    inputFigure: (pct) => `The input plane with the points and the network's decision ` +
      `boundary; ${pct}% of the points are on their side`,
    hiddenFigure: "The points after the hidden layer, and the output neuron's straight " +
      "boundary",
  },
  zh: {
    inputTitle: "输入平面 (x\u2081, x\u2082)：网络的输出",
    hiddenTitle: "经过隐含层之后：点移到 (h\u2081, h\u2082)",
    groups: ["隐含层神经元 h\u2081", "隐含层神经元 h\u2082", "输出神经元"],
    labels: {
      w11: "权重 w\u2081\u2081 (x\u2081)", w12: "权重 w\u2081\u2082 (x\u2082)",
      b1: "偏置 b\u2081", w21: "权重 w\u2082\u2081 (x\u2081)",
      w22: "权重 w\u2082\u2082 (x\u2082)", b2: "偏置 b\u2082",
      v1: "权重 v\u2081 (h\u2081)", v2: "权重 v\u2082 (h\u2082)", c: "偏置 c",
    },
    dataset: "数据点",
    datasets: {xor: "XOR：4 个点", clusters: "XOR 点群：100 个带噪声的点"},
    lr: "学习率",
    train: "训练",
    stop: "停止",
    reset: "重置",
    status: (step, cost, pct, right, n) =>
      `第 ${step} 步 \u00b7 代价 ${cost} \u00b7 准确率 ${pct}%（${n} 个点中对了 ${right} 个）`,
    messages: {
      idle: "",
      training: "训练中：对全部的点做梯度下降……",
      trained: "完成：每个点都在自己的一侧。",
      already: "每个点已经在自己的一侧，没有什么可学的了。",
      gaveup: (n) => `${n} 步之后仍有点在错误的一侧，已停止：代价停在一片平台上（仍在下降，只是非常慢），并不是极小值。` +
        "按“重置”，或者移动一个滑块，再训练一次。",
      stopped: "已停止。",
    },
    legend: "蓝色：类别 0；橙色：类别 1。底色：网络的输出（高于 0.5 为橙色）。实线：输出 = 0.5。" +
      "虚线：h\u2081 = \u00bd 与 h\u2082 = \u00bd 的位置。带深色圆圈的点在错误的一侧。" +
      "右图的灰色曲线：输入平面的网格被隐含层弯曲后的样子。",
    inputFigure: (pct) => `输入平面上的点和网络的决策边界；${pct}% 的点在自己的一侧`,
    hiddenFigure: "经过隐含层之后的点，以及输出神经元的直线边界",
  },
};

/** The nine parameters in slider order (toy2d.params_to_vector's order). */
export const NAMES = ["w11", "w12", "b1", "w21", "w22", "b2", "v1", "v2", "c"];
const INPUT_VIEW = [-0.5, 1.5];      // the input plane shown, both axes
const HIDDEN_VIEW = [-0.06, 1.06];   // the hidden layer's unit square, with a margin
const CLASS_RGB = [[31, 119, 180], [255, 127, 14]];   // COLORS.blue, COLORS.orange
const SIDE = 340;                    // each panel, CSS pixels (two fit a 700 px column)

// ------------------------------------------------------------------ the maths (twins)
/** {W1, b1, W2, b2} from the nine slider values (twin of toy2d.params_from_vector, h = 2). */
export function paramsFromVector(v) {
  return {W1: [[v[0], v[1]], [v[3], v[4]]], b1: [v[2], v[5]], W2: [[v[6], v[7]]], b2: [v[8]]};
}

/** The parameters as one flat list, neuron by neuron (twin of toy2d.params_to_vector). */
export function paramsToVector(p) {
  const out = [];
  p.W1.forEach((row, j) => out.push(row[0], row[1], p.b1[j]));
  return out.concat(p.W2[0], [p.b2[0]]);
}

function hiddenOf(p, x) {
  return p.W1.map((row, j) => sigmoid(x[0] * row[0] + x[1] * row[1] + p.b1[j]));
}

function zOf(p, hidden) {
  let z = 0;
  hidden.forEach((a, j) => { z += a * p.W2[0][j]; });
  return z + p.b2[0];
}

/** {hidden, output} for the points X (twin of toy2d.forward): hidden[i] = (h1, h2, ...). */
export function forward(p, X) {
  const hidden = X.map((x) => hiddenOf(p, x));
  return {hidden, output: hidden.map((hs) => sigmoid(zOf(p, hs)))};
}

/** Mean cross-entropy, computed from z as softplus(z) − y z (twin of toy2d.loss). */
export function loss(p, X, y) {
  let total = 0;
  X.forEach((x, i) => {
    const z = zOf(p, hiddenOf(p, x));
    total += Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - y[i] * z;
  });
  return total / X.length;
}

/** Fraction of points whose output is on their side of 0.5 (twin of toy2d.accuracy). */
export function accuracy(p, X, y) {
  let right = 0;
  X.forEach((x, i) => {
    if ((sigmoid(zOf(p, hiddenOf(p, x))) > 0.5) === (y[i] > 0.5)) right += 1;
  });
  return right / X.length;
}

/** The gradient of loss by backpropagation, shaped like p (twin of toy2d.gradients). */
export function gradients(p, X, y) {
  const n = X.length;
  const h = p.W1.length;
  const g = {W1: p.W1.map(() => [0, 0]), b1: new Array(h).fill(0),
    W2: [new Array(h).fill(0)], b2: [0]};
  X.forEach((x, i) => {
    const hs = hiddenOf(p, x);
    const d = (sigmoid(zOf(p, hs)) - y[i]) / n;          // dC/dz at the output: a − y
    g.b2[0] += d;
    for (let j = 0; j < h; j += 1) {
      g.W2[0][j] += d * hs[j];
      const dh = d * p.W2[0][j] * hs[j] * (1 - hs[j]);
      g.b1[j] += dh;
      g.W1[j][0] += dh * x[0];
      g.W1[j][1] += dh * x[1];
    }
  });
  return g;
}

/** One step of gradient descent on all points: new parameters (twin of toy2d.train_step). */
export function trainStep(p, X, y, lr) {
  const g = gradients(p, X, y);
  return {
    W1: p.W1.map((row, j) => row.map((w, k) => w - lr * g.W1[j][k])),
    b1: p.b1.map((b, j) => b - lr * g.b1[j]),
    W2: [p.W2[0].map((w, j) => w - lr * g.W2[0][j])],
    b2: [p.b2[0] - lr * g.b2[0]],
  };
}

/** The stopping rule: every point right and the cost at most targetLoss (toy2d.is_trained). */
export function isTrained(acc, cost, targetLoss = 0.1) {
  return acc >= 1 && cost <= targetLoss;
}

/** Up to `steps` steps, stopping once trained (twin of toy2d.train).
 * Returns {params, loss, accuracy, steps}. */
export function train(p, X, y, lr, steps, stopWhenTrained = true, targetLoss = 0.1) {
  const losses = [loss(p, X, y)];
  const accuracies = [accuracy(p, X, y)];
  let taken = 0;
  while (taken < steps && !(stopWhenTrained &&
      isTrained(accuracies[taken], losses[taken], targetLoss))) {
    p = trainStep(p, X, y, lr);
    taken += 1;
    losses.push(loss(p, X, y));
    accuracies.push(accuracy(p, X, y));
  }
  return {params: p, loss: losses, accuracy: accuracies, steps: taken};
}

// ------------------------------------------------------------------ geometry for the drawing
/** The part of the line a·x + b·y + c = 0 inside [lo, hi]², as [[x, y], [x, y]], or null. */
export function lineInBox(a, b, c, lo, hi) {
  const hits = [];
  const add = (x, y) => {
    if (x >= lo - 1e-12 && x <= hi + 1e-12 && y >= lo - 1e-12 && y <= hi + 1e-12 &&
        !hits.some(([u, v]) => Math.abs(u - x) < 1e-12 && Math.abs(v - y) < 1e-12)) {
      hits.push([x, y]);
    }
  };
  if (b !== 0) { add(lo, -(a * lo + c) / b); add(hi, -(a * hi + c) / b); }
  if (a !== 0) { add(-(b * lo + c) / a, lo); add(-(b * hi + c) / a, hi); }
  return hits.length >= 2 ? [hits[0], hits[1]] : null;
}

/**
 * Where a function sampled on a square grid crosses zero: segments [[x, y], [x, y]] in grid
 * units (marching squares, linear interpolation). values[r][c], r = row (y), c = column (x).
 */
export function zeroCrossings(values) {
  const segments = [];
  const rows = values.length;
  const cols = values[0].length;
  const cut = (v0, v1) => v0 / (v0 - v1);
  for (let r = 0; r + 1 < rows; r += 1) {
    for (let c = 0; c + 1 < cols; c += 1) {
      const v = [values[r][c], values[r][c + 1], values[r + 1][c + 1], values[r + 1][c]];
      const corner = [[c, r], [c + 1, r], [c + 1, r + 1], [c, r + 1]];
      const points = [];
      for (let e = 0; e < 4; e += 1) {
        const a = v[e];
        const b = v[(e + 1) % 4];
        if ((a > 0) !== (b > 0)) {
          const t = cut(a, b);
          const [x0, y0] = corner[e];
          const [x1, y1] = corner[(e + 1) % 4];
          points.push([x0 + t * (x1 - x0), y0 + t * (y1 - y0)]);
        }
      }
      if (points.length === 2) segments.push(points);
      if (points.length === 4) segments.push([points[0], points[1]], [points[2], points[3]]);
    }
  }
  return segments;
}

// ------------------------------------------------------------------ drawing
function tint(a) {
  const side = a > 0.5 ? 1 : 0;
  const strength = 0.55 * Math.min(1, Math.abs(a - 0.5) * 2);
  return CLASS_RGB[side].map((v) => Math.round(255 + (v - 255) * strength));
}

function heatImage(size, valueAt) {
  const off = document.createElement("canvas");
  off.width = size;
  off.height = size;
  const octx = off.getContext("2d");
  const image = octx.createImageData(size, size);
  for (let r = 0; r < size; r += 1) {
    for (let c = 0; c < size; c += 1) {
      const [red, green, blue] = tint(valueAt((c + 0.5) / size, 1 - (r + 0.5) / size));
      const k = 4 * (r * size + c);
      image.data[k] = red;
      image.data[k + 1] = green;
      image.data[k + 2] = blue;
      image.data[k + 3] = 255;
    }
  }
  octx.putImageData(image, 0, 0);
  return off;
}

function frame(ctx, box, view, ticks, names, ink) {
  const [lo, hi] = view;
  const px = (x) => box.left + ((x - lo) / (hi - lo)) * box.size;
  const py = (y) => box.top + ((hi - y) / (hi - lo)) * box.size;
  ctx.strokeStyle = ink;
  ctx.fillStyle = ink;
  ctx.lineWidth = 1;
  ctx.setLineDash([]);
  ctx.strokeRect(box.left, box.top, box.size, box.size);
  ctx.font = "12px sans-serif";
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  for (const t of ticks) {
    ctx.beginPath();
    ctx.moveTo(px(t), box.top + box.size); ctx.lineTo(px(t), box.top + box.size + 4);
    ctx.moveTo(box.left - 4, py(t)); ctx.lineTo(box.left, py(t));
    ctx.stroke();
    ctx.fillText(fmt(t, t % 1 ? 1 : 0), px(t), box.top + box.size + 5);
  }
  ctx.fillText(names[0], box.left + box.size / 2, box.top + box.size + 18);
  ctx.textAlign = "right";
  ctx.textBaseline = "middle";
  for (const t of ticks) ctx.fillText(fmt(t, t % 1 ? 1 : 0), box.left - 6, py(t));
  ctx.save();
  ctx.translate(9, box.top + box.size / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textAlign = "center";
  ctx.fillText(names[1], 0, 0);
  ctx.restore();
  return {px, py};
}

function drawPoints(ctx, where, y, output, px, py, radius) {
  where.forEach((point, i) => {
    const wrong = (output[i] > 0.5) !== (y[i] > 0.5);
    ctx.beginPath();
    ctx.arc(px(point[0]), py(point[1]), radius, 0, 2 * Math.PI);
    ctx.fillStyle = y[i] > 0.5 ? COLORS.orange : COLORS.blue;
    ctx.fill();
    ctx.lineWidth = wrong ? 2.5 : 1.2;
    ctx.strokeStyle = wrong ? "#111" : "#fff";
    ctx.stroke();
    if (wrong) {
      ctx.beginPath();
      ctx.arc(px(point[0]), py(point[1]), radius + 2.5, 0, 2 * Math.PI);
      ctx.lineWidth = 1.5;
      ctx.stroke();
    }
  });
}

function segment(ctx, ends, px, py) {
  if (!ends) return;
  ctx.beginPath();
  ctx.moveTo(px(ends[0][0]), py(ends[0][1]));
  ctx.lineTo(px(ends[1][0]), py(ends[1][1]));
  ctx.stroke();
}

function drawInputPanel(fig, p, X, y, output, ink, radius) {
  const {ctx, width, height} = fig;
  const box = {left: 40, top: 8, size: SIDE - 40 - 8};
  const [lo, hi] = INPUT_VIEW;
  const at = (u) => lo + u * (hi - lo);
  ctx.clearRect(0, 0, width, height);
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(heatImage(96, (u, v) => sigmoid(zOf(p, hiddenOf(p, [at(u), at(v)])))),
    box.left, box.top, box.size, box.size);
  const {px, py} = frame(ctx, box, INPUT_VIEW, [0, 1], ["x\u2081", "x\u2082"], ink);
  ctx.save();
  ctx.beginPath();
  ctx.rect(box.left, box.top, box.size, box.size);
  ctx.clip();
  // the decision boundary: where the output neuron's sum z crosses 0
  const n = 120;
  const grid = [];
  for (let r = 0; r <= n; r += 1) {
    const row = [];
    for (let c = 0; c <= n; c += 1) row.push(zOf(p, hiddenOf(p, [at(c / n), at(r / n)])));
    grid.push(row);
  }
  ctx.lineWidth = 2.2;
  ctx.strokeStyle = "#222";
  ctx.beginPath();
  for (const [a, b] of zeroCrossings(grid)) {
    ctx.moveTo(px(at(a[0] / n)), py(at(a[1] / n)));
    ctx.lineTo(px(at(b[0] / n)), py(at(b[1] / n)));
  }
  ctx.stroke();
  // the two hidden neurons' lines, dashed grey on top (they may lie on the boundary), each
  // labelled where it leaves the picture
  ctx.setLineDash([6, 4]);
  ctx.lineWidth = 1.6;
  ctx.strokeStyle = COLORS.grey;
  p.W1.forEach((row, j) => segment(ctx, lineInBox(row[0], row[1], p.b1[j], lo, hi), px, py));
  ctx.setLineDash([]);
  drawPoints(ctx, X, y, output, px, py, radius);
  ctx.font = "12px sans-serif";
  ctx.fillStyle = ink;
  ctx.textBaseline = "middle";
  p.W1.forEach((row, j) => {
    const ends = lineInBox(row[0], row[1], p.b1[j], lo, hi);
    if (!ends) return;
    const end = ends[0][0] >= ends[1][0] ? ends[0] : ends[1];   // the right-hand end
    const x = Math.min(px(end[0]), box.left + box.size - 8);
    const yy = Math.min(Math.max(py(end[1]), box.top + 10), box.top + box.size - 10);
    ctx.textAlign = "right";
    ctx.fillText(`h${"\u2081\u2082"[j]}`, x - 3, yy);
  });
  ctx.restore();
}

function drawHiddenPanel(fig, p, hidden, y, output, ink, radius) {
  const {ctx, width, height} = fig;
  const box = {left: 40, top: 8, size: SIDE - 40 - 8};
  const [lo, hi] = HIDDEN_VIEW;
  const at = (u) => lo + u * (hi - lo);
  const v = p.W2[0];
  const c = p.b2[0];
  ctx.clearRect(0, 0, width, height);
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(heatImage(64, (s, t) => sigmoid(v[0] * at(s) + v[1] * at(t) + c)),
    box.left, box.top, box.size, box.size);
  const {px, py} = frame(ctx, box, HIDDEN_VIEW, [0, 0.5, 1], ["h\u2081", "h\u2082"], ink);
  ctx.save();
  ctx.beginPath();
  ctx.rect(box.left, box.top, box.size, box.size);
  ctx.clip();
  // the input plane's grid lines, bent by the hidden layer
  ctx.strokeStyle = "rgba(90, 90, 90, 0.3)";
  ctx.lineWidth = 1;
  const [xlo, xhi] = INPUT_VIEW;
  for (let k = 0; k <= 4; k += 1) {
    const fixed = xlo + (k * (xhi - xlo)) / 4;
    for (const axis of [0, 1]) {
      ctx.beginPath();
      for (let i = 0; i <= 60; i += 1) {
        const moving = xlo + (i * (xhi - xlo)) / 60;
        const hs = hiddenOf(p, axis === 0 ? [fixed, moving] : [moving, fixed]);
        if (i === 0) ctx.moveTo(px(hs[0]), py(hs[1])); else ctx.lineTo(px(hs[0]), py(hs[1]));
      }
      ctx.stroke();
    }
  }
  // the output neuron's boundary: v1 h1 + v2 h2 + c = 0, a straight line
  ctx.lineWidth = 2.2;
  ctx.strokeStyle = "#222";
  segment(ctx, lineInBox(v[0], v[1], c, lo, hi), px, py);
  drawPoints(ctx, hidden, y, output, px, py, radius);
  ctx.restore();
}

function term(x, symbol, first) {
  const number = `${fmt(Math.abs(x), 2)}${symbol}`;
  if (first) return x < 0 ? `\u2212${number}` : number;
  return `${x < 0 ? "\u2212" : "+"} ${number}`;
}

/** The three neurons' formulas with the current numbers, one per line. */
export function formulas(v) {
  const neuron = (w1, w2, b, s1, s2) =>
    `${term(w1, s1, true)} ${term(w2, s2, false)} ${term(b, "", false)}`;
  return [
    `h\u2081 = \u03c3(w\u2081\u2081x\u2081 + w\u2081\u2082x\u2082 + b\u2081) = ` +
      `\u03c3(${neuron(v[0], v[1], v[2], "\u00b7x\u2081", "\u00b7x\u2082")})`,
    `h\u2082 = \u03c3(w\u2082\u2081x\u2081 + w\u2082\u2082x\u2082 + b\u2082) = ` +
      `\u03c3(${neuron(v[3], v[4], v[5], "\u00b7x\u2081", "\u00b7x\u2082")})`,
    `a = \u03c3(v\u2081h\u2081 + v\u2082h\u2082 + c) = ` +
      `\u03c3(${neuron(v[6], v[7], v[8], "\u00b7h\u2081", "\u00b7h\u2082")})`,
  ].join("\n");
}

/** The dataset `name` from its float64 bytes trait: {X, y}. */
function readData(model, name) {
  const raw = floats(model.get(`data_${name}`), Float64Array);
  const X = [];
  const y = [];
  for (let i = 0; i + 2 < raw.length; i += 3) {
    X.push([raw[i], raw[i + 1]]);
    y.push(raw[i + 2]);
  }
  return {X, y};
}

export default {
  render({model, el}) {
    const text = TEXT[model.get("language")] || TEXT.en;
    el.classList.add("mlpbook-widget", "mlpbook-hidden_layer_explorer");
    const data = {xor: readData(model, "xor"), clusters: readData(model, "clusters")};
    const current = () => data[model.get("dataset")] || data.xor;
    const vector = () => NAMES.map((name) => Number(model.get(name)));

    // figures
    const left = hidpiCanvas(SIDE, SIDE, {role: "img"});
    const right = hidpiCanvas(SIDE, SIDE, {role: "img", "aria-label": text.hiddenFigure});
    left.canvas.classList.add("mlpbook-hl-input");
    right.canvas.classList.add("mlpbook-hl-hidden");
    const panel = (title, fig) => h("figure", {class: "mlpbook-hl-panel"},
      h("figcaption", {}, title), fig.canvas);
    const figures = h("div", {class: "mlpbook-hl-figures"},
      panel(text.inputTitle, left), panel(text.hiddenTitle, right));
    const legend = h("div", {class: "mlpbook-hl-legend"}, text.legend);
    const formulaBox = h("div", {class: "mlpbook-formula mlpbook-hl-formulas"});
    const status = h("div", {class: "mlpbook-hl-status"});
    const message = h("div", {class: "mlpbook-hl-message"});
    const spoken = announcer(150);  // the message, and once training ends the status too

    // sliders: three per neuron
    const [lo, hi, step] = [-15, 15, 0.1];
    const sliders = NAMES.map((name) => slider(model, name, {label: text.labels[name],
      min: lo, max: hi, step, format: (value) => fmt(value, 2)}));
    const groups = text.groups.map((legendText, g) => h("fieldset", {class: "mlpbook-hl-group"},
      h("legend", {}, legendText), sliders.slice(3 * g, 3 * g + 3).map((s) => s.root)));

    // dataset, learning rate, buttons
    const selectId = uniqueId("hl-dataset");
    const select = h("select", {id: selectId, class: "mlpbook-hl-dataset"},
      Object.entries(text.datasets).map(([value, label]) => h("option", {value}, label)));
    select.addEventListener("change", () => {
      model.set("dataset", select.value);
      model.save_changes();
    });
    const lrSlider = slider(model, "learning_rate", {label: text.lr, min: 0.1, max: 10,
      step: 0.1, format: (value) => fmt(value, 1)});
    const trainButton = h("button", {type: "button", class: "mlpbook-hl-train"}, text.train);
    const stopButton = h("button", {type: "button", class: "mlpbook-hl-stop"}, text.stop);
    const resetButton = h("button", {type: "button", class: "mlpbook-hl-reset"}, text.reset);
    const actions = h("div", {class: "mlpbook-controls mlpbook-hl-actions"},
      h("div", {class: "mlpbook-control"}, h("label", {for: selectId}, text.dataset), select),
      lrSlider.root, trainButton, stopButton, resetButton);

    // The figures, then what drives them (training, then the nine sliders), so that on a
    // phone the pictures and the sliders fit on one screen; the legend and formulas last.
    const groupBox = h("div", {class: "mlpbook-hl-groups"}, groups);
    el.append(figures, status, message, actions, groupBox, legend, formulaBox, spoken.node);
    let moved = false;  // a slider was moved by the reader: say the new status once drawn
    groupBox.addEventListener("input", () => { moved = true; });

    // training, in the page: a few full-batch steps per animation frame
    let running = false;
    let calm = false;       // this run honours prefers-reduced-motion
    let frameId = 0;
    let timerId = 0;
    let steps = 0;          // steps since the last Reset or change of dataset
    let runSteps = 0;       // steps since Train was pressed
    const say = (what) => {
      const m = text.messages[what];
      message.textContent = typeof m === "function" ? m(runSteps) : m;
      el.dataset.state = what;
      // A button that disables itself would drop the keyboard focus to the page: it moves
      // to the other one (Train <-> Stop).
      const focused = el.ownerDocument.activeElement;
      trainButton.disabled = running;
      stopButton.disabled = !running;
      if (focused === trainButton && running) stopButton.focus();
      if (focused === stopButton && !running) trainButton.focus();
      if (what === "training") spoken.say(message.textContent);
      else if (what !== "idle") spoken.say(`${message.textContent} ${status.textContent}`);
    };
    const setParams = (p) => {
      paramsToVector(p).forEach((value, i) => model.set(NAMES[i], value));
      model.save_changes();
    };
    const next = (first) => {  // the next batch of steps: at the next frame, or calmly later
      if (calm && !first) timerId = setTimeout(tick, 500);
      else frameId = requestAnimationFrame(tick);
    };
    const halt = (why) => {
      running = false;
      cancelAnimationFrame(frameId);
      clearTimeout(timerId);
      say(why);
    };
    const tick = () => {
      if (!running) return;
      const {X, y} = current();
      const lr = Number(model.get("learning_rate"));
      const target = Number(model.get("target_loss"));
      const perFrame = calm ? 400 : Math.max(1, Number(model.get("steps_per_frame")));
      const most = Math.max(1, Number(model.get("max_steps")));
      let p = paramsFromVector(vector());
      let why = null;
      for (let k = 0; k < perFrame; k += 1) {
        p = trainStep(p, X, y, lr);
        steps += 1;
        runSteps += 1;
        if (isTrained(accuracy(p, X, y), loss(p, X, y), target)) { why = "trained"; break; }
        if (runSteps >= most) { why = "gaveup"; break; }
      }
      setParams(p);
      draw();                     // now, so the picture, numbers and state agree at once
      if (why) halt(why); else next(false);
    };
    trainButton.addEventListener("click", () => {
      if (running) return;
      const {X, y} = current();
      const p = paramsFromVector(vector());
      runSteps = 0;
      if (isTrained(accuracy(p, X, y), loss(p, X, y), Number(model.get("target_loss")))) {
        say("already");
        return;
      }
      running = true;
      calm = prefersReducedMotion();
      say("training");
      next(true);
    });
    stopButton.addEventListener("click", () => { if (running) halt("stopped"); });
    resetButton.addEventListener("click", () => {
      if (running) halt("idle");
      const start = floats(model.get("start"), Float64Array);
      if (start.length === NAMES.length) setParams(paramsFromVector(Array.from(start)));
      steps = 0;
      runSteps = 0;
      say("idle");
      draw();
      spoken.say(status.textContent);
    });

    // drawing
    let drawId = 0;
    const draw = () => {
      cancelAnimationFrame(drawId);
      drawId = 0;
      const v = vector();
      const p = paramsFromVector(v);
      const {X, y} = current();
      select.value = model.get("dataset");
      const {hidden, output} = forward(p, X);
      const acc = accuracy(p, X, y);
      const cost = loss(p, X, y);
      const correct = Math.round(acc * X.length);
      const pct = Math.round(acc * 100);
      const ink = getComputedStyle(el).color || "#222";
      const radius = X.length > 10 ? 4 : 7;
      drawInputPanel(left, p, X, y, output, ink, radius);
      drawHiddenPanel(right, p, hidden, y, output, ink, radius);
      left.canvas.setAttribute("aria-label", text.inputFigure(pct));
      formulaBox.textContent = formulas(v);
      status.textContent = text.status(steps, fmt(cost, 3), pct, correct, X.length);
      if (moved && !running) spoken.say(status.textContent);
      moved = false;
      el.dataset.accuracy = String(acc);
      el.dataset.loss = String(cost);
      el.dataset.steps = String(steps);
    };
    const schedule = () => {
      if (!drawId) drawId = requestAnimationFrame(draw);
    };
    const onDataset = () => {
      if (running) halt("idle");
      steps = 0;
      runSteps = 0;
      say("idle");
      schedule();
    };
    const events = NAMES.map((name) => `change:${name}`);
    for (const event of events) model.on(event, schedule);
    model.on("change:dataset", onDataset);
    const offTheme = onThemeChange(draw);
    say("idle");
    draw();
    return () => {
      running = false;
      offTheme();
      spoken.quiet();
      cancelAnimationFrame(frameId);
      clearTimeout(timerId);
      cancelAnimationFrame(drawId);
      for (const event of events) model.off(event, schedule);
      model.off("change:dataset", onDataset);
    };
  },
};
