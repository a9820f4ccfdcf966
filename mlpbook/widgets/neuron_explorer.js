// Chapter 2's neuron explorer, drawn in the browser: weights × digit = products, the
// weighted sum, z = s + b and σ(z), and the neuron as a circle shaded by its activation.
// The images and every weight pattern arrive as float32 bytes, so choosing a digit, a
// pattern or a bias needs no Python. weightedSum and neuronResponse are the twins of
// mlpbook.lessons.neuron.weighted_sum and neuron_response (tested equal).

const TEXT = {
  en: {
    weights: "weights",
    bias: "bias b",
    digit: "digit",
    image: (k) => `image ${k + 1}`,
    labelled: (label) => `a ${label}`,
    patterns: {"horizontal edge": "horizontal edge", "vertical edge": "vertical edge",
      loop: "loop", random: "random"},
    wTitle: "weights w",
    aTitle: "activations a (digit)",
    pTitle: "products w\u1d62a\u1d62",
    nTitle: "the neuron",
    sum: "weighted sum",
    activation: "activation",
    figure: (pattern, what, act) => `The ${pattern} weights times ${what} give the products; ` +
      `the neuron's activation is ${act}`,
  },
  zh: {
    weights: "权重",
    bias: "偏置 b",
    digit: "数字",
    image: (k) => `第 ${k + 1} 张图`,
    labelled: (label) => `数字 ${label}`,
    patterns: {"horizontal edge": "水平边缘", "vertical edge": "竖直边缘", loop: "圆环",
      random: "随机"},
    wTitle: "权重 w",
    aTitle: "激活值 a（数字）",
    pTitle: "乘积 w\u1d62a\u1d62",
    nTitle: "神经元",
    sum: "加权和",
    activation: "激活值",
    figure: (pattern, what, act) =>
      `${pattern}权重乘以${what}得到乘积；神经元的激活值是 ${act}`,
  },
};

const SIDE = 28;
const PIXELS = SIDE * SIDE;

/** The products w_i·a_i, pixel by pixel (twin of neuron.weighted_products, flattened). */
export function weightedProducts(weights, image) {
  if (weights.length !== image.length) {
    throw new Error(`one weight per input activation is needed: got ${weights.length} ` +
      `weights for ${image.length} activations`);
  }
  return Array.from(weights, (w, i) => w * image[i]);
}

/** w1·a1 + w2·a2 + ... + wn·an (twin of neuron.weighted_sum). */
export function weightedSum(weights, image) {
  return weightedProducts(weights, image).reduce((total, p) => total + p, 0);
}

/** The weighted sum, z = sum + bias and σ(z) (the numbers of neuron.neuron_response). */
export function neuronResponse(weights, image, bias = 0) {
  const sum = weightedSum(weights, image);
  const z = sum + bias;
  return {weighted_sum: sum, bias, z, activation: sigmoid(z)};
}

/** The colour scale's limit: the largest |weight| (1 for all-zero weights), as viz.weight_limit. */
export function weightLimit(weights) {
  let top = 0;
  for (const w of weights) top = Math.max(top, Math.abs(w));
  return top > 0 ? top : 1;
}

/** "weighted sum s = 12.34", "z = s − 10 = 2.34", "σ(z) = 0.912": the numbers as shown. */
export function numberLines(response, language = "en") {
  const text = TEXT[language] || TEXT.en;
  const sign = response.bias < 0 ? "\u2212" : "+";
  return {
    sum: `${text.sum} s = \u03a3 w\u1d62a\u1d62 = ${fmt(response.weighted_sum, 2)}`,
    z: `z = s ${sign} ${fmt(Math.abs(response.bias), 1)} = ${fmt(response.z, 2)}`,
    activation: `${text.activation} \u03c3(z) = ${fmt(response.activation, 3)}`,
  };
}

// An offscreen 28×28 canvas holding a picture, to be scaled up without smoothing.
function pixelCanvas(values, colour) {
  const canvas = document.createElement("canvas");
  canvas.width = SIDE;
  canvas.height = SIDE;
  const ctx = canvas.getContext("2d");
  const picture = ctx.createImageData(SIDE, SIDE);
  for (let i = 0; i < PIXELS; i++) {
    const [r, g, b] = colour(values[i]);
    picture.data.set([r, g, b, 255], 4 * i);
  }
  ctx.putImageData(picture, 0, 0);
  return canvas;
}

const grey = (v) => {
  const level = Math.round(255 * Math.max(0, Math.min(1, v)));
  return [level, level, level];
};
const signed = (limit) => (v) => weightColor(v, limit).match(/\d+/g).map(Number);

function drawPicture(ctx, source, x, y, size, framed) {
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(source, x, y, size, size);
  if (framed) {
    ctx.strokeStyle = "#999";
    ctx.lineWidth = 0.8;
    ctx.strokeRect(x - 0.5, y - 0.5, size + 1, size + 1);
  }
}

function drawFigure(fig, ink, weights, image, response, text) {
  const {ctx, width, height} = fig;
  const size = 128;
  const top = 24;
  const limit = weightLimit(weights);
  const products = weightedProducts(weights, image);
  ctx.clearRect(0, 0, width, height);
  ctx.font = "12px sans-serif";
  ctx.fillStyle = ink;
  ctx.textAlign = "center";
  ctx.textBaseline = "alphabetic";
  const panels = [[0, weights, signed(limit), true, text.wTitle],
    [168, image, grey, false, text.aTitle], [336, products, signed(limit), true, text.pTitle]];
  for (const [x, values, colour, framed, title] of panels) {
    drawPicture(ctx, pixelCanvas(values, colour), x + 4, top, size, framed);
    ctx.fillText(title, x + 4 + size / 2, top - 8);
  }
  ctx.font = "22px sans-serif";
  ctx.textBaseline = "middle";
  for (const [x, symbol] of [[150, "\u00d7"], [318, "="], [486, "\u2192"]]) {
    ctx.fillText(symbol, x, top + size / 2);
  }
  // the neuron: shaded by its activation (black 0, white 1), ringed green when it fires
  const cx = 584;
  const cy = top + size / 2 - 6;
  const level = Math.round(255 * response.activation);
  ctx.beginPath();
  ctx.arc(cx, cy, 46, 0, 2 * Math.PI);
  ctx.fillStyle = `rgb(${level}, ${level}, ${level})`;
  ctx.fill();
  const fires = response.activation > 0.5;
  ctx.strokeStyle = fires ? COLORS.green : ink;
  ctx.lineWidth = fires ? 4 : 1.2;
  ctx.stroke();
  ctx.font = "12px sans-serif";
  ctx.fillStyle = ink;
  ctx.textBaseline = "alphabetic";
  ctx.fillText(text.nTitle, cx, top - 8);
  ctx.fillText(`z = ${fmt(response.z, 2)}`, cx, cy + 66);
  ctx.fillText(`\u03c3(z) = ${fmt(response.activation, 3)}`, cx, cy + 82);
}

export default {
  render({model, el}) {
    const text = TEXT[model.get("language")] || TEXT.en;
    el.classList.add("mlpbook-widget", "mlpbook-neuron_explorer");
    let images = floats(model.get("images"));
    let patterns = floats(model.get("patterns"));
    const count = () => Math.floor(images.length / PIXELS);
    const imageAt = (k) => images.subarray(k * PIXELS, (k + 1) * PIXELS);
    const weightsOf = (name) => {
      const k = Math.max(0, model.get("pattern_names").indexOf(name));
      return patterns.subarray(k * PIXELS, (k + 1) * PIXELS);
    };
    const describe = (k) => {
      const labels = model.get("labels") || [];
      return k < labels.length ? text.labelled(labels[k]) : text.image(k);
    };

    // controls: the weight pattern, the bias, and one button per digit
    const menuId = uniqueId("neuron-pattern");
    const menu = h("select", {id: menuId},
      model.get("pattern_names").map((name) =>
        h("option", {value: name}, text.patterns[name] || name)));
    menu.addEventListener("change", () => {
      model.set("pattern", menu.value);
      model.save_changes();
    });
    const biasSlider = slider(model, "bias", {label: text.bias, min: model.get("bias_min"),
      max: model.get("bias_max"), step: 0.5, format: (v) => fmt(v, 1)});
    const chooserId = uniqueId("neuron-digits");
    const chooser = h("div", {role: "group", "aria-labelledby": chooserId,
      class: "mlpbook-neuron-digits"});
    const buildChooser = () => {
      chooser.replaceChildren(...Array.from({length: count()}, (_, k) => {
        const thumb = h("canvas", {width: SIDE, height: SIDE, "aria-hidden": "true"});
        thumb.getContext("2d").drawImage(pixelCanvas(imageAt(k), grey), 0, 0);
        const labels = model.get("labels") || [];
        return h("button", {type: "button", "data-index": k, "aria-label": describe(k),
          onclick: () => {
            model.set("index", k);
            model.save_changes();
          }}, thumb, k < labels.length ? h("span", {}, String(labels[k])) : null);
      }));
    };
    buildChooser();

    const heading = h("div", {class: "mlpbook-neuron-title"});
    const fig = hidpiCanvas(680, 190, {role: "img"});
    const spans = {sum: h("span", {class: "mlpbook-neuron-sum"}),
      z: h("span", {class: "mlpbook-neuron-z"}),
      activation: h("span", {class: "mlpbook-neuron-activation"})};
    const numbers = h("div", {class: "mlpbook-formula mlpbook-neuron-numbers"},
      spans.sum, spans.z, spans.activation);
    const status = announcer();  // the numbers, said once a slider or choice settles
    el.append(
      h("div", {class: "mlpbook-controls"},
        h("div", {class: "mlpbook-control"}, h("label", {for: menuId}, text.weights), menu),
        biasSlider.root),
      h("div", {class: "mlpbook-control"}, h("span", {id: chooserId}, text.digit), chooser),
      heading, fig.canvas, numbers, status.node);

    let pending = false;
    const draw = () => {
      pending = false;
      const k = Math.min(Math.max(0, model.get("index")), count() - 1);
      const name = model.get("pattern");
      const weights = weightsOf(name);
      const image = imageAt(k);
      const response = neuronResponse(weights, image, Number(model.get("bias")));
      menu.value = name;
      for (const button of chooser.children) {
        button.setAttribute("aria-pressed", String(Number(button.dataset.index) === k));
      }
      heading.textContent = `${describe(k)} \u00b7 ${text.patterns[name] || name}`;
      const lines = numberLines(response, model.get("language"));
      for (const key of ["sum", "z", "activation"]) {
        spans[key].textContent = lines[key];
        spans[key].dataset.value = String(response[key === "sum" ? "weighted_sum" : key]);
      }
      fig.canvas.setAttribute("aria-label", text.figure(text.patterns[name] || name,
        describe(k), fmt(response.activation, 3)));
      status.say([lines.sum, lines.z, lines.activation].join("; "));
      drawFigure(fig, getComputedStyle(el).color || "#222", weights, image, response, text);
    };
    const schedule = () => {
      if (!pending) {
        pending = true;
        requestAnimationFrame(draw);
      }
    };
    const refreshData = () => {
      images = floats(model.get("images"));
      patterns = floats(model.get("patterns"));
      buildChooser();
      schedule();
    };
    const events = ["change:index", "change:bias", "change:pattern"];
    const dataEvents = ["change:images", "change:patterns", "change:labels"];
    for (const event of events) model.on(event, schedule);
    for (const event of dataEvents) model.on(event, refreshData);
    const offTheme = onThemeChange(schedule);
    draw();
    status.quiet();  // nothing to announce before the reader does anything
    return () => {
      offTheme();
      status.quiet();
      for (const event of events) model.off(event, schedule);
      for (const event of dataEvents) model.off(event, refreshData);
    };
  },
};
