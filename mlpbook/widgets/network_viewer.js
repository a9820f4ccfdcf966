// Chapter 8's network viewer: the 784-16-16-10 diagram with one digit's activations in it.
// Input as the 28x28 image, each layer a column of circles shaded by activation, the three
// strongest contributions w*a into every neuron as lines (green: positive weight, red:
// negative; the larger the weight, the more opaque), outputs labelled 0-9 with the answer
// marked. Pointing at or clicking a first-hidden-layer neuron shows its 784 weights as a
// 28x28 image. Each of those neurons is a target at least 26 CSS pixels across, however
// narrow the screen (WCAG 2.5.8): the diagram grows taller on a phone. `forward` (_shared.js's layerActivations, shared with drawing_pad.js) is the
// twin of Network.feedforward (tested equal).

const TEXT = {
  en: {
    digit: "digit",
    option: (i, label) => label === null ? `image ${i + 1}` : `image ${i + 1} (a ${label})`,
    input: "input 28\u00d728",
    hiddenCol: (l) => `hidden ${l}`,
    outputCol: "output",
    figure: (answer) => `The network's layers for the chosen digit; it answers ${answer}`,
    neuron: (i) => `hidden neuron ${i}`,
    neuronTitle: (i) => `Hidden neuron ${i} of layer 1`,
    weightsAlt: (i) => `The 784 weights of hidden neuron ${i} as a 28\u00d728 image`,
    legend: "its weights: green positive, red negative",
    activation: "activation",
    sum: "weighted sum z",
    bias: "bias b",
    answer: (d, label) => `The network answers ${d}` +
      (label === null ? "" : label === d ? ` (right: it is a ${label})`
        : ` (wrong: it is a ${label})`),
    lines: "Lines: the three largest contributions w\u00b7a into each neuron for this digit.",
    pick: "Point at or click a neuron of hidden layer 1 to see its weights.",
  },
  zh: {
    digit: "数字",
    option: (i, label) => label === null ? `图像 ${i + 1}` : `图像 ${i + 1}（${label}）`,
    input: "输入 28\u00d728",
    hiddenCol: (l) => `隐含层 ${l}`,
    outputCol: "输出",
    figure: (answer) => `所选数字在网络各层的激活值；网络的回答是 ${answer}`,
    neuron: (i) => `隐含层神经元 ${i}`,
    neuronTitle: (i) => `第 1 隐含层的神经元 ${i}`,
    weightsAlt: (i) => `隐含层神经元 ${i} 的 784 个权重，画成 28\u00d728 的图像`,
    legend: "它的权重：绿色为正，红色为负",
    activation: "激活值",
    sum: "加权和 z",
    bias: "偏置 b",
    answer: (d, label) => `网络的回答是 ${d}` +
      (label === null ? "" : label === d ? `（正确：这是 ${label}）`
        : `（错误：这是 ${label}）`),
    lines: "连线：每个神经元收到的三个最大的贡献 w\u00b7a。",
    pick: "把指针移到第 1 隐含层的神经元上（或点击它），看它的权重。",
  },
};

const SIDE = 28;
const N_PIXELS = SIDE * SIDE;
/** How many incoming contributions per neuron are drawn as lines. */
export const LINES_PER_NEURON = 3;

// The forward pass is _shared.js's layerActivations; exported as `forward`, the name its
// tests call.
export {layerActivations as forward};

/** Where each layer's weights start in the flat weights array. */
export function weightOffsets(sizes) {
  const offsets = [0];
  for (let l = 1; l < sizes.length - 1; l++) {
    offsets.push(offsets[l - 1] + sizes[l - 1] * sizes[l]);
  }
  return offsets;
}

/** The `per` largest contributions |w a| into each neuron of layer l+1:
 * [{from, to, weight}], `from` indexing layer l (skips inputs that are 0). */
export function strongest(sizes, weights, layers, l, per = LINES_PER_NEURON) {
  const nIn = sizes[l], nOut = sizes[l + 1], a = layers[l];
  const offset = weightOffsets(sizes)[l];
  const lines = [];
  for (let j = 0; j < nOut; j++) {
    const best = [];  // kept sorted by size, largest first, at most `per` long
    for (let k = 0; k < nIn; k++) {
      if (a[k] === 0) continue;
      const weight = weights[offset + j * nIn + k];
      const size = Math.abs(weight * a[k]);
      if (best.length === per && size <= best[per - 1].size) continue;
      let at = best.length;
      while (at > 0 && best[at - 1].size < size) at--;
      best.splice(at, 0, {from: k, to: j, weight, size});
      if (best.length > per) best.pop();
    }
    for (const {from, to, weight} of best) lines.push({from, to, weight});
  }
  return lines;
}

/** Cell colour for an activation scaled to 0..1: white to the book's blue. */
function shade(t) {
  const a = Math.max(0, Math.min(1, t));
  const mix = (c) => Math.round(255 + (c - 255) * a);
  return `rgb(${mix(31)}, ${mix(119)}, ${mix(180)})`;
}

const SVG = "http://www.w3.org/2000/svg";
function s(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value !== undefined && value !== null) node.setAttribute(key, String(value));
  }
  node.append(...children);
  return node;
}

function imageURL(values, color) {  // a 28x28 picture as a data: URL (works offline, file://)
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = SIDE;
  const ctx = canvas.getContext("2d");
  const picture = ctx.createImageData(SIDE, SIDE);
  for (let i = 0; i < N_PIXELS; i++) {
    const [r, g, b] = color(values[i]);
    picture.data.set([r, g, b, 255], 4 * i);
  }
  ctx.putImageData(picture, 0, 0);
  return canvas.toDataURL();
}

const WIDTH = 540, HEIGHT = 400, TOP = 28, IMAGE = 168, IMAGE_X = 6;
/** The smallest touch target (CSS px) of a first-hidden-layer neuron; and a cap on how tall
 * the diagram may grow to give them that (a very wide layer gets smaller targets). */
export const TARGET = 26;
const MAX_HEIGHT = 3 * HEIGHT;

/** The diagram's height (viewBox units) when drawn `shownWidth` CSS px wide: tall enough for
 * `count` neurons in a column to be TARGET CSS px apart. */
export function diagramHeight(count, shownWidth) {
  const scale = shownWidth > 0 ? Math.min(1, shownWidth / WIDTH) : 1;
  const need = TOP + 10 + (count * TARGET) / scale + 2;
  return Math.round(Math.min(MAX_HEIGHT, Math.max(HEIGHT, need)));
}

export default {
  render({model, el}) {
    el.classList.add("mlpbook-widget", "mlpbook-network_viewer");
    let text = TEXT[model.get("language")] || TEXT.en;
    let hovered = null;
    let pending = false;
    let height = HEIGHT;  // of the viewBox: grows on a narrow screen (diagramHeight)
    let scale = 1;        // CSS px per viewBox unit (at most 1)
    const selectId = uniqueId("viewer-digit");
    const select = h("select", {id: selectId, class: "mlpbook-nv-select"});
    const selectLabel = h("label", {for: selectId});
    const svg = s("svg", {viewBox: `0 0 ${WIDTH} ${HEIGHT}`, width: WIDTH, role: "group",
      class: "mlpbook-nv-diagram"});
    svg.style.maxWidth = "100%";
    svg.style.height = "auto";
    const panelTitle = h("div", {class: "mlpbook-nv-title"});
    const weightsImage = h("img", {class: "mlpbook-nv-weights", width: 140, height: 140});
    const legend = h("div", {class: "mlpbook-nv-legend"});
    const numbers = h("div", {class: "mlpbook-nv-numbers"});
    const answerLine = h("div", {class: "mlpbook-nv-answer"});
    // Said once: the answer for a newly chosen digit, the numbers of a newly chosen neuron
    // (not of every neuron the pointer passes over).
    const spoken = announcer();
    let saidDigit = null;
    let saidNeuron = null;
    const note = h("div", {class: "mlpbook-nv-note"});
    el.append(
      h("div", {class: "mlpbook-controls"},
        h("div", {class: "mlpbook-control"}, selectLabel, select)),
      h("div", {class: "mlpbook-nv-row"}, svg,
        h("div", {class: "mlpbook-nv-panel"}, panelTitle, weightsImage, legend, numbers)),
      answerLine, note, spoken.node);
    select.addEventListener("change", () => {
      model.set("index", Number(select.value));
      model.save_changes();
    });

    const state = () => {
      const sizes = model.get("sizes").map(Number);
      const images = floats(model.get("images"));
      const labels = model.get("labels") || [];
      return {sizes, images, labels, weights: floats(model.get("weights")),
        biases: floats(model.get("biases")), activation: model.get("activation"),
        output: model.get("output"), count: Math.floor(images.length / N_PIXELS)};
    };
    let net = state();

    const fillSelect = () => {
      selectLabel.textContent = text.digit;
      select.replaceChildren(...Array.from({length: net.count}, (_, i) =>
        h("option", {value: i}, text.option(i, i < net.labels.length ? net.labels[i] : null))));
      select.value = String(model.get("index"));
    };

    // Layout: x of each column, y of each neuron.
    const columns = () => {
      const n = net.sizes.length - 1;  // columns of circles
      const x0 = IMAGE_X + IMAGE + 70, x1 = WIDTH - 70;
      return Array.from({length: n}, (_, c) => (n === 1 ? x1 : x0 + (c * (x1 - x0)) / (n - 1)));
    };
    const radius = (count) => Math.max(3, Math.min(10, (HEIGHT - TOP - 10) / count / 2 - 1.5));
    // Neurons 34 units apart, or further on a phone (TARGET CSS px), as far as they fit.
    const spacing = (count) => Math.min(Math.max(34, TARGET / scale),
      (height - TOP - 10) / count);
    const ys = (count) => {
      const step = spacing(count);
      const mid = TOP + (height - TOP) / 2;
      return Array.from({length: count}, (_, i) => mid + (i - (count - 1) / 2) * step);
    };

    const showNeuron = (x, layers) => {
      const j = hovered === null ? Number(model.get("neuron")) : hovered;
      const nIn = net.sizes[0];
      const w = net.weights.subarray(j * nIn, (j + 1) * nIn);
      let limit = 0;
      for (const v of w) limit = Math.max(limit, Math.abs(v));
      weightsImage.src = imageURL(w, (v) => weightColor(v, limit).match(/\d+/g).map(Number));
      weightsImage.alt = text.weightsAlt(j);
      panelTitle.textContent = text.neuronTitle(j);
      let z = net.biases[j];
      for (let k = 0; k < nIn; k++) z += w[k] * x[k];
      numbers.replaceChildren(
        h("div", {}, `${text.activation} a = `, h("b", {"data-value": "activation"},
          fmt(layers[1][j], 3))),
        h("div", {}, `${text.sum} = `, h("span", {"data-value": "sum"}, fmt(z, 3))),
        h("div", {}, `${text.bias} = `, h("span", {"data-value": "bias"},
          fmt(net.biases[j], 3))));
      if (hovered === null && j !== saidNeuron) {
        if (saidNeuron !== null) {
          spoken.say(`${panelTitle.textContent}: ${[...numbers.children].map(
            (line) => line.textContent).join("; ")}`);
        }
        saidNeuron = j;
      }
      for (const dot of svg.querySelectorAll(".mlpbook-nv-dot")) {
        dot.classList.toggle("mlpbook-nv-dot-chosen", Number(dot.dataset.dot) === j);
      }
      for (const circle of svg.querySelectorAll("[data-layer='1']")) {
        const chosen = Number(circle.dataset.index) === Number(model.get("neuron"));
        circle.classList.toggle("mlpbook-nv-chosen", Number(circle.dataset.index) === j);
        // One tab stop for the whole layer (the chosen neuron); arrow keys move along it.
        circle.setAttribute("aria-pressed", chosen ? "true" : "false");
        circle.setAttribute("tabindex", chosen ? "0" : "-1");
      }
    };

    const draw = () => {
      pending = false;
      const shownWidth = svg.getBoundingClientRect().width || WIDTH;
      height = diagramHeight(net.sizes[1] || 1, shownWidth);
      scale = Math.min(1, shownWidth / WIDTH);
      svg.setAttribute("viewBox", `0 0 ${WIDTH} ${height}`);
      const index = Math.min(Number(model.get("index")), net.count - 1);
      const active = el.ownerDocument.activeElement;
      const refocus = active && svg.contains(active) && active.dataset.layer === "1";
      const x = net.images.subarray(index * N_PIXELS, (index + 1) * N_PIXELS);
      const layers = layerActivations(net.sizes, net.weights, net.biases, x, net.activation,
        net.output);
      const out = layers[layers.length - 1];
      let best = 0;
      for (let d = 1; d < out.length; d++) if (out[d] > out[best]) best = d;
      const label = index < net.labels.length ? net.labels[index] : null;
      const xs = columns();
      const pos = layers.map((a, l) => (l === 0 ? null : ys(a.length)));
      const imageTop = TOP + (height - TOP - IMAGE) / 2;
      const pixel = IMAGE / SIDE;
      const where = (l, i) => (l === 0
        ? [IMAGE_X + ((i % SIDE) + 0.5) * pixel, imageTop + (Math.floor(i / SIDE) + 0.5) * pixel]
        : [xs[l - 1], pos[l][i]]);

      const lines = s("g", {class: "mlpbook-nv-lines"});
      for (let l = 0; l < layers.length - 1; l++) {
        const found = strongest(net.sizes, net.weights, layers, l);
        let limit = 0;
        for (const {weight} of found) limit = Math.max(limit, Math.abs(weight));
        for (const {from, to, weight} of found) {
          const [xa, ya] = where(l, from);
          const [xb, yb] = where(l + 1, to);
          lines.append(s("line", {x1: xa, y1: ya, x2: xb - radius(layers[l + 1].length), y2: yb,
            stroke: weight >= 0 ? COLORS.green : COLORS.red,
            "stroke-opacity": fmt(0.15 + (0.75 * Math.abs(weight)) / (limit || 1), 3),
            "stroke-width": 1.2}));
        }
      }
      const picture = s("image", {x: IMAGE_X, y: imageTop, width: IMAGE, height: IMAGE,
        href: imageURL(x, (v) => { const g = Math.round(v * 255); return [g, g, g]; }),
        preserveAspectRatio: "none", class: "mlpbook-nv-input"});
      const heads = s("g", {class: "mlpbook-nv-heads"},
        s("text", {x: IMAGE_X + IMAGE / 2, y: 14}, text.input),
        ...xs.map((cx, c) => s("text", {x: cx, y: 14},
          c === xs.length - 1 ? text.outputCol : text.hiddenCol(c + 1))));
      const neurons = s("g", {class: "mlpbook-nv-neurons"});
      for (let l = 1; l < layers.length; l++) {
        const a = layers[l];
        const isOut = l === layers.length - 1;
        const top = net.activation === "relu" && !isOut ? Math.max(1e-12, ...a) : 1;
        const r = radius(a.length);
        a.forEach((value, i) => {
          const [cx, cy] = where(l, i);
          // A first-hidden-layer neuron is a button: a transparent target TARGET CSS px
          // across over the shaded dot (the dot alone is 13 px wide on a phone).
          const target = l === 1;
          if (target) {
            neurons.append(s("circle", {cx, cy, r, fill: shade(value / top),
              class: "mlpbook-nv-dot", "data-dot": i}));
          }
          const circle = s("circle", {cx, cy,
            r: target ? Math.max(r, TARGET / 2 / scale) : r,
            fill: target ? "transparent" : shade(value / top),
            class: `mlpbook-nv-neuron${target ? " mlpbook-nv-target" : ""}${
              isOut && i === best ? " mlpbook-nv-best" : ""}`,
            "data-layer": l, "data-index": i, "data-activation": value});
          circle.append(s("title", {}, `${isOut ? i : text.neuron(i)}: ${fmt(value, 3)}`));
          if (l === 1) {
            circle.setAttribute("tabindex", -1);
            circle.setAttribute("role", "button");
            circle.setAttribute("aria-label", text.neuron(i));
            const choose = () => {
              hovered = null;
              model.set("neuron", i);
              model.save_changes();
              showNeuron(x, layers);
            };
            circle.addEventListener("click", choose);
            circle.addEventListener("keydown", (event) => {
              if (event.key === "Enter" || event.key === " ") {
                event.preventDefault();
                choose();
                return;
              }
              const step = {ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1}[event.key];
              const to = event.key === "Home" ? 0 : event.key === "End" ? a.length - 1
                : step === undefined ? null : (i + step + a.length) % a.length;
              if (to === null) return;
              event.preventDefault();
              hovered = null;
              model.set("neuron", to);
              model.save_changes();
              draw();
              const next = svg.querySelector(`[data-layer='1'][data-index='${to}']`);
              if (next) next.focus();
            });
            const point = (at) => () => {
              hovered = at;
              showNeuron(x, layers);
            };
            circle.addEventListener("pointerenter", point(i));
            circle.addEventListener("pointerleave", point(null));
          }
          neurons.append(circle);
          if (isOut) {
            neurons.append(s("text", {x: cx + r + 5, y: cy, class: `mlpbook-nv-label${
              i === best ? " mlpbook-nv-best" : ""}`, "data-digit": i},
            `${i}  ${fmt(value, 2)}`));
          }
        });
      }
      svg.replaceChildren(s("title", {}, text.figure(best)), picture, lines, heads, neurons);
      svg.setAttribute("aria-label", text.figure(best));
      answerLine.textContent = text.answer(best, label);
      if (index !== saidDigit) {
        if (saidDigit !== null) spoken.say(answerLine.textContent);
        saidDigit = index;
      }
      answerLine.dataset.digit = String(best);
      note.textContent = `${text.lines} ${text.pick}`;
      legend.textContent = text.legend;
      if (select.value !== String(index)) select.value = String(index);
      showNeuron(x, layers);
      if (refocus) {
        const again = svg.querySelector(`[data-layer='1'][data-index='${active.dataset.index}']`);
        if (again) again.focus();
      }
    };
    const schedule = () => {
      if (!pending) {
        pending = true;
        requestAnimationFrame(draw);
      }
    };
    const onData = () => {
      net = state();
      fillSelect();
      schedule();
    };
    const onLanguage = () => {
      text = TEXT[model.get("language")] || TEXT.en;
      fillSelect();
      schedule();
    };
    const events = [["change:index", schedule], ["change:neuron", schedule],
      ["change:language", onLanguage],
      ...["sizes", "weights", "biases", "activation", "output", "images", "labels"].map(
        (t) => [`change:${t}`, onData])];
    for (const [event, handler] of events) model.on(event, handler);
    // A new width (a phone turned, a window resized) may need a taller diagram.
    const resized = new ResizeObserver(() => {
      if (diagramHeight(net.sizes[1] || 1, svg.getBoundingClientRect().width || WIDTH) !== height) {
        schedule();
      }
    });
    resized.observe(el);
    fillSelect();
    draw();
    return () => {
      resized.disconnect();
      spoken.quiet();
      for (const [event, handler] of events) model.off(event, handler);
    };
  },
};
