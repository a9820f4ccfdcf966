// Chapter 4's cost explorer (see cost_explorer.py). _base.py puts _shared.js in front of
// this file, so h, uniqueId, fmt, slider, hidpiCanvas, COLORS and the plot helpers
// plotPanel and drawAxes are in scope here.

const TEXT = {
  en: {
    digit: "right digit",
    output: "its output",
    rest: "the rest",
    spread: "spread evenly",
    allOn: (k) => `all on ${k}`,
    barsTitle: "the 10 outputs (dashed: the desired output)",
    digitAxis: "digit",
    activationAxis: "output activation",
    curvesTitle: "cost of this image",
    costAxis: "cost",
    curveAxis: (k) => `output for the right digit ${k}`,
    quadratic: "quadratic",
    crossEntropy: "cross-entropy",
    quadraticLine: (total, right, others) =>
      [`quadratic cost \u03a3(a \u2212 y)\u00b2 = `, total,
        `   (right digit ${right}, the other nine ${others})`],
    crossEntropyLine: (label, a, total) =>
      [`cross-entropy \u2212ln a${subscript(label)} = \u2212ln ${a} = `, total],
    canvas: "Left: bars of the ten outputs against the desired output. Right: the quadratic " +
      "and cross-entropy costs against the right digit's output, the current setting marked.",
  },
  zh: {
    digit: "正确的数字",
    output: "它的输出",
    rest: "其余的输出",
    spread: "平均分给其他数字",
    allOn: (k) => `全部给 ${k}`,
    barsTitle: "10 个输出（虚线：期望输出）",
    digitAxis: "数字",
    activationAxis: "输出激活值",
    curvesTitle: "这张图像的代价",
    costAxis: "代价",
    curveAxis: (k) => `正确数字 ${k} 的输出`,
    quadratic: "二次代价",
    crossEntropy: "交叉熵",
    quadraticLine: (total, right, others) =>
      [`二次代价 \u03a3(a \u2212 y)\u00b2 = `, total, `（正确数字 ${right}，其余九个 ${others}）`],
    crossEntropyLine: (label, a, total) =>
      [`交叉熵 \u2212ln a${subscript(label)} = \u2212ln ${a} = `, total],
    canvas: "左：10 个输出的柱状图与期望输出。右：二次代价和交叉熵随正确数字的输出变化的曲线，" +
      "标出当前的设置。",
  },
};

function subscript(n) {
  return String(n).replace(/[0-9]/g, (d) => String.fromCharCode(0x2080 + Number(d)));
}

// ------------------------------------------------------------------ the maths (JS twins)

/** Twin of mlpbook.lessons.cost.confident_output: `confidence` on `label`, the rest spread or on
 * `rival`. */
export function confidentOutput(label, confidence, rival = null, nClasses = 10) {
  const a = new Array(nClasses);
  if (rival === null || rival === undefined || rival === label) {
    a.fill((1.0 - confidence) / (nClasses - 1));
  } else {
    a.fill(0.0);
    a[rival] = 1.0 - confidence;
  }
  a[label] = confidence;
  return a;
}

/** Twin of mlpbook.lessons.cost.output_costs: {quadratic: Σ(a − y)², quadratic_half, cross_entropy}. */
export function outputCosts(a, label) {
  let sum = 0.0;
  for (let j = 0; j < a.length; j++) {
    const d = a[j] - (j === label ? 1.0 : 0.0);
    sum += d * d;
  }
  const half = 0.5 * sum;
  return {quadratic: 2.0 * half, quadratic_half: half,
    cross_entropy: -Math.log(Math.max(a[label], 1e-300))};
}

/** Both costs at every right-digit output p of `grid`, the rest placed as `rival` says. */
export function costCurves(label, rival, grid) {
  const quadratic = [];
  const crossEntropy = [];
  for (const p of grid) {
    const c = outputCosts(confidentOutput(label, p, rival), label);
    quadratic.push(c.quadratic);
    crossEntropy.push(c.cross_entropy);
  }
  return {quadratic, cross_entropy: crossEntropy};
}

// ------------------------------------------------------------------ drawing
const WIDTH = 680;
const HEIGHT = 270;
const GRID = Array.from({length: 197}, (_, i) => 0.01 + i * 0.005);

function drawBars(ctx, a, label, text, style) {
  const p = plotPanel(52, 28, 300, HEIGHT - 28 - 44, [-0.6, 9.6], [0, 1.05]);
  drawAxes(ctx, p, {xTicks: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], yTicks: [0, 0.25, 0.5, 0.75, 1],
    xLabel: text.digitAxis, yLabel: text.activationAxis, title: text.barsTitle,
    xFormat: String, yFormat: (v) => fmt(v, 2), ...style});
  const half = 0.35;
  for (let k = 0; k < a.length; k++) {
    ctx.fillStyle = k === label ? COLORS.green : COLORS.blue;
    const top = p.y(a[k]);
    ctx.fillRect(p.x(k - half), top, p.x(k + half) - p.x(k - half), p.y(0) - top);
  }
  ctx.save();
  ctx.strokeStyle = style.ink;
  ctx.setLineDash([4, 3]);
  ctx.lineWidth = 1.2;
  ctx.strokeRect(p.x(label - half), p.y(1), p.x(label + half) - p.x(label - half), p.y(0) - p.y(1));
  ctx.restore();
}

function drawCurves(ctx, label, confidence, rival, now, text, style) {
  const p = plotPanel(432, 28, 232, HEIGHT - 28 - 44, [0, 1], [0, 5]);
  drawAxes(ctx, p, {xTicks: [0, 0.25, 0.5, 0.75, 1], yTicks: [0, 1, 2, 3, 4, 5],
    xLabel: text.curveAxis(label), yLabel: text.costAxis, title: text.curvesTitle,
    xFormat: (v) => fmt(v, 2), yFormat: String, ...style});
  const curves = costCurves(label, rival, GRID);
  const lines = [["quadratic", COLORS.blue, text.quadratic],
    ["cross_entropy", COLORS.green, text.crossEntropy]];
  ctx.save();
  ctx.beginPath();
  ctx.rect(p.left, p.top - 4, p.width + 4, p.height + 4);
  ctx.clip();
  ctx.strokeStyle = COLORS.grey;
  ctx.setLineDash([3, 3]);
  ctx.beginPath();
  ctx.moveTo(p.x(confidence), p.top);
  ctx.lineTo(p.x(confidence), p.top + p.height);
  ctx.stroke();
  ctx.setLineDash([]);
  ctx.lineWidth = 2;
  for (const [key, colour] of lines) {
    ctx.strokeStyle = colour;
    ctx.beginPath();
    GRID.forEach((x, i) => {
      const y = p.y(Math.min(curves[key][i], 6));
      if (i === 0) ctx.moveTo(p.x(x), y); else ctx.lineTo(p.x(x), y);
    });
    ctx.stroke();
  }
  for (const [key, colour] of lines) {
    ctx.fillStyle = colour;
    ctx.strokeStyle = style.ink;
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.arc(p.x(confidence), p.y(Math.min(now[key], 5.05)), 4.5, 0, 2 * Math.PI);
    ctx.fill();
    ctx.stroke();
  }
  ctx.restore();
  ctx.save();
  ctx.font = `11px ${style.font}`;
  ctx.textBaseline = "middle";
  lines.forEach(([, colour, name], i) => {
    const y = p.top + 8 + i * 16;
    const x = p.left + p.width - 96;
    ctx.strokeStyle = colour;
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.moveTo(x, y);
    ctx.lineTo(x + 18, y);
    ctx.stroke();
    ctx.fillStyle = style.ink;
    ctx.fillText(name, x + 23, y);
  });
  ctx.restore();
}

// ------------------------------------------------------------------ the view
function labelled(text, control) {
  const id = uniqueId("select");
  control.id = id;
  return h("div", {class: "mlpbook-control"}, h("label", {for: id}, text), control);
}

function build(model, el) {
  const text = TEXT[model.get("language")] || TEXT.en;
  const offs = [];
  const on = (event, fn) => {
    model.on(event, fn);
    offs.push(() => model.off(event, fn));
  };

  const digit = h("select", {class: "mlpbook-cost-label"},
    Array.from({length: 10}, (_, k) => h("option", {value: k}, String(k))));
  const rest = h("select", {class: "mlpbook-cost-rival"},
    h("option", {value: ""}, text.spread),
    Array.from({length: 10}, (_, k) => h("option", {value: k}, text.allOn(k))));
  digit.addEventListener("change", () => {
    model.set("label", Number(digit.value));
    model.save_changes();
  });
  rest.addEventListener("change", () => {
    model.set("rival", rest.value === "" ? null : Number(rest.value));
    model.save_changes();
  });
  const output = slider(model, "confidence", {label: text.output, min: 0.01, max: 0.99,
    step: 0.01, format: (v) => fmt(v, 2)});

  const {canvas, ctx} = hidpiCanvas(WIDTH, HEIGHT,
    {role: "img", "aria-label": text.canvas, class: "mlpbook-cost-figure"});
  const quadratic = h("span", {class: "mlpbook-cost-quadratic"});
  const crossEntropy = h("span", {class: "mlpbook-cost-cross-entropy"});
  const quadraticLine = h("div");
  const crossEntropyLine = h("div");
  const numbers = h("div", {class: "mlpbook-formula mlpbook-cost-numbers"},
    quadraticLine, crossEntropyLine);
  const status = announcer();  // both costs, said once the slider settles

  el.append(
    h("div", {class: "mlpbook-controls"}, labelled(text.digit, digit), labelled(text.rest, rest),
      output.root),
    canvas, numbers, status.node);

  const state = () => {
    const label = model.get("label");
    const rival = model.get("rival");
    const confidence = model.get("confidence");
    return {label, confidence, rival: rival === undefined ? null : rival};
  };

  const showNumbers = () => {
    const {label, confidence, rival} = state();
    const a = confidentOutput(label, confidence, rival);
    const now = outputCosts(a, label);
    const right = (1 - confidence) ** 2;
    quadratic.textContent = fmt(now.quadratic, 3);
    crossEntropy.textContent = fmt(now.cross_entropy, 3);
    quadraticLine.replaceChildren(...text.quadraticLine(quadratic, fmt(right, 3),
      fmt(now.quadratic - right, 3)));
    crossEntropyLine.replaceChildren(...text.crossEntropyLine(label, fmt(confidence, 2),
      crossEntropy));
    digit.value = String(label);
    for (const option of rest.options) option.disabled = option.value === String(label);
    rest.value = rival === null || rival === label ? "" : String(rival);
    status.say(`${quadraticLine.textContent}; ${crossEntropyLine.textContent}`);
    return {label, confidence, rival, a, now};
  };

  const style = () => {
    const css = getComputedStyle(el);
    return {ink: css.color || "#222", font: css.fontFamily || "sans-serif"};
  };
  const draw = () => {
    const {label, confidence, rival, a, now} = showNumbers();
    const look = style();
    ctx.clearRect(0, 0, WIDTH, HEIGHT);
    drawBars(ctx, a, label, text, look);
    drawCurves(ctx, label, confidence, rival, now, text, look);
  };

  let pending = 0;
  const redraw = () => {
    showNumbers();  // the numbers at once, the figure at the next frame
    if (!pending) {
      pending = requestAnimationFrame(() => {
        pending = 0;
        draw();
      });
    }
  };
  for (const trait of ["label", "confidence", "rival"]) on(`change:${trait}`, redraw);
  offs.push(onThemeChange(draw));
  draw();
  status.quiet();
  return () => {
    status.quiet();
    if (pending) cancelAnimationFrame(pending);
    offs.forEach((off) => off());
  };
}

export default rebuiltOnLanguage("cost_explorer", build);
