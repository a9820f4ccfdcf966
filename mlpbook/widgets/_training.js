// Training in the reader's browser: the engine the trainer (trainer.js) and the fine-tuner
// (fine_tune.js) share. _base.py joins this file in front of each of them.
//
// Parity with Python: the worker runs the per-example loop of mlpbook.engine.reference.sgd_epoch in
// float64 (same sums of gradients, same division by the batch size, same update), over the
// examples in the order numpy's default_rng(seed).permutation gives each epoch, as
// mlpbook.train does: Pcg64 below is numpy's generator (SeedSequence seeding, PCG64 XSL-RR,
// the masked rejection of random_interval that shuffle uses), tested equal to numpy. One
// epoch equals the numpy reference to ~1e-14 (dot products add in another order, and the
// browser's tanh is not libm's). Speed: plain loops on Float64Array; the first layer skips
// the ~81% of pixels that are 0 (their products add nothing).
//
// The digits: mlpbook-data/mnist-subset.bin.gz next to the site's _static (fetched when the
// reader first asks for training), or the base64 script when the site is opened from disk,
// or from Python in JupyterLab. Workers are built from a Blob URL (workerSource), so they run
// from file:// too.
//
// Exports for tests: pcg64State, rawNumbers, permutations, pageNormals, initialParams, layout,
// trainEpochsSync, decodeSubsetBase64, forwardAll, loadData.

const DATA_FOLDER = "mlpbook-data/";
const DATA_TIMEOUT_MS = 60000;

// ------------------------------------------------------------------ numpy's generator
// Everything from here to workerMain also runs inside the worker (its source is built from
// these functions' text), so these functions use nothing else from this module.

/** numpy's SeedSequence(seed) turned into PCG64's 128-bit {state, inc} (BigInt). */
export function pcg64Seed(seed) {
  const mul = (a, b) => Math.imul(a, b) >>> 0;
  let hashA = 0x43b0d7e5;
  const hashmix = (value) => {
    let v = (value ^ hashA) >>> 0;
    hashA = mul(hashA, 0x931e8875);
    v = mul(v, hashA);
    return (v ^ (v >>> 16)) >>> 0;
  };
  const mix = (x, y) => {
    const r = (mul(0xca01f9dd, x) - mul(0x4973f715, y)) >>> 0;
    return (r ^ (r >>> 16)) >>> 0;
  };
  // the entropy of a seed below 2**32 is one 32-bit word; the pool has four
  const pool = [0, 1, 2, 3].map((i) => hashmix(i === 0 ? seed >>> 0 : 0));
  for (let src = 0; src < 4; src += 1) {
    for (let dst = 0; dst < 4; dst += 1) {
      if (src !== dst) pool[dst] = mix(pool[dst], hashmix(pool[src]));
    }
  }
  let hashB = 0x8b51f9dd;
  const words = [];
  for (let i = 0; i < 8; i += 1) {              // generate_state(4, np.uint64)
    let v = (pool[i % 4] ^ hashB) >>> 0;
    hashB = mul(hashB, 0x58f38ded);
    v = mul(v, hashB);
    words.push(BigInt((v ^ (v >>> 16)) >>> 0));
  }
  const u64 = (k) => (words[2 * k + 1] << 32n) | words[2 * k];
  const mask = (1n << 128n) - 1n;
  const mult = 0x2360ed051fc65da44385df649fccf645n;
  const inc = ((((u64(2) << 64n) | u64(3)) << 1n) | 1n) & mask;
  let state = inc;                              // (0 * mult + inc)
  state = (state + ((u64(0) << 64n) | u64(1))) & mask;
  state = (state * mult + inc) & mask;
  return {state, inc};
}

/** numpy.random.default_rng(seed): the draws the trainer needs, number for number. */
export class Pcg64 {
  constructor(seed) {
    const {state, inc} = pcg64Seed(seed);
    this.state = state;
    this.inc = inc;
    this.hasHalf = false;   // numpy keeps the upper half of a 64-bit draw for next32
    this.half = 0;
  }

  next64() {
    this.state = (this.state * 0x2360ed051fc65da44385df649fccf645n + this.inc) &
      0xffffffffffffffffffffffffffffffffn;
    const hi = this.state >> 64n;
    const x = hi ^ (this.state & 0xffffffffffffffffn);
    const rot = hi >> 58n;
    return ((x >> rot) | (x << ((64n - rot) & 63n))) & 0xffffffffffffffffn;
  }

  next32() {
    if (this.hasHalf) {
      this.hasHalf = false;
      return this.half;
    }
    const next = this.next64();
    this.hasHalf = true;
    this.half = Number(next >> 32n);
    return Number(next & 0xffffffffn);
  }

  /** A double in [0, 1) with 53 random bits, as numpy's next_double. */
  nextDouble() {
    return Number(this.next64() >> 11n) * (1.0 / 9007199254740992.0);
  }

  /** A whole number in [0, max] (max < 2**32), as numpy's random_interval. */
  interval(max) {
    if (max === 0) return 0;
    let mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    let value = (this.next32() & mask) >>> 0;
    while (value > max) value = (this.next32() & mask) >>> 0;
    return value;
  }

  /** Generator.permutation(n): shuffle 0..n-1 from the end, as numpy's _shuffle_raw. */
  permutation(n) {
    const out = new Int32Array(n);
    for (let i = 0; i < n; i += 1) out[i] = i;
    for (let i = n - 1; i >= 1; i -= 1) {
      const j = this.interval(i);
      const t = out[j];
      out[j] = out[i];
      out[i] = t;
    }
    return out;
  }
}

// ------------------------------------------------------------------ the network
/** Offsets of each layer's weights and biases in the flat parameters (kernels.layout). */
export function layout(sizes) {
  const wOff = [];
  const bOff = [];
  let n = 0;
  for (let l = 0; l + 1 < sizes.length; l += 1) {
    wOff.push(n);
    n += sizes[l] * sizes[l + 1];
    bOff.push(n);
    n += sizes[l + 1];
  }
  return {wOff, bOff, n, nWeights: n - sizes.slice(1).reduce((a, b) => a + b, 0)};
}

/** A network with its working arrays: params (float64), gradient sums, z, a, delta per layer. */
function makeNet(sizes, activation, cost, params) {
  const {wOff, bOff, n} = layout(sizes);
  const vec = () => sizes.map((k) => new Float64Array(k));
  return {sizes: sizes.slice(), L: sizes.length - 1, wOff, bOff, n,
    relu: activation === "relu", softmax: cost === "cross-entropy",
    params: Float64Array.from(params), grad: new Float64Array(n),
    z: vec(), a: vec(), delta: vec()};
}

/** Images as sparse rows: for row r, pixels idx[ptr[r]..ptr[r+1]) are not 0, val = byte/255. */
function sparseRows(images, count, pixels) {
  let nnz = 0;
  for (let i = 0; i < count * pixels; i += 1) if (images[i] !== 0) nnz += 1;
  const ptr = new Int32Array(count + 1);
  const idx = new Uint16Array(nnz);
  const val = new Float64Array(nnz);
  let t = 0;
  for (let r = 0; r < count; r += 1) {
    ptr[r] = t;
    const base = r * pixels;
    for (let k = 0; k < pixels; k += 1) {
      const byte = images[base + k];
      if (byte !== 0) {
        idx[t] = k;
        val[t] = byte / 255;
        t += 1;
      }
    }
  }
  ptr[count] = t;
  return {ptr, idx, val, count};
}

/** The forward pass of one sparse row: fills net.z and net.a (a[L] = the outputs). */
function forwardRow(net, rows, r) {
  const p = net.params;
  const sizes = net.sizes;
  const last = net.L;
  for (let l = 0; l < last; l += 1) {
    const nIn = sizes[l];
    const nOut = sizes[l + 1];
    const w = net.wOff[l];
    const b = net.bOff[l];
    const z = net.z[l + 1];
    if (l === 0) {
      const start = rows.ptr[r];
      const end = rows.ptr[r + 1];
      const idx = rows.idx;
      const val = rows.val;
      for (let j = 0; j < nOut; j += 1) {
        const base = w + j * nIn;
        let sum = 0;
        for (let t = start; t < end; t += 1) sum += p[base + idx[t]] * val[t];
        z[j] = sum + p[b + j];
      }
    } else {
      const a = net.a[l];
      for (let j = 0; j < nOut; j += 1) {
        const base = w + j * nIn;
        let sum = 0;
        for (let k = 0; k < nIn; k += 1) sum += p[base + k] * a[k];
        z[j] = sum + p[b + j];
      }
    }
    const out = net.a[l + 1];
    if (l + 1 < last) {
      if (net.relu) for (let j = 0; j < nOut; j += 1) out[j] = z[j] > 0 ? z[j] : 0;
      else for (let j = 0; j < nOut; j += 1) out[j] = 0.5 * (1 + Math.tanh(0.5 * z[j]));
    } else if (net.softmax) {
      let top = -Infinity;
      for (let j = 0; j < nOut; j += 1) if (z[j] > top) top = z[j];
      let total = 0;
      for (let j = 0; j < nOut; j += 1) {
        out[j] = Math.exp(z[j] - top);
        total += out[j];
      }
      for (let j = 0; j < nOut; j += 1) out[j] /= total;
    } else {
      for (let j = 0; j < nOut; j += 1) out[j] = 0.5 * (1 + Math.tanh(0.5 * z[j]));
    }
  }
  return net.a[last];
}

/** The answer (first largest output), and the cost of one output vector for `label`. */
function scoreOutput(net, out, label) {
  let best = 0;
  for (let j = 1; j < out.length; j += 1) if (out[j] > out[best]) best = j;
  let cost = 0;
  if (net.softmax) {
    cost = -Math.log(Math.max(out[label], 1e-300));
  } else {
    for (let j = 0; j < out.length; j += 1) {
      const d = out[j] - (j === label ? 1 : 0);
      cost += d * d;
    }
    cost *= 0.5;
  }
  return {answer: best, cost};
}

/** Add one example's gradient to net.grad (backprop of mlpbook.engine.reference, sparse layer 0). */
function backwardRow(net, rows, r, label) {
  const p = net.params;
  const g = net.grad;
  const sizes = net.sizes;
  const last = net.L;
  const out = net.a[last];
  const dOut = net.delta[last];
  for (let j = 0; j < out.length; j += 1) {
    const y = j === label ? 1 : 0;
    dOut[j] = net.softmax ? out[j] - y : (out[j] - y) * (out[j] * (1 - out[j]));
  }
  for (let l = last - 1; l >= 0; l -= 1) {
    const nIn = sizes[l];
    const nOut = sizes[l + 1];
    const w = net.wOff[l];
    const b = net.bOff[l];
    const d = net.delta[l + 1];
    if (l === 0) {
      const start = rows.ptr[r];
      const end = rows.ptr[r + 1];
      const idx = rows.idx;
      const val = rows.val;
      for (let j = 0; j < nOut; j += 1) {
        const dj = d[j];
        const base = w + j * nIn;
        for (let t = start; t < end; t += 1) g[base + idx[t]] += dj * val[t];
        g[b + j] += dj;
      }
    } else {
      const a = net.a[l];
      for (let j = 0; j < nOut; j += 1) {
        const dj = d[j];
        const base = w + j * nIn;
        for (let k = 0; k < nIn; k += 1) g[base + k] += dj * a[k];
        g[b + j] += dj;
      }
      // the error of the layer below: (W^T delta) * f'(z), with the weights before the step
      const below = net.delta[l];
      const z = net.z[l];
      for (let k = 0; k < nIn; k += 1) {
        let sum = 0;
        for (let j = 0; j < nOut; j += 1) sum += p[w + j * nIn + k] * d[j];
        below[k] = sum * (net.relu ? (z[k] > 0 ? 1 : 0) : a[k] * (1 - a[k]));
      }
    }
  }
}

/**
 * One mini-batch: examples order[from..to) (rows of `rows`, labels `labels`), then one step
 * w -= lr * (sum of gradients / batch size). Adds each example's cost and right answer to
 * `stats` (an object with arrays cost, right and a position pos, a ring of recent examples).
 */
function trainBatch(net, rows, labels, order, from, to, lr, stats) {
  const g = net.grad;
  g.fill(0);
  for (let i = from; i < to; i += 1) {
    const r = order[i];
    const label = labels[r];
    const out = forwardRow(net, rows, r);
    if (stats) {
      const {answer, cost} = scoreOutput(net, out, label);
      stats.cost[stats.pos] = cost;
      stats.right[stats.pos] = answer === label ? 1 : 0;
      stats.pos = (stats.pos + 1) % stats.cost.length;
      stats.count += 1;
    }
    backwardRow(net, rows, r, label);
  }
  const m = to - from;
  const p = net.params;
  for (let q = 0; q < p.length; q += 1) p[q] -= lr * (g[q] / m);
}

/** Accuracy and mean cost of the network on sparse rows with labels. */
function evaluateRows(net, rows, labels) {
  let right = 0;
  let total = 0;
  for (let r = 0; r < rows.count; r += 1) {
    const {answer, cost} = scoreOutput(net, forwardRow(net, rows, r), labels[r]);
    if (answer === labels[r]) right += 1;
    total += cost;
  }
  return {accuracy: right / rows.count, cost: total / rows.count};
}

/** The network's answers for the first n sparse rows. */
function answersFor(net, rows, n) {
  const out = [];
  for (let r = 0; r < Math.min(n, rows.count); r += 1) {
    out.push(scoreOutput(net, forwardRow(net, rows, r), 0).answer);
  }
  return out;
}

/** Check and split the data file (browser_training.pack_subset): header, images, labels. */
function decodeSubset(bytes) {
  const magic = "MLPBMNS1";
  for (let i = 0; i < magic.length; i += 1) {
    if (bytes[i] !== magic.charCodeAt(i)) throw new Error("not an mlpbook trainer data file");
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const [nTrain, nTest, rows, cols] = [8, 12, 16, 20].map((o) => view.getUint32(o, true));
  const pixels = rows * cols;
  const need = 24 + (nTrain + nTest) * (pixels + 1);
  if (bytes.length !== need) {
    throw new Error(`the trainer data file holds ${bytes.length} bytes, its header says ${need}`);
  }
  let pos = 24;
  const take = (n) => {
    const part = bytes.subarray(pos, pos + n);
    pos += n;
    return part;
  };
  return {nTrain, nTest, rows, cols, pixels, trainX: take(nTrain * pixels),
    trainY: take(nTrain), testX: take(nTest * pixels), testY: take(nTest)};
}

/** Base64 text to bytes. */
function base64Bytes(text) {
  const raw = atob(text);
  const out = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i += 1) out[i] = raw.charCodeAt(i);
  return out;
}

/** Gunzip with the browser's DecompressionStream (bytes that are not gzip pass unchanged). */
async function gunzipBytes(bytes) {
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** The worker: holds the data and the network, trains in slices, posts progress. */
function workerMain() {
  let data = null;         // {train, test: sparse rows; trainY, testY; digits}
  let net = null;
  let labels = null;       // the labels trained with (shuffled or not)
  let rng = null;
  let order = null;        // this epoch's order, null between epochs
  let pos = 0;             // examples of this epoch done
  let epochs = 0;          // whole epochs done
  let seen = 0;
  let steps = 0;
  let generation = 0;
  let job = null;          // {lr, batchSize, target, evalEvery}
  let stopAsked = false;
  let stats = null;
  let nextEval = 0;
  let test = null;         // the last test score {accuracy, cost, seen}
  let busySeconds = 0;     // time spent in training steps (not scoring)
  let lastPost = 0;
  const tick = new MessageChannel();
  tick.port1.onmessage = () => slice();
  const later = () => tick.port2.postMessage(0);

  const epochFloat = () => epochs + pos / data.nTrain;
  const score = () => {
    test = {...evaluateRows(net, data.test, data.testY), seen, epochs: epochFloat()};
  };
  const report = (type, extra = {}) => {
    const n1 = net.sizes[1];
    const nIn = net.sizes[0];
    const shown = Math.min(16, n1);
    const weights = new Float32Array(net.params.subarray(net.wOff[0], net.wOff[0] + shown * nIn));
    const filled = Math.min(stats.count, stats.cost.length);
    let cost = 0;
    let right = 0;
    for (let i = 0; i < filled; i += 1) {
      cost += stats.cost[i];
      right += stats.right[i];
    }
    const message = {type, generation, seen, steps, epochs: epochFloat(), wholeEpochs: epochs,
      trainCost: filled ? cost / filled : null, trainAccuracy: filled ? right / filled : null,
      test, weights, answers: answersFor(net, data.test, 12), busySeconds, ...extra};
    self.postMessage(message, [weights.buffer]);
    lastPost = performance.now();
  };
  const finish = (type) => {
    job = null;
    if (!test || test.seen !== seen) score();
    report(type, {params: Float64Array.from(net.params)});
  };
  const slice = () => {
    if (!job) return;
    if (stopAsked) {
      finish("stopped");
      return;
    }
    const t0 = performance.now();
    let scored = 0;
    while (performance.now() - t0 < 8) {
      if (order === null) {
        if (epochs >= job.target) break;
        order = rng.permutation(data.nTrain);
        pos = 0;
      }
      const from = pos;
      const to = Math.min(pos + job.batchSize, data.nTrain);
      const s0 = performance.now();
      trainBatch(net, data.train, labels, order, from, to, job.lr, stats);
      busySeconds += (performance.now() - s0) / 1000;
      pos = to;
      seen += to - from;
      steps += 1;
      if (pos >= data.nTrain) {
        order = null;
        pos = 0;
        epochs += 1;
      }
      if (seen >= nextEval || order === null) {
        score();
        scored += 1;
        while (nextEval <= seen) nextEval += job.evalEvery;
      }
      if (!Number.isFinite(net.params[net.bOff[net.L - 1]])) {
        finish("diverged");
        return;
      }
    }
    if (order === null && epochs >= job.target) {
      finish("done");
      return;
    }
    if (scored || performance.now() - lastPost > 50) report("progress");
    later();
  };

  self.onmessage = async (event) => {
    const msg = event.data;
    try {
      if (msg.type === "data") {
        const bytes = await gunzipBytes(msg.base64 ? base64Bytes(msg.base64)
          : new Uint8Array(msg.bytes));
        const raw = decodeSubset(bytes);
        data = {nTrain: raw.nTrain, nTest: raw.nTest, pixels: raw.pixels,
          train: sparseRows(raw.trainX, raw.nTrain, raw.pixels),
          test: sparseRows(raw.testX, raw.nTest, raw.pixels),
          trainY: raw.trainY, testY: raw.testY};
        const digits = raw.testX.slice(0, 12 * raw.pixels);
        self.postMessage({type: "ready", nTrain: raw.nTrain, nTest: raw.nTest,
          pixels: raw.pixels, digits, digitLabels: Array.from(raw.testY.slice(0, 12))},
        [digits.buffer]);
      } else if (msg.type === "reset") {
        generation = msg.generation;
        net = makeNet(msg.sizes, msg.activation, msg.cost, msg.params);
        rng = new Pcg64(msg.seed);
        labels = data.trainY;
        if (msg.labelOrder && msg.labelOrder.length === data.nTrain) {
          labels = new Uint8Array(data.nTrain);
          for (let i = 0; i < data.nTrain; i += 1) labels[i] = data.trainY[msg.labelOrder[i]];
        }
        order = null;
        pos = 0;
        epochs = 0;
        seen = 0;
        steps = 0;
        busySeconds = 0;
        job = null;
        test = null;
        nextEval = 0;
        stats = {cost: new Float64Array(1000), right: new Uint8Array(1000), pos: 0, count: 0};
      } else if (msg.type === "train") {
        if (msg.generation !== generation || !net) return;
        job = {lr: msg.lr, batchSize: msg.batchSize, target: msg.target,
          evalEvery: msg.evalEvery};
        stopAsked = false;
        if (seen === 0 && !test) {
          score();
          nextEval = job.evalEvery;
          report("progress");
        }
        later();
      } else if (msg.type === "stop") {
        if (job) stopAsked = true;
      }
    } catch (error) {
      self.postMessage({type: "error", generation, message: String(error && error.message ||
        error)});
    }
  };
}

/** A worker's source: the engine's functions, `extra` ones, then `main` (workerMain: the
 * trainer's), run. */
function workerSource(main = workerMain, extra = []) {
  return [pcg64Seed, Pcg64, layout, makeNet, sparseRows, forwardRow, scoreOutput, backwardRow,
    trainBatch, evaluateRows, answersFor, decodeSubset, base64Bytes, gunzipBytes, ...extra, main]
    .map(String).join("\n\n") + `\n\n${main.name}();\n`;
}

// ------------------------------------------------------------------ twins tested from Python
/** default_rng(seed).bit_generator.state's state and inc, as decimal strings. */
export function pcg64State(seed) {
  const {state, inc} = pcg64Seed(seed);
  return {state: String(state), inc: String(inc)};
}

/** default_rng(seed).bit_generator.random_raw(n), as decimal strings. */
export function rawNumbers(seed, n) {
  const rng = new Pcg64(seed);
  return Array.from({length: n}, () => String(rng.next64()));
}

/** [default_rng(seed).permutation(n) for each epoch]: mlpbook.train's orders. */
export function permutations(seed, n, epochs) {
  const rng = new Pcg64(seed);
  return Array.from({length: epochs}, () => rng.permutation(n));
}

/**
 * Standard normal numbers drawn in the page for a start Python did not send (Marsaglia's
 * polar method on default_rng(seed)'s doubles): the same distribution as numpy's, not the
 * same numbers (numpy's ziggurat tables are not part of this page).
 */
export function pageNormals(seed, count) {
  const rng = new Pcg64(seed);
  const out = new Float64Array(count);
  for (let i = 0; i < count; i += 2) {
    let u;
    let v;
    let s;
    do {
      u = 2 * rng.nextDouble() - 1;
      v = 2 * rng.nextDouble() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt(-2 * Math.log(s) / s);
    out[i] = u * f;
    if (i + 1 < count) out[i + 1] = v * f;
  }
  return out;
}

/**
 * Network.initialize's "scaled" start from standard normals, layer by layer: weights
 * normal * sqrt(gain / n_in) (gain 2 for ReLU, 1 for sigmoid), biases 0. Given numpy's
 * normals it is Network(sizes, activation, seed=seed).params to the last bit.
 */
export function initialParams(sizes, activation, normals) {
  const {wOff, bOff, n} = layout(sizes);
  const out = new Float64Array(n);
  const gain = activation === "relu" ? 2 : 1;
  let next = 0;
  for (let l = 0; l + 1 < sizes.length; l += 1) {
    const scale = Math.sqrt(gain / sizes[l]);
    const count = sizes[l] * sizes[l + 1];
    for (let i = 0; i < count; i += 1) out[wOff[l] + i] = normals[next++] * scale;
    out.fill(0, bOff[l], bOff[l] + sizes[l + 1]);
  }
  return out;
}

/**
 * The worker's training loop, run here and now: `epochs` epochs over images (base64 of
 * bytes, rows of 784) with labels, in the orders of default_rng(seed), from `params`.
 * Returns the parameters after training (for the parity test with browser_training).
 */
export function trainEpochsSync({sizes, activation, cost, params, images, labels, seed, epochs,
  batchSize, lr}) {
  const bytes = base64Bytes(images);
  const n = labels.length;
  const rows = sparseRows(bytes, n, sizes[0]);
  const net = makeNet(sizes, activation, cost, params);
  const rng = new Pcg64(seed);
  const y = Uint8Array.from(labels);
  for (let e = 0; e < epochs; e += 1) {
    const order = rng.permutation(n);
    for (let from = 0; from < n; from += batchSize) {
      trainBatch(net, rows, y, order, from, Math.min(from + batchSize, n), lr, null);
    }
  }
  return net.params;
}

/**
 * The worker's training loop timed on this thread, for benchmarks/trainer.py: `steps`
 * mini-batches over images (bytes, rows of sizes[0]) in default_rng(seed)'s order, after
 * `warmup` untimed ones. Returns {steps, seconds, params}.
 */
export function timeSteps({sizes, activation, cost, params, images, labels, seed, batchSize,
  lr, steps, warmup = 50}) {
  const n = labels.length;
  const rows = sparseRows(images, n, sizes[0]);
  const net = makeNet(sizes, activation, cost, params);
  const rng = new Pcg64(seed);
  const y = Uint8Array.from(labels);
  let order = rng.permutation(n);
  let from = 0;
  const step = () => {
    if (from >= n) {
      order = rng.permutation(n);
      from = 0;
    }
    trainBatch(net, rows, y, order, from, Math.min(from + batchSize, n), lr, null);
    from += batchSize;
  };
  for (let i = 0; i < warmup; i += 1) step();
  const t0 = performance.now();
  for (let i = 0; i < steps; i += 1) step();
  return {steps, seconds: (performance.now() - t0) / 1000, params: net.params};
}

/** The outputs of a network for images (base64 bytes): twin of Network.feedforward. */
export function forwardAll({sizes, activation, cost, params, images}) {
  const bytes = base64Bytes(images);
  const n = bytes.length / sizes[0];
  const rows = sparseRows(bytes, n, sizes[0]);
  const net = makeNet(sizes, activation, cost, params);
  return Array.from({length: n}, (_, r) => Array.from(forwardRow(net, rows, r)));
}

/** Read a data file given as base64 (gzipped or not): its sizes and labels. */
export async function decodeSubsetBase64(text) {
  const raw = decodeSubset(await gunzipBytes(base64Bytes(text)));
  return {nTrain: raw.nTrain, nTest: raw.nTest, rows: raw.rows, cols: raw.cols,
    trainY: Array.from(raw.trainY), testY: Array.from(raw.testY),
    trainSum: raw.trainX.reduce((a, b) => a + b, 0), testSum: raw.testX.reduce((a, b) => a + b, 0)};
}

// ------------------------------------------------------------------ the data, on the page
function loadScript(url) {
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = url;
    script.onload = () => resolve();
    script.onerror = () => reject(new Error(`could not load ${url}`));
    document.head.append(script);
  });
}

/** Python's answer to {type: "data?"} (JupyterLab: the kernel reads MNIST). */
function askPython(model) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      model.off("msg:custom", answer);
      reject(new Error("no answer from Python"));
    }, DATA_TIMEOUT_MS);
    function answer(msg, buffers) {
      if (!msg || (msg.type !== "data" && msg.type !== "data-error")) return;
      clearTimeout(timer);
      model.off("msg:custom", answer);
      if (msg.type === "data-error" || !buffers || !buffers.length) {
        reject(new Error(msg.message || "Python sent no data"));
        return;
      }
      const b = buffers[0];
      const view = b instanceof ArrayBuffer ? new Uint8Array(b)
        : new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
      resolve({bytes: view.slice().buffer});
    }
    model.on("msg:custom", answer);
    model.send({type: "data?"});
  });
}

/**
 * The digits, as {bytes} or {base64}: from the site (fetch over http; the fallback script
 * from file://, where fetch is refused) when the page says where its _static folder is
 * (globalThis.mlpbookStaticUrl), else from Python.
 */
export async function loadData(model) {
  if (typeof globalThis.mlpbookTrainerData === "string") {
    return {base64: globalThis.mlpbookTrainerData};
  }
  const base = globalThis.mlpbookStaticUrl;
  if (typeof base !== "string" || !base) return askPython(model);
  const folder = base + DATA_FOLDER;
  if (location.protocol === "file:") {
    await loadScript(folder + "mnist-subset.js");
    if (typeof globalThis.mlpbookTrainerData !== "string") {
      throw new Error("mnist-subset.js set no data");
    }
    return {base64: globalThis.mlpbookTrainerData};
  }
  const response = await fetch(folder + "mnist-subset.bin.gz");
  if (!response.ok) throw new Error(`${response.status} for mnist-subset.bin.gz`);
  return {bytes: await response.arrayBuffer()};
}

// ------------------------------------------------------------------ drawing
function sameSizes(a, b) {
  return Array.isArray(a) && Array.isArray(b) && a.length === b.length &&
    a.every((v, i) => Number(v) === Number(b[i]));
}

function niceMax(value) {
  if (!(value > 0)) return 1;
  const step = 10 ** Math.floor(Math.log10(value));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * step >= value) return m * step;
  return 10 * step;
}

/** A line plot: x from 0 to xMax (epochs), y from 0 to yMax; lines {points: [[x, y]], color}. */
function drawPlot(fig, {xMax, yMax, yTicks, yFormat, lines, ink, xLabel}) {
  const {ctx, width, height} = fig;
  const box = {left: 42, top: 8, right: width - 10, bottom: height - 32};
  const px = (x) => box.left + (x / xMax) * (box.right - box.left);
  const py = (y) => box.bottom - (y / yMax) * (box.bottom - box.top);
  ctx.clearRect(0, 0, width, height);
  ctx.font = "11px sans-serif";
  ctx.lineWidth = 1;
  ctx.strokeStyle = "rgba(127, 127, 127, 0.35)";
  ctx.fillStyle = ink;
  ctx.textAlign = "right";
  ctx.textBaseline = "middle";
  for (const t of yTicks) {
    ctx.beginPath();
    ctx.moveTo(box.left, py(t));
    ctx.lineTo(box.right, py(t));
    ctx.stroke();
    ctx.fillText(yFormat(t), box.left - 5, py(t));
  }
  const xStep = xMax <= 2 ? 0.5 : xMax <= 10 ? 1 : xMax <= 20 ? 2 : 5;
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  for (let x = 0; x <= xMax + 1e-9; x += xStep) {
    ctx.fillText(fmt(x, xStep < 1 ? 1 : 0), px(x), box.bottom + 4);
  }
  ctx.fillText(xLabel, (box.left + box.right) / 2, box.bottom + 17);
  ctx.strokeStyle = ink;
  ctx.strokeRect(box.left, box.top, box.right - box.left, box.bottom - box.top);
  for (const line of lines) {
    if (!line.points.length) continue;
    ctx.strokeStyle = line.color;
    ctx.fillStyle = line.color;
    ctx.lineWidth = 1.8;
    ctx.beginPath();
    line.points.forEach(([x, y], i) => {
      const yy = Math.min(Math.max(y, 0), yMax);
      if (i === 0) ctx.moveTo(px(x), py(yy)); else ctx.lineTo(px(x), py(yy));
    });
    ctx.stroke();
    if (line.dots) {
      for (const [x, y] of line.points) {
        ctx.beginPath();
        ctx.arc(px(x), py(Math.min(Math.max(y, 0), yMax)), 2.6, 0, 2 * Math.PI);
        ctx.fill();
      }
    }
  }
}

/** 16 first-layer weight images, 8 per row, each scaled to its own largest |weight|. */

function drawDigit(canvas, pixels, side) {
  const ctx = canvas.getContext("2d");
  const image = ctx.createImageData(side, side);
  for (let k = 0; k < side * side; k += 1) {
    const v = pixels[k];
    image.data[4 * k] = v;
    image.data[4 * k + 1] = v;
    image.data[4 * k + 2] = v;
    image.data[4 * k + 3] = 255;
  }
  ctx.putImageData(image, 0, 0);
}
