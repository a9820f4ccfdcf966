// What the reader makes is kept in the browser (localStorage): their handwriting set and the
// network they trained last. localStorage survives reloads, works offline and, from file://,
// gives all the book's pages one origin (DESIGN.md §10), so chapter 7's trainer, chapter 8's
// fine-tuner and its drawing pad share one network, and both editions share one set.
// _base.py joins this file in front of the widgets that use it.
//
// Keys, independent of the language: "mlpbook/handwriting/v1" holds {digits: [{label,
// pixels: base64 of 784 bytes (0..255, the 28x28 image the network sees), id}]};
// "mlpbook/network/v1" holds {sizes, activation, cost, params: base64 of float64 LE, source,
// time}. A change made on this page is announced with a window event "mlpbook-store"; one
// made in another tab arrives as the browser's "storage" event.

export const SET_KEY = "mlpbook/handwriting/v1";
export const NETWORK_KEY = "mlpbook/network/v1";
/** Digits a set may hold (each takes about 1 KB of the browser's 5 MB). */
export const MAX_DIGITS = 500;

/** Bytes as base64 (in slices: String.fromCharCode takes a limited number of arguments). */
export function toBase64(bytes) {
  let text = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    text += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  }
  return btoa(text);
}

/** Base64 to bytes. */
export function fromBase64(text) {
  const raw = atob(text);
  const out = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i += 1) out[i] = raw.charCodeAt(i);
  return out;
}

function storage() {
  try {
    return globalThis.localStorage || null;
  } catch (error) {   // a browser that forbids storage for this page
    return null;
  }
}

function readJson(key) {
  const store = storage();
  if (!store) return null;
  try {
    return JSON.parse(store.getItem(key) || "null");
  } catch (error) {
    return null;      // damaged: as if empty
  }
}

/** Write a value; false when the browser refuses (storage off or full). */
function writeJson(key, value) {
  const store = storage();
  if (!store) return false;
  try {
    if (value === null) store.removeItem(key);
    else store.setItem(key, JSON.stringify(value));
  } catch (error) {
    return false;
  }
  window.dispatchEvent(new CustomEvent("mlpbook-store", {detail: {key}}));
  return true;
}

/** Call `callback(key)` when the set or the network changes, here or in another tab. */
export function onStoreChange(callback) {
  const here = (event) => callback(event.detail.key);
  const elsewhere = (event) => {
    if (event.key === null || event.key === SET_KEY || event.key === NETWORK_KEY) {
      callback(event.key);
    }
  };
  window.addEventListener("mlpbook-store", here);
  window.addEventListener("storage", elsewhere);
  return () => {
    window.removeEventListener("mlpbook-store", here);
    window.removeEventListener("storage", elsewhere);
  };
}

/** Whether this page may keep things (false: storage is off in this browser). */
export function storeAvailable() {
  const store = storage();
  if (!store) return false;
  try {
    store.setItem("mlpbook/probe", "1");
    store.removeItem("mlpbook/probe");
    return true;
  } catch (error) {
    return false;
  }
}

// ------------------------------------------------------------------ the handwriting set
/** The reader's digits: [{label, pixels: Uint8Array(784), id}], oldest first. */
export function loadDigits() {
  const stored = readJson(SET_KEY);
  const out = [];
  for (const d of (stored && Array.isArray(stored.digits) ? stored.digits : [])) {
    try {
      const pixels = fromBase64(d.pixels);
      if (pixels.length === 784 && Number.isInteger(d.label) && d.label >= 0 && d.label <= 9) {
        out.push({label: d.label, pixels, id: String(d.id)});
      }
    } catch (error) { /* a damaged entry is left out */ }
  }
  return out;
}

/** Keep `digits` as the set; false when the browser refused. */
export function saveDigits(digits) {
  return writeJson(SET_KEY, {digits: digits.map((d) => ({label: d.label,
    pixels: toBase64(d.pixels), id: d.id}))});
}

let idCount = 0;
/** A new digit of the set from the 784 values in 0..1 the network saw. */
export function newDigit(values, label) {
  const pixels = new Uint8Array(784);
  for (let i = 0; i < 784; i += 1) pixels[i] = Math.round(Math.min(1, Math.max(0, values[i])) * 255);
  idCount += 1;
  return {label, pixels, id: `${Date.now().toString(36)}-${idCount}`};
}

/**
 * Which digits are held out to test a fine-tuned network: of each label, in the order they
 * were added, every third one (the 3rd, 6th, ...). Twin of mlpbook.widgets.handwriting.held_out.
 */
export function heldOutMask(labels) {
  const seen = new Array(10).fill(0);
  return labels.map((label) => {
    seen[label] += 1;
    return seen[label] % 3 === 0;
  });
}

// ------------------------------------------------------------------ the reader's network
/** The network the reader trained (or loaded) last, or null: {sizes, activation, cost,
 * params: Float64Array, source, time}. */
export function loadNetwork() {
  const stored = readJson(NETWORK_KEY);
  if (!stored || !Array.isArray(stored.sizes)) return null;
  try {
    const bytes = fromBase64(stored.params);
    const params = new Float64Array(bytes.buffer, 0, bytes.length >> 3);
    let n = 0;
    for (let l = 0; l + 1 < stored.sizes.length; l += 1) {
      n += stored.sizes[l] * stored.sizes[l + 1] + stored.sizes[l + 1];
    }
    if (params.length !== n || stored.sizes[0] !== 784 || stored.sizes.at(-1) !== 10) return null;
    return {sizes: stored.sizes.map(Number), activation: stored.activation, cost: stored.cost,
      params: Float64Array.from(params), source: stored.source, time: stored.time};
  } catch (error) {
    return null;
  }
}

/** Keep `net` as the reader's network; source: "trainer", "fine-tune" or "file". */
export function saveNetwork(net, source) {
  const params = Float64Array.from(net.params);
  return writeJson(NETWORK_KEY, {sizes: net.sizes.map(Number), activation: net.activation,
    cost: net.cost, params: toBase64(new Uint8Array(params.buffer)), source,
    time: Date.now()});
}

/** Forget the reader's network. */
export function forgetNetwork() {
  return writeJson(NETWORK_KEY, null);
}

// ------------------------------------------------------------------ scoring a set
/**
 * A network's answers for digits given as bytes: {answers, right, confusion} where
 * confusion[t][p] counts digits labelled t answered p. `net` as layerActivations takes it.
 */
export function scoreDigits(net, digits) {
  const confusion = Array.from({length: 10}, () => new Array(10).fill(0));
  const x = new Float64Array(784);
  const answers = digits.map((d) => {
    for (let i = 0; i < 784; i += 1) x[i] = d.pixels[i] / 255;
    const layers = layerActivations(net.sizes, net.weights, net.biases, x, net.activation,
      net.output);
    const out = layers[layers.length - 1];
    let best = 0;
    for (let k = 1; k < out.length; k += 1) if (out[k] > out[best]) best = k;
    confusion[d.label][best] += 1;
    return best;
  });
  return {answers, right: answers.filter((a, i) => a === digits[i].label).length, confusion};
}

/** A network in flat float64 params (Network.params' layout) as layerActivations takes it. */
export function splitParams({sizes, activation, cost, params}) {
  const nW = [];
  const nB = [];
  let at = 0;
  for (let l = 0; l + 1 < sizes.length; l += 1) {
    const w = sizes[l] * sizes[l + 1];
    nW.push(params.subarray(at, at + w));
    at += w;
    nB.push(params.subarray(at, at + sizes[l + 1]));
    at += sizes[l + 1];
  }
  const join = (parts) => {
    const out = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
    let k = 0;
    for (const p of parts) {
      out.set(p, k);
      k += p.length;
    }
    return out;
  };
  return {sizes, activation, cost, output: cost === "cross-entropy" ? "softmax" : "sigmoid",
    weights: join(nW), biases: join(nB)};
}

// test exports
/** heldOutMask, scoreDigits on plain arrays (for the twins' tests). */
export function scoreDigitsArray(net, digits) {
  const flat = splitParams({...net, params: Float64Array.from(net.params)});
  return scoreDigits(flat, digits.map((d) => ({label: d.label, pixels: Uint8Array.from(d.pixels)})));
}
