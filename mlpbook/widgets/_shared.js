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

/** A canvas drawn at the screen's pixel density; ctx is scaled to CSS pixels. */
export function hidpiCanvas(width, height, attrs = {}) {
  const ratio = Math.max(1, Math.min(3, window.devicePixelRatio || 1));
  const canvas = h("canvas", {width: Math.round(width * ratio), height: Math.round(height * ratio),
    ...attrs});
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  const ctx = canvas.getContext("2d");
  ctx.scale(ratio, ratio);
  return {canvas, ctx, width, height};
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
