// Chapter 3's squish explorer: f(w·x + b) for a neuron with one input x, drawn in the browser.
// The sliders and the sigmoid/ReLU toggle change the model; every change redraws the curve,
// the title (where the step sits) and the formula. squishCurve and stepPosition are the
// twins of mlpbook.lessons.activations.squish_curve and step_position (tested equal).

const TEXT = {
  en: {
    weight: "weight w",
    bias: "bias b",
    fn: "function",
    sigmoid: "sigmoid",
    relu: "ReLU",
    midpoint: "midpoint",
    bend: "bend",
    where: (what, x) => `${what} at x = \u2212b/w = ${x}`,
    flat: "w = 0: the neuron ignores its input",
    xlabel: "input x",
    ylabel: "activation",
    figure: (formula) => `The curve ${formula}, with the plain curve dotted for comparison`,
  },
  zh: {
    weight: "权重 w",
    bias: "偏置 b",
    fn: "激活函数",
    sigmoid: "sigmoid",
    relu: "ReLU",
    midpoint: "中点",
    bend: "折点",
    where: (what, x) => `${what}在 x = \u2212b/w = ${x}`,
    flat: "w = 0：神经元不理会它的输入",
    xlabel: "输入 x",
    ylabel: "激活值",
    figure: (formula) => `曲线 ${formula}，虚线是原函数，供比较`,
  },
};

const Z_MAX = 8;
const Y_RANGE = {sigmoid: [-0.05, 1.05], relu: [-0.5, 10]};
const Y_TICKS = {sigmoid: [0, 0.5, 1], relu: [0, 2, 4, 6, 8, 10]};
const SYMBOL = {sigmoid: "\u03c3", relu: "ReLU"};

/** max(0, z). */
export function relu(z) {
  return Math.max(z, 0);
}

/** f(w·x + b) for a number x or each entry of an array x (twin of squish_curve). */
export function squishCurve(x, w = 1, b = 0, activation = "sigmoid") {
  const f = {sigmoid, relu}[activation];
  if (!f) throw new Error(`activation must be 'sigmoid' or 'relu', got ${activation}`);
  if (Array.isArray(x) || ArrayBuffer.isView(x)) return Array.from(x, (v) => f(w * v + b));
  return f(w * x + b);
}

/** The x where w·x + b = 0, or null when w = 0 (twin of step_position). */
export function stepPosition(w, b) {
  return w === 0 ? null : -b / w + 0;  // + 0 turns -0 into 0
}

/** A short number for a formula: 2, 2.5, −0.1 (at most two decimals, real minus sign). */
export function short(x) {
  return fmt(Math.round(x * 100) / 100, 2).replace(/\.?0+$/, "");
}

/** The formula with the current numbers, e.g. "σ(2·x − 3)". */
export function formula(w, b, activation) {
  const sign = b < 0 ? "\u2212" : "+";
  return `${SYMBOL[activation]}(${short(w)}\u00b7x ${sign} ${short(Math.abs(b))})`;
}

/** The line above the figure: where the step (or bend) sits, or the w = 0 message. */
export function title(w, b, activation, language = "en") {
  const text = TEXT[language] || TEXT.en;
  const where = stepPosition(w, b);
  if (where === null) return text.flat;
  return text.where(activation === "relu" ? text.bend : text.midpoint, fmt(where, 2));
}

function drawCurve(ctx, box, w, b, activation, style) {
  const [y0, y1] = Y_RANGE[activation];
  const n = 400;
  const zs = Array.from({length: n + 1}, (_, i) => -Z_MAX + (2 * Z_MAX * i) / n);
  const ys = squishCurve(zs, w, b, activation);
  ctx.save();
  ctx.beginPath();
  ctx.rect(box.left, box.top, box.width, box.height);
  ctx.clip();
  ctx.strokeStyle = style.color;
  ctx.lineWidth = style.width;
  ctx.setLineDash(style.dash || []);
  ctx.beginPath();
  zs.forEach((z, i) => {
    const x = box.left + ((z + Z_MAX) / (2 * Z_MAX)) * box.width;
    const y = box.top + ((y1 - ys[i]) / (y1 - y0)) * box.height;
    if (i === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y);
  });
  ctx.stroke();
  ctx.restore();
}

function drawFigure(fig, ink, w, b, activation, text) {
  const {ctx, width, height} = fig;
  const box = {left: 48, top: 10, width: width - 48 - 14, height: height - 10 - 40};
  const [y0, y1] = Y_RANGE[activation];
  const px = (z) => box.left + ((z + Z_MAX) / (2 * Z_MAX)) * box.width;
  const py = (y) => box.top + ((y1 - y) / (y1 - y0)) * box.height;
  ctx.clearRect(0, 0, width, height);
  ctx.font = "12px sans-serif";
  ctx.fillStyle = ink;
  ctx.strokeStyle = COLORS.grey;
  ctx.lineWidth = 0.6;
  // axes through zero, and the frame's left and bottom edges with ticks
  ctx.beginPath();
  ctx.moveTo(px(0), box.top); ctx.lineTo(px(0), box.top + box.height);
  ctx.moveTo(box.left, py(0)); ctx.lineTo(box.left + box.width, py(0));
  ctx.stroke();
  ctx.strokeStyle = ink;
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(box.left, box.top); ctx.lineTo(box.left, box.top + box.height);
  ctx.lineTo(box.left + box.width, box.top + box.height);
  ctx.stroke();
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  for (let z = -Z_MAX; z <= Z_MAX; z += 2) {
    ctx.beginPath();
    ctx.moveTo(px(z), box.top + box.height); ctx.lineTo(px(z), box.top + box.height + 4);
    ctx.stroke();
    ctx.fillText(fmt(z, 0), px(z), box.top + box.height + 6);
  }
  ctx.fillText(text.xlabel, box.left + box.width / 2, box.top + box.height + 22);
  ctx.textAlign = "right";
  ctx.textBaseline = "middle";
  for (const y of Y_TICKS[activation]) {
    ctx.beginPath();
    ctx.moveTo(box.left - 4, py(y)); ctx.lineTo(box.left, py(y));
    ctx.stroke();
    ctx.fillText(fmt(y, y % 1 ? 1 : 0), box.left - 6, py(y));
  }
  ctx.save();
  ctx.translate(12, box.top + box.height / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textAlign = "center";
  ctx.fillText(text.ylabel, 0, 0);
  ctx.restore();
  // the plain f(x), dotted grey, then f(w·x + b) in blue with its step marked
  drawCurve(ctx, box, 1, 0, activation, {color: COLORS.grey, width: 1.2, dash: [2, 3]});
  drawCurve(ctx, box, w, b, activation, {color: COLORS.blue, width: 2.2});
  const where = stepPosition(w, b);
  if (where !== null && Math.abs(where) <= Z_MAX) {
    ctx.fillStyle = COLORS.blue;
    ctx.beginPath();
    ctx.arc(px(where), py(activation === "sigmoid" ? 0.5 : 0), 4, 0, 2 * Math.PI);
    ctx.fill();
  }
  // legend, top left
  const legend = [[`${SYMBOL[activation]}(x)`, COLORS.grey, [2, 3], 1.2],
    [formula(w, b, activation), COLORS.blue, [], 2.2]];
  ctx.textAlign = "left";
  legend.forEach(([label, color, dash, lw], i) => {
    const y = box.top + 10 + 17 * i;
    ctx.strokeStyle = color;
    ctx.lineWidth = lw;
    ctx.setLineDash(dash);
    ctx.beginPath();
    ctx.moveTo(box.left + 10, y); ctx.lineTo(box.left + 34, y);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = ink;
    ctx.fillText(label, box.left + 40, y);
  });
}

export default {
  render({model, el}) {
    const text = TEXT[model.get("language")] || TEXT.en;
    el.classList.add("mlpbook-widget", "mlpbook-squish_explorer");
    const wSlider = slider(model, "w", {label: text.weight, min: -5, max: 10, step: 0.1,
      format: (v) => fmt(v, 1)});
    const bSlider = slider(model, "b", {label: text.bias, min: -10, max: 10, step: 0.5,
      format: (v) => fmt(v, 1)});
    const buttons = ["sigmoid", "relu"].map((name) => h("button", {type: "button",
      "data-activation": name, onclick: () => {
        model.set("activation", name);
        model.save_changes();
      }}, text[name]));
    const toggleLabel = uniqueId("squish-fn");
    const toggle = h("div", {class: "mlpbook-control"},
      h("span", {id: toggleLabel}, text.fn),
      h("div", {role: "group", "aria-labelledby": toggleLabel, class: "mlpbook-toggle"},
        buttons));
    const heading = h("div", {class: "mlpbook-squish-title"});
    const status = announcer();  // the title, said once the sliders settle
    const fig = hidpiCanvas(660, 270, {role: "img"});
    const line = h("div", {class: "mlpbook-formula"});
    el.append(h("div", {class: "mlpbook-controls"}, wSlider.root, bSlider.root, toggle),
      heading, fig.canvas, line, status.node);

    let pending = false;
    const draw = () => {
      pending = false;
      const w = Number(model.get("w"));
      const b = Number(model.get("b"));
      const activation = model.get("activation") === "relu" ? "relu" : "sigmoid";
      for (const button of buttons) {
        button.setAttribute("aria-pressed", String(button.dataset.activation === activation));
      }
      const current = formula(w, b, activation);
      heading.textContent = title(w, b, activation, model.get("language"));
      status.say(heading.textContent);
      line.textContent = `a = ${SYMBOL[activation]}(w\u00b7x + b) = ${current}`;
      fig.canvas.setAttribute("aria-label", text.figure(current));
      drawFigure(fig, getComputedStyle(el).color || "#222", w, b, activation, text);
    };
    const schedule = () => {
      if (!pending) {
        pending = true;
        requestAnimationFrame(draw);
      }
    };
    const events = ["change:w", "change:b", "change:activation"];
    for (const event of events) model.on(event, schedule);
    const offTheme = onThemeChange(schedule);
    draw();
    status.quiet();
    return () => {
      offTheme();
      status.quiet();
      for (const event of events) model.off(event, schedule);
    };
  },
};
