// Helpers shared by every widget of the book. _base.py puts this file in front of each
// widget's own module, so a widget's _esm is one self-contained ES module (a static page
// cannot resolve a relative import, and nothing may come from a CDN).

/** A DOM element: h("div", {class: "x", onclick: f}, child, "text", ...). */
export function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") {
      node.addEventListener(key.slice(2), value);
    } else if (key === "style" && typeof value === "object") {
      Object.assign(node.style, value);
    } else {
      node.setAttribute(key, value === true ? "" : String(value));
    }
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

let uid = 0;
/** A unique id for label/for pairs (several widgets share one page). */
export function uniqueId(prefix = "mlpbook") {
  uid += 1;
  return `${prefix}-${Date.now().toString(36)}-${uid}`;
}

/** A number for people: fixed digits, a real minus sign, no "-0.00". */
export function fmt(x, digits = 2) {
  if (!Number.isFinite(x)) return String(x);
  const text = x.toFixed(digits);
  const zero = /^-0(\.0+)?$/.test(text);
  return (zero ? text.slice(1) : text).replace("-", "\u2212");
}

/**
 * A labelled range slider bound to a model trait. Keyboard (arrows, Page Up/Down, Home,
 * End) works because it is a native <input type="range">. Returns {root, input, update}.
 */
export function slider(model, trait, {label, min, max, step, format = (v) => fmt(v, 2)}) {
  const id = uniqueId("slider");
  const input = h("input", {type: "range", id, min, max, step, class: "mlpbook-range"});
  const readout = h("output", {for: id, class: "mlpbook-readout"});
  const root = h("div", {class: "mlpbook-control"},
    h("label", {for: id}, label), input, readout);
  const update = () => {
    const value = Number(model.get(trait));
    input.value = String(value);
    input.setAttribute("aria-valuetext", format(value));
    readout.textContent = format(value);
  };
  input.addEventListener("input", () => {
    model.set(trait, Number(input.value));
    model.save_changes();
  });
  model.on(`change:${trait}`, update);
  update();
  return {root, input, update};
}

/** A canvas drawn at the screen's pixel density; ctx is scaled to CSS pixels. On a narrow
 * screen it shrinks to the column's width and keeps its shape (its height follows), so a
 * circle stays a circle: draw in the `width` x `height` coordinates, and map pointer
 * positions through getBoundingClientRect. */
export function hidpiCanvas(width, height, attrs = {}) {
  const ratio = Math.max(1, Math.min(3, window.devicePixelRatio || 1));
  const canvas = h("canvas", {width: Math.round(width * ratio), height: Math.round(height * ratio),
    ...attrs});
  canvas.style.width = `${width}px`;
  canvas.style.maxWidth = "100%";
  canvas.style.height = "auto";
  canvas.style.aspectRatio = `${width} / ${height}`;
  const ctx = canvas.getContext("2d");
  ctx.scale(ratio, ratio);
  return {canvas, ctx, width, height};
}

// ---- every reader: the page's colour theme, reduced motion, announcements ------------

/**
 * Call `redraw` whenever the page's colour theme changes (the theme's switch sets
 * <html data-theme="light|dark">), so a canvas drawn with the text colour follows it.
 * Returns the function that stops listening.
 */
export function onThemeChange(redraw) {
  const root = document.documentElement;
  let frame = 0;
  const observer = new MutationObserver(() => {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(() => redraw());  // after the new colours apply
  });
  observer.observe(root, {attributes: true, attributeFilter: ["data-theme"]});
  return () => {
    cancelAnimationFrame(frame);
    observer.disconnect();
  };
}

/** True when the reader asked their system for less motion (animations then jump or step). */
export function prefersReducedMotion() {
  return Boolean(window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches);
}

/**
 * A visually hidden status line for screen readers: `say(words)` announces a result once it
 * has settled (the last words said within `delay` ms), never a frame-by-frame stream;
 * `quiet()` drops what is pending. Put `node` into the widget.
 */
export function announcer(delay = 400) {
  const node = h("div", {class: "mlpbook-sr-only mlpbook-announce", role: "status",
    "aria-live": "polite", "aria-atomic": "true"});
  let timer = 0;
  const say = (words) => {
    clearTimeout(timer);
    timer = setTimeout(() => { node.textContent = words; }, delay);
  };
  const quiet = () => clearTimeout(timer);
  return {node, say, quiet};
}

/** A bytes trait as a Float32Array / Float64Array (it arrives as a DataView, or an ArrayBuffer). */
export function floats(value, Kind = Float32Array) {
  if (!value) return new Kind(0);
  if (value instanceof Kind) return value;
  const buffer = value.buffer || value;
  const offset = value.byteOffset || 0;
  const length = (value.byteLength ?? buffer.byteLength) / Kind.BYTES_PER_ELEMENT;
  return new Kind(buffer.slice(offset, offset + length * Kind.BYTES_PER_ELEMENT));
}

// The book's colours (mlpbook/viz: BLUE, GREEN, RED, GREY): weights green where positive,
// red where negative, as in the video series.
export const COLORS = {blue: "#1f77b4", green: "#2ca02c", red: "#d62728", grey: "#7f7f7f",
  orange: "#ff7f0e"};

/** rgb() of a weight: green for positive, red for negative, white near zero. */
export function weightColor(value, limit) {
  const t = Math.max(-1, Math.min(1, limit > 0 ? value / limit : 0));
  const [r, g, b] = t >= 0 ? [44, 160, 44] : [214, 39, 40];
  const a = Math.abs(t);
  const mix = (c) => Math.round(255 + (c - 255) * a);
  return `rgb(${mix(r)}, ${mix(g)}, ${mix(b)})`;
}

// ---- the network's forward pass: sigmoid for every widget, layerActivations for
// drawing_pad.js and network_viewer.js (each exports it under the name `forward`).

/** The logistic function, written as in mlpbook.engine.reference.sigmoid (never overflows). */
export function sigmoid(z) {
  return 0.5 * (1 + Math.tanh(0.5 * z));
}

/** Activations of every layer, input first (twin of Network.feedforward for the last one).
 * weights: every layer's (n_out, n_in) matrix row-major, one after the other; biases alike.
 * Hidden layers use `activation` ("sigmoid" or "relu"), the output layer `output`
 * ("sigmoid" or "softmax"). */
export function layerActivations(sizes, weights, biases, x, activation = "sigmoid",
  output = "sigmoid") {
  const layers = [Float64Array.from(x)];
  let wOff = 0, bOff = 0;
  const last = sizes.length - 2;
  for (let l = 0; l <= last; l++) {
    const nIn = sizes[l], nOut = sizes[l + 1], a = layers[l];
    const next = new Float64Array(nOut);
    for (let j = 0; j < nOut; j++) {
      let z = biases[bOff + j];
      const row = wOff + j * nIn;
      for (let k = 0; k < nIn; k++) z += weights[row + k] * a[k];
      next[j] = z;
    }
    if (l < last || output !== "softmax") {
      const relu = l < last && activation === "relu";
      for (let j = 0; j < nOut; j++) next[j] = relu ? Math.max(next[j], 0) : sigmoid(next[j]);
    } else {
      let top = -Infinity, total = 0;
      for (let j = 0; j < nOut; j++) top = Math.max(top, next[j]);
      for (let j = 0; j < nOut; j++) { next[j] = Math.exp(next[j] - top); total += next[j]; }
      for (let j = 0; j < nOut; j++) next[j] /= total;
    }
    layers.push(next);
    wOff += nIn * nOut;
    bOff += nOut;
  }
  return layers;
}

// ---- plots on a canvas (cost_explorer.js, descent_explorer.js): a panel maps data to
// pixels, drawAxes draws its axes, ticks, labels and title.

/** About `count` round tick values covering [lo, hi]: {ticks, digits} (decimals they need). */
export function niceTicks(lo, hi, count = 5) {
  const raw = (hi - lo) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw) || raw;
  const ticks = [];
  for (let t = Math.ceil(lo / step - 1e-9) * step; t <= hi + 1e-9 * step; t += step) {
    ticks.push(Math.abs(t) < 1e-12 ? 0 : t);
  }
  return {ticks, digits: Math.max(0, -Math.floor(Math.log10(step) + 1e-9))};
}

/** A plotting box: maps data (x, y) to canvas pixels. */
export function plotPanel(left, top, width, height, [x0, x1], [y0, y1]) {
  return {left, top, width, height, x0, x1, y0, y1,
    x: (v) => left + ((v - x0) / (x1 - x0)) * width,
    y: (v) => top + height - ((v - y0) / (y1 - y0)) * height};
}

/** The axes of panel `p` with ticks, the axis labels and a title (none when empty);
 * the y label stands `yLabelGap` pixels left of the axis. */
export function drawAxes(ctx, p, {xTicks, yTicks, xLabel, yLabel, title, ink, font, xFormat,
  yFormat, yLabelGap = 34}) {
  ctx.save();
  ctx.strokeStyle = ink;
  ctx.fillStyle = ink;
  ctx.lineWidth = 1;
  ctx.font = `11px ${font}`;
  ctx.beginPath();
  ctx.moveTo(p.left, p.top);
  ctx.lineTo(p.left, p.top + p.height);
  ctx.lineTo(p.left + p.width, p.top + p.height);
  ctx.stroke();
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  for (const t of xTicks) {
    const x = p.x(t);
    ctx.beginPath();
    ctx.moveTo(x, p.top + p.height);
    ctx.lineTo(x, p.top + p.height + 4);
    ctx.stroke();
    ctx.fillText(xFormat(t), x, p.top + p.height + 6);
  }
  ctx.textAlign = "right";
  ctx.textBaseline = "middle";
  for (const t of yTicks) {
    const y = p.y(t);
    ctx.beginPath();
    ctx.moveTo(p.left - 4, y);
    ctx.lineTo(p.left, y);
    ctx.stroke();
    ctx.fillText(yFormat(t), p.left - 6, y);
  }
  ctx.font = `12px ${font}`;
  ctx.textAlign = "center";
  ctx.textBaseline = "bottom";
  ctx.fillText(xLabel, p.left + p.width / 2, p.top + p.height + 34);
  if (title) ctx.fillText(title, p.left + p.width / 2, p.top - 8);
  ctx.translate(p.left - yLabelGap, p.top + p.height / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.fillText(yLabel, 0, 0);
  ctx.restore();
}

// ---- a widget whose every label depends on the language -------------------------------

/**
 * The anywidget entry point of a widget built by `build(model, el)` (which returns its
 * cleanup): it adds the widget's classes and builds it again, in the new language, when
 * Python changes `language`.
 */
export function rebuiltOnLanguage(name, build) {
  return {
    render({model, el}) {
      el.classList.add("mlpbook-widget", `mlpbook-${name}`);
      let cleanup = build(model, el);
      const relabel = () => {
        cleanup();
        el.replaceChildren();
        cleanup = build(model, el);
      };
      model.on("change:language", relabel);
      return () => {
        model.off("change:language", relabel);
        cleanup();
      };
    },
  };
}
