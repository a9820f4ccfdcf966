// Chapter 5's descent explorer (see descent_explorer.py). _base.py puts _shared.js in front
// of this file, so h, uniqueId, fmt, slider, hidpiCanvas, COLORS and the plot helpers
// niceTicks, plotPanel and drawAxes are in scope here.

const TEXT = {
  en: {
    start: "start w",
    lr: "learning rate \u03b7",
    steps: "steps",
    play: "play",
    stop: "stop",
    playLabel: "play the steps one by one",
    end: (w, c) => `end: w = ${w}, C(w) = ${c}`,
    at: (k, n, w, c) => `step ${k} of ${n}: w = ${w}, C(w) = ${c}`,
    stopped: (k) => ` (stopped after ${k} steps: the path left every bound)`,
    wAxis: "input w",
    costAxis: "cost C(w)",
    stepsTitle: "length of each step",
    stepAxis: "step number",
    stepLengthAxis: "step length |\u0394w|",
    startLegend: "start",
    endLegend: (k) => `after ${k} steps`,
    off: (n) => `${n} points off the picture`,
    noSteps: "no steps taken",
    canvas: "Left: the cost curve C(w) with the path of gradient descent, a dot per step. " +
      "Right: the length of each step.",
  },
  zh: {
    start: "起点 w",
    lr: "学习率 \u03b7",
    steps: "步数",
    play: "播放",
    stop: "停止",
    playLabel: "一步一步地播放",
    end: (w, c) => `终点：w = ${w}，C(w) = ${c}`,
    at: (k, n, w, c) => `第 ${k} 步（共 ${n} 步）：w = ${w}，C(w) = ${c}`,
    stopped: (k) => `（${k} 步后停止：路径跑得太远）`,
    wAxis: "输入 w",
    costAxis: "代价 C(w)",
    stepsTitle: "每一步的长度",
    stepAxis: "第几步",
    stepLengthAxis: "步长 |\u0394w|",
    startLegend: "起点",
    endLegend: (k) => `${k} 步之后`,
    off: (n) => `${n} 个点在图外`,
    noSteps: "还没有走一步",
    canvas: "左：代价曲线 C(w) 和梯度下降的路径，每一步一个点。右：每一步的长度。",
  },
};

// ------------------------------------------------------------------ the maths (JS twins)
/** Where the cost is drawn: mlpbook.lessons.descent.COST1D_RANGE. */
export const COST1D_RANGE = [-5.0, 4.0];

/** Twin of mlpbook.lessons.descent.cost1d: C(w) = 0.12 w² + sin 2w + 0.3 w + 2. */
export function cost1d(w) {
  return 0.12 * (w * w) + Math.sin(2 * w) + 0.3 * w + 2.0;
}

/** Twin of mlpbook.lessons.descent.slope1d: C′(w) = 0.24 w + 2 cos 2w + 0.3. */
export function slope1d(w) {
  return 0.24 * w + 2.0 * Math.cos(2 * w) + 0.3;
}

/**
 * Twin of mlpbook.lessons.descent.descend for one input: w ← w − lr·grad(w), `steps` times.
 * Stops early when w stops being finite or grows beyond `limit`, as the Python does.
 */
export function descend(start, lr, steps, limit = 1e6, grad = slope1d) {
  let x = start;
  const path = [x];
  for (let i = 0; i < steps; i++) {
    x = x - lr * grad(x);
    if (!Number.isFinite(x)) break;
    path.push(x);
    if (Math.abs(x) > limit) break;
  }
  return path;
}

/** Twin of mlpbook.lessons.descent.step_sizes for one input: |w[k+1] − w[k]|. */
export function stepSizes(path) {
  const sizes = [];
  for (let k = 1; k < path.length; k++) sizes.push(Math.abs(path[k] - path[k - 1]));
  return sizes;
}

// The learning rate's slider is logarithmic: position 0..LR_POSITIONS along log(η), each
// position multiplying η by the same factor; η is kept to 3 significant digits, so the
// readout is the exact value used, and every position gives a different η.
export const LR_RANGE = [1e-3, 2.0];
export const LR_POSITIONS = 400;

/** The learning rate at slider position `position` (0..LR_POSITIONS). */
export function lrFromPosition(position) {
  const [lo, hi] = LR_RANGE;
  const t = Math.min(1, Math.max(0, position / LR_POSITIONS));
  return Number((lo * (hi / lo) ** t).toPrecision(3));
}

/** The slider position nearest to learning rate `lr`. */
export function positionFromLr(lr) {
  const [lo, hi] = LR_RANGE;
  const t = Math.log(lr / lo) / Math.log(hi / lo);
  return Math.min(LR_POSITIONS, Math.max(0, Math.round(t * LR_POSITIONS)));
}

/** η for people: 3 significant digits, no trailing zeros (Python's format "3g"). */
export function formatLr(lr) {
  return String(Number(lr.toPrecision(3)));
}

/** A labelled logarithmic slider for a positive trait; keyboard works (native range input). */
function logSlider(model, trait, {label, format}) {
  const id = uniqueId("slider");
  const input = h("input", {type: "range", id, min: 0, max: LR_POSITIONS, step: 1,
    class: "mlpbook-range"});
  const readout = h("output", {for: id, class: "mlpbook-readout"});
  const root = h("div", {class: "mlpbook-control"}, h("label", {for: id}, label), input, readout);
  const update = () => {
    const value = Number(model.get(trait));
    input.value = String(positionFromLr(value));
    input.setAttribute("aria-valuetext", format(value));
    readout.textContent = format(value);
  };
  input.addEventListener("input", () => {
    model.set(trait, lrFromPosition(Number(input.value)));
    model.save_changes();
  });
  model.on(`change:${trait}`, update);
  update();
  return {root, input, update, off: () => model.off(`change:${trait}`, update)};
}

// ------------------------------------------------------------------ drawing
const WIDTH = 680;
const HEIGHT = 270;
const CURVE_POINTS = 600;

function dot(ctx, x, y, radius, fill, stroke, width = 1) {
  ctx.beginPath();
  ctx.arc(x, y, radius, 0, 2 * Math.PI);
  if (fill) {
    ctx.fillStyle = fill;
    ctx.fill();
  }
  if (stroke) {
    ctx.strokeStyle = stroke;
    ctx.lineWidth = width;
    ctx.stroke();
  }
}

/** The cost curve and the first `shown` steps of `path` (the plot of viz.plot_descent_1d). */
function drawPath(ctx, path, shown, text, style) {
  const [lo, hi] = COST1D_RANGE;
  const ws = Array.from({length: CURVE_POINTS},
    (_, i) => lo + ((hi - lo) * i) / (CURVE_POINTS - 1));
  const cs = ws.map(cost1d);
  const cMin = Math.min(...cs);
  const cMax = Math.max(...cs);
  const pad = (cMax - cMin) * 0.08 || 1;
  const p = plotPanel(54, 16, 370, HEIGHT - 16 - 44, [lo, hi], [cMin - pad, cMax + pad]);
  const yt = niceTicks(cMin - pad, cMax + pad, 5);
  drawAxes(ctx, p, {xTicks: niceTicks(lo, hi, 8).ticks, yTicks: yt.ticks, xLabel: text.wAxis,
    yLabel: text.costAxis, title: "", xFormat: (v) => fmt(v, 0), yFormat: (v) => fmt(v, yt.digits),
    yLabelGap: 36, ...style});
  ctx.save();
  ctx.strokeStyle = COLORS.grey;
  ctx.lineWidth = 1.6;
  ctx.beginPath();
  ws.forEach((w, i) => (i === 0 ? ctx.moveTo(p.x(w), p.y(cs[i])) : ctx.lineTo(p.x(w), p.y(cs[i]))));
  ctx.stroke();

  const points = path.slice(0, shown + 1);
  const inside = (w) => w >= lo && w <= hi;
  ctx.strokeStyle = COLORS.blue;
  ctx.globalAlpha = 0.7;
  ctx.lineWidth = 0.9;
  ctx.beginPath();
  for (let k = 1; k < points.length; k++) {
    if (inside(points[k - 1]) && inside(points[k])) {
      ctx.moveTo(p.x(points[k - 1]), p.y(cost1d(points[k - 1])));
      ctx.lineTo(p.x(points[k]), p.y(cost1d(points[k])));
    }
  }
  ctx.stroke();
  ctx.globalAlpha = 1;
  for (const w of points) if (inside(w)) dot(ctx, p.x(w), p.y(cost1d(w)), 2.6, COLORS.blue);
  const first = points[0];
  const last = points[points.length - 1];
  if (inside(first)) dot(ctx, p.x(first), p.y(cost1d(first)), 5, "#ffffff", "#000000", 1.4);
  if (points.length > 1 && inside(last)) {
    dot(ctx, p.x(last), p.y(cost1d(last)), 5, COLORS.green, "#000000", 0.8);
  }
  const off = points.filter((w) => !inside(w)).length;
  ctx.font = `11px ${style.font}`;
  ctx.textBaseline = "middle";
  if (off > 0) {
    ctx.fillStyle = COLORS.red;
    ctx.textAlign = "right";
    ctx.fillText(text.off(off), p.left + p.width, p.top + 6);
  }
  // legend, bottom left (the valleys are lower down in the middle of the picture)
  ctx.textAlign = "left";
  ctx.fillStyle = style.ink;
  const legendY = p.top + 8 + (off > 0 ? 16 : 0);
  dot(ctx, p.left + 12, legendY, 5, "#ffffff", "#000000", 1.4);
  ctx.fillStyle = style.ink;
  ctx.fillText(text.startLegend, p.left + 22, legendY);
  if (points.length > 1) {
    dot(ctx, p.left + 12, legendY + 16, 5, COLORS.green, "#000000", 0.8);
    ctx.fillStyle = style.ink;
    ctx.fillText(text.endLegend(points.length - 1), p.left + 22, legendY + 16);
  }
  ctx.restore();
}

/** Bars of the first `shown` step lengths, on axes sized for all of them. */
function drawStepSizes(ctx, sizes, shown, text, style) {
  const n = sizes.length;
  const left = 486;
  const top = 28;
  const width = WIDTH - left - 12;
  const height = HEIGHT - top - 44;
  if (n === 0) {
    ctx.save();
    ctx.fillStyle = style.ink;
    ctx.font = `12px ${style.font}`;
    ctx.textAlign = "center";
    ctx.fillText(text.noSteps, left + width / 2, top + height / 2);
    ctx.restore();
    return;
  }
  const biggest = Math.max(...sizes) || 1;
  const yt = niceTicks(0, biggest * 1.05, 4);
  const p = plotPanel(left, top, width, height, [0.4, n + 0.6], [0, biggest * 1.05]);
  const xt = niceTicks(1, n, Math.min(n, 5)).ticks.filter((t) => t >= 1 && Number.isInteger(t));
  drawAxes(ctx, p, {xTicks: xt, yTicks: yt.ticks, xLabel: text.stepAxis,
    yLabel: text.stepLengthAxis, title: text.stepsTitle, xFormat: String,
    yFormat: (v) => fmt(v, yt.digits), yLabelGap: 36, ...style});
  ctx.fillStyle = COLORS.blue;
  const half = 0.4;
  for (let k = 0; k < shown; k++) {
    const x0 = p.x(k + 1 - half);
    const top = p.y(sizes[k]);
    ctx.fillRect(x0, top, Math.max(1, p.x(k + 1 + half) - x0), p.y(0) - top);
  }
}

// ------------------------------------------------------------------ the view
function build(model, el) {
  const text = TEXT[model.get("language")] || TEXT.en;
  const offs = [];
  const on = (event, fn) => {
    model.on(event, fn);
    offs.push(() => model.off(event, fn));
  };
  const start = slider(model, "start", {label: text.start, min: COST1D_RANGE[0] + 0.2,
    max: COST1D_RANGE[1] - 0.2, step: 0.05, format: (v) => fmt(v, 2)});
  const lr = logSlider(model, "lr", {label: text.lr, format: formatLr});
  offs.push(lr.off);
  const steps = slider(model, "steps", {label: text.steps, min: 0, max: 100, step: 1,
    format: (v) => String(Math.round(v))});
  // The button's name is the word it shows (play / stop); the icon is decoration.
  const playIcon = h("span", {"aria-hidden": "true"});
  const playWord = h("span");
  const play = h("button", {type: "button", class: "mlpbook-descent-play",
    title: text.playLabel}, playIcon, playWord);
  const showPlay = (playing) => {
    playIcon.textContent = playing ? "\u25a0 " : "\u25b6 ";
    playWord.textContent = playing ? text.stop : text.play;
  };
  showPlay(false);
  // The title changes with every step shown; a screen reader hears only where it ends.
  const title = h("div", {class: "mlpbook-formula mlpbook-descent-end"});
  const status = announcer();
  const {canvas, ctx} = hidpiCanvas(WIDTH, HEIGHT,
    {role: "img", "aria-label": text.canvas, class: "mlpbook-descent-figure"});
  el.append(h("div", {class: "mlpbook-controls"}, start.root, lr.root, steps.root, play),
    title, canvas, status.node);

  let path = [];
  let sizes = [];
  let shown = 0;        // how many steps are drawn (all of them unless playing)
  let playing = 0;      // requestAnimationFrame handle while playing
  let pending = 0;

  const compute = () => {
    path = descend(Number(model.get("start")), Number(model.get("lr")),
      Math.round(Number(model.get("steps"))));
    sizes = stepSizes(path);
  };
  const showTitle = () => {
    const w = path[shown];
    const c = cost1d(w);
    const n = path.length - 1;
    let words = playing ? text.at(shown, n, fmt(w, 3), fmt(c, 3)) : text.end(fmt(w, 3), fmt(c, 3));
    if (n < Math.round(Number(model.get("steps")))) words += text.stopped(n);
    title.textContent = words;
    if (!playing) status.say(words);
  };
  const style = () => {
    const css = getComputedStyle(el);
    return {ink: css.color || "#222", font: css.fontFamily || "sans-serif"};
  };
  const draw = () => {
    const look = style();
    ctx.clearRect(0, 0, WIDTH, HEIGHT);
    drawPath(ctx, path, shown, text, look);
    drawStepSizes(ctx, sizes, shown, text, look);
  };
  const schedule = () => {
    if (!pending) {
      pending = requestAnimationFrame(() => {
        pending = 0;
        draw();
      });
    }
  };

  const stop = () => {
    if (playing) cancelAnimationFrame(playing);
    playing = 0;
    showPlay(false);
    shown = path.length - 1;
  };
  const update = () => {
    stop();
    compute();
    shown = path.length - 1;
    showTitle();
    schedule();
  };
  const begin = () => {
    const n = path.length - 1;
    if (n === 0) return;
    // About 3 s in all, a step at a time; a reader who asked for less motion gets a few
    // calm jumps instead (at most 6, 0.6 s apart).
    const calm = prefersReducedMotion();
    const jumps = calm ? Math.min(n, 6) : n;
    const interval = calm ? 600 : Math.min(250, Math.max(30, 3000 / n));
    const t0 = performance.now();
    shown = 0;
    status.quiet();
    showPlay(true);
    const tick = (now) => {
      // (a frame's time stamp may be a little older than the click: never a step -1)
      const jump = Math.max(0, Math.min(jumps, Math.floor((now - t0) / interval)));
      const next = Math.round((jump * n) / jumps);
      const changed = next !== shown;
      shown = next;
      if (shown >= n) {
        playing = 0;
        stop();
      } else {
        playing = requestAnimationFrame(tick);
      }
      if (changed || !playing) {  // draw only when the picture changes
        showTitle();
        draw();
      }
    };
    playing = requestAnimationFrame(tick);
    showTitle();
    draw();
  };
  play.addEventListener("click", () => (playing ? (stop(), showTitle(), schedule()) : begin()));

  for (const trait of ["start", "lr", "steps"]) on(`change:${trait}`, update);
  offs.push(onThemeChange(draw));
  compute();
  shown = path.length - 1;
  showTitle();
  status.quiet();
  draw();
  return () => {
    stop();
    status.quiet();
    if (pending) cancelAnimationFrame(pending);
    offs.forEach((off) => off());
  };
}

export default rebuiltOnLanguage("descent_explorer", build);
