// The trainer: 784-16-16-10 learns MNIST digits in the reader's browser, in a Web Worker.
//
// Python (trainer.py) hands the page its settings and the start, Network(sizes, activation,
// cost, seed=seed) in float64; the page fetches the digits only when the reader first presses
// Train and trains in a worker (the engine, the data loading and the plots are _training.js,
// joined in front of this file), so the page stays responsive and it works from file:// too.
// What it trains is kept in the browser (_reader_store.js) for the drawing pad of chapter 8,
// and can be saved as an mlpbook model file (_model_file.js).

const TEXT = {
  en: {
    layers: "layers",
    activation: "activation",
    activations: {sigmoid: "sigmoid", relu: "ReLU"},
    cost: "cost",
    costs: {quadratic: "quadratic", "cross-entropy": "cross-entropy"},
    lr: "learning rate",
    batch: "batch size",
    epochs: "epochs",
    seed: "seed",
    train: "Train",
    stop: "Stop",
    reset: "Reset",
    costTitle: "Training cost (mean of the last 1,000 examples)",
    accuracyTitle: "Accuracy",
    trainLine: "training (last 1,000 examples)",
    testLine: "test (2,000 images)",
    epochAxis: "epochs",
    weightsTitle: "The first 16 neurons of hidden layer 1: their 784 weights as 28\u00d728 " +
      "images (green positive, red negative)",
    digitsTitle: "Test digits and the network's answers (red: wrong)",
    digitsEmpty: "The digits appear when you press Train.",
    digitAlt: (label, answer) => answer === null ? `a ${label}` :
      `a ${label}; the network answers ${answer}${answer === label ? "" : " (wrong)"}`,
    status: (epoch, target, seen, acc, speed) =>
      `epoch ${epoch} of ${target} \u00b7 ${seen} examples` +
      (acc === null ? "" : ` \u00b7 test accuracy ${acc}%`) +
      (speed === null ? "" : ` \u00b7 ${speed} steps/s`),
    startExact: (seed) => `Start and order of examples: exactly those of Python's ` +
      `Network(..., seed=${seed}) trained with mlpbook.train(..., seed=${seed}).`,
    startPage: (seed) => `Start drawn in the page for seed ${seed} (other numbers than ` +
      `Python's Network(seed=${seed})); order of examples as Python's train(..., seed=${seed}).`,
    shuffled: "The training labels are shuffled: no rule links an image to its label.",
    messages: {
      idle: "",
      loading: "Loading 12,000 MNIST digits (1.9 MB)\u2026",
      training: "Training in a background worker: the page stays responsive.",
      stopped: "Stopped. Train continues from here; Reset starts again.",
      done: "Done. Train trains further; Reset starts again.",
      nodata: "The digits could not be loaded. On the website they are part of the book; in " +
        "Jupyter, Python needs MNIST (python -m mlpbook data).",
      diverged: "The cost became infinite or NaN: the learning rate is too high. Press Reset.",
    },
    save: "Save this network (.npz)",
    saved: (name) => `Saved ${name}: python -m mlpbook evaluate ${name} reads it.`,
    kept: "Chapter 8's drawing pad can draw on this network (it is kept in this browser).",
    credit: "Digits: MNIST by Yann LeCun, Corinna Cortes and Christopher J. C. Burges " +
      "(CC BY-SA 3.0), the first 10,000 training and 2,000 test images.",
    weightsFigure: "Weight images of 16 first-layer neurons",
    costFigure: "Training cost against epochs",
    accuracyFigure: "Training and test accuracy against epochs",
  },
  zh: {
    layers: "层",
    activation: "激活函数",
    activations: {sigmoid: "sigmoid", relu: "ReLU"},
    cost: "代价函数",
    costs: {quadratic: "二次代价", "cross-entropy": "交叉熵"},
    lr: "学习率",
    batch: "批大小",
    epochs: "轮数",
    seed: "随机种子",
    train: "训练",
    stop: "停止",
    reset: "重置",
    costTitle: "训练代价（最近 1,000 个样本的平均）",
    accuracyTitle: "准确率",
    trainLine: "训练（最近 1,000 个样本）",
    testLine: "测试（2,000 张图像）",
    epochAxis: "轮",
    weightsTitle: "第 1 隐含层的前 16 个神经元：它们的 784 个权重画成 28\u00d728 的图像" +
      "（绿色为正，红色为负）",
    digitsTitle: "测试数字与网络的回答（红色：答错）",
    digitsEmpty: "按下“训练”后，这里会出现数字。",
    digitAlt: (label, answer) => answer === null ? `数字 ${label}` :
      `数字 ${label}；网络的回答是 ${answer}${answer === label ? "" : "（错误）"}`,
    status: (epoch, target, seen, acc, speed) =>
      `第 ${epoch} / ${target} 轮 \u00b7 ${seen} 个样本` +
      (acc === null ? "" : ` \u00b7 测试准确率 ${acc}%`) +
      (speed === null ? "" : ` \u00b7 每秒 ${speed} 步`),
    startExact: (seed) => `初始权重和样本顺序与 Python 完全相同：Network(..., seed=${seed})，` +
      `用 mlpbook.train(..., seed=${seed}) 训练。`,
    startPage: (seed) => `初始权重是在网页中按种子 ${seed} 抽取的（与 Python 的 ` +
      `Network(seed=${seed}) 数值不同）；样本顺序与 Python 的 train(..., seed=${seed}) 相同。`,
    shuffled: "训练标签已被打乱：图像和它的标签之间没有任何规律。",
    messages: {
      idle: "",
      loading: "正在加载 12,000 个 MNIST 数字（1.9 MB）……",
      training: "正在后台线程中训练，网页仍可正常操作。",
      stopped: "已停止。再按“训练”会接着训练；“重置”从头开始。",
      done: "完成。再按“训练”会继续训练；“重置”从头开始。",
      nodata: "无法加载数字。在网站上，它们是书的一部分；在 Jupyter 中，Python 需要 MNIST" +
        "（python -m mlpbook data）。",
      diverged: "代价变成了无穷大或 NaN：学习率太大。请按“重置”。",
    },
    save: "保存这个网络（.npz）",
    saved: (name) => `已保存 ${name}：python -m mlpbook evaluate ${name} 可以读取它。`,
    kept: "第 8 章的手写板可以使用这个网络（它保存在这个浏览器中）。",
    credit: "数字：MNIST，作者 Yann LeCun、Corinna Cortes 与 Christopher J. C. Burges" +
      "（CC BY-SA 3.0），取前 10,000 张训练图像和 2,000 张测试图像。",
    weightsFigure: "第 1 隐含层 16 个神经元的权重图像",
    costFigure: "训练代价随轮数的变化",
    accuracyFigure: "训练准确率和测试准确率随轮数的变化",
  },
};

/** The layer choices offered (a network Python hands over is added when it is not one). */
export const PRESETS = [[784, 16, 16, 10], [784, 64, 32, 10]];
const LEARNING_RATES = [0.01, 0.03, 0.1, 0.3, 0.5, 1, 2, 3, 5, 10];
const BATCH_SIZES = [1, 5, 10, 20, 50, 100];
const EPOCH_CHOICES = [1, 2, 3, 5, 10, 20, 30];
const N_DIGITS = 12;         // test digits shown with the network's answers
const N_WEIGHT_IMAGES = 16;  // first-layer neurons drawn
const WINDOW = 1000;         // examples in the running training cost and accuracy

function drawWeights(fig, weights, nIn, count) {
  const {ctx, width, height} = fig;
  const side = Math.round(Math.sqrt(nIn));
  const cols = 8;
  const cell = 56;
  const gap = 4;
  if (!fig.sheet || fig.sheet.width !== cols * side) {
    fig.sheet = document.createElement("canvas");
    fig.sheet.width = cols * side;
    fig.sheet.height = 2 * side;
    fig.image = fig.sheet.getContext("2d").createImageData(fig.sheet.width, fig.sheet.height);
  }
  const {sheet, image} = fig;
  const px = image.data;
  px.fill(255);
  // weightColor's mix, per pixel: white towards green (44, 160, 44) or red (214, 39, 40)
  for (let n = 0; n < count; n += 1) {
    let limit = 0;
    for (let k = 0; k < nIn; k += 1) limit = Math.max(limit, Math.abs(weights[n * nIn + k]));
    const ox = (n % cols) * side;
    const oy = Math.floor(n / cols) * side;
    for (let k = 0; k < nIn; k += 1) {
      const t = limit > 0 ? weights[n * nIn + k] / limit : 0;
      const a = t >= 0 ? t : -t;
      const at = 4 * ((oy + ((k / side) | 0)) * sheet.width + ox + (k % side));
      px[at] = 255 + ((t >= 0 ? 44 : 214) - 255) * a;      // (the clamped array rounds)
      px[at + 1] = 255 + ((t >= 0 ? 160 : 39) - 255) * a;
      px[at + 2] = 255 + ((t >= 0 ? 44 : 40) - 255) * a;
    }
  }
  sheet.getContext("2d").putImageData(image, 0, 0);
  ctx.clearRect(0, 0, width, height);
  ctx.imageSmoothingEnabled = false;
  ctx.strokeStyle = "rgba(127, 127, 127, 0.5)";
  for (let n = 0; n < count; n += 1) {
    const x = (n % cols) * (cell + gap);
    const y = Math.floor(n / cols) * (cell + gap);
    ctx.drawImage(sheet, (n % cols) * side, Math.floor(n / cols) * side, side, side,
      x, y, cell, cell);
    ctx.strokeRect(x + 0.5, y + 0.5, cell - 1, cell - 1);
  }
}


// ------------------------------------------------------------------ the widget
function choices(values, current) {
  const list = values.slice();
  if (!list.some((v) => v === current)) list.push(current);
  return list.sort((a, b) => a - b);
}

export default {
  render({model, el}) {
    let text = TEXT[model.get("language")] || TEXT.en;
    el.classList.add("mlpbook-widget", "mlpbook-trainer");
    const labelled = [];   // [node, (text) => string]: relabelled when the language changes
    const say = (node, pick) => {
      labelled.push([node, pick]);
      node.textContent = pick(text);
      return node;
    };

    // ---- controls
    const control = (pick, input) => {
      const id = uniqueId("trainer");
      input.id = id;
      return h("div", {class: "mlpbook-control"}, say(h("label", {for: id}), pick), input);
    };
    const select = (cls, options) => {
      const node = h("select", {class: cls});
      options.forEach(([value, pick]) => node.append(say(h("option", {value}), pick)));
      return node;
    };
    const sizesKey = (s) => s.join("-");
    const layerOptions = () => {
      const list = PRESETS.slice();
      const own = (model.get("sizes") || []).map(Number);
      if (!list.some((s) => sameSizes(s, own))) list.push(own);
      return list;
    };
    const layersSelect = select("mlpbook-trainer-layers",
      layerOptions().map((s) => [sizesKey(s), () => sizesKey(s)]));
    const activationSelect = select("mlpbook-trainer-activation",
      ["sigmoid", "relu"].map((v) => [v, (t) => t.activations[v]]));
    const costSelect = select("mlpbook-trainer-cost",
      ["quadratic", "cross-entropy"].map((v) => [v, (t) => t.costs[v]]));
    const numberSelect = (cls, values, trait) => select(cls,
      choices(values, Number(model.get(trait))).map((v) => [String(v), () => String(v)]));
    const lrSelect = numberSelect("mlpbook-trainer-lr", LEARNING_RATES, "lr");
    const batchSelect = numberSelect("mlpbook-trainer-batch", BATCH_SIZES, "batch_size");
    const epochsSelect = numberSelect("mlpbook-trainer-epochs", EPOCH_CHOICES, "epochs");
    const seedInput = h("input", {type: "number", min: 0, max: 4294967295, step: 1,
      class: "mlpbook-trainer-seed"});
    const trainButton = say(h("button", {type: "button", class: "mlpbook-trainer-train"}),
      (t) => t.train);
    const stopButton = say(h("button", {type: "button", class: "mlpbook-trainer-stop"}),
      (t) => t.stop);
    const saveButton = say(h("button", {type: "button", class: "mlpbook-trainer-save",
      disabled: true}), (t) => t.save);
    const resetButton = say(h("button", {type: "button", class: "mlpbook-trainer-reset"}),
      (t) => t.reset);
    const settings = h("div", {class: "mlpbook-controls mlpbook-trainer-settings"},
      control((t) => t.layers, layersSelect), control((t) => t.activation, activationSelect),
      control((t) => t.cost, costSelect), control((t) => t.lr, lrSelect),
      control((t) => t.batch, batchSelect), control((t) => t.epochs, epochsSelect),
      control((t) => t.seed, seedInput));
    const inputs = [layersSelect, activationSelect, costSelect, lrSelect, batchSelect,
      epochsSelect, seedInput];

    // ---- figures and text
    const status = h("div", {class: "mlpbook-trainer-status"});
    const message = h("div", {class: "mlpbook-trainer-message", "aria-live": "polite"});
    const startNote = h("div", {class: "mlpbook-trainer-note"});
    const costFig = hidpiCanvas(340, 170, {role: "img", class: "mlpbook-trainer-cost-plot"});
    const accFig = hidpiCanvas(340, 170, {role: "img", class: "mlpbook-trainer-accuracy-plot"});
    const weightFig = hidpiCanvas(8 * 60 - 4, 2 * 60 - 4,
      {role: "img", class: "mlpbook-trainer-weights"});
    const panel = (pick, fig, legend) => h("figure", {class: "mlpbook-trainer-panel"},
      say(h("figcaption"), pick), fig.canvas, legend || null);
    const swatch = (color, pick) => h("span", {class: "mlpbook-trainer-key"},
      h("span", {class: "mlpbook-trainer-swatch", style: {background: color}}),
      say(h("span"), pick));
    const accLegend = h("div", {class: "mlpbook-trainer-legend"},
      swatch(COLORS.blue, (t) => t.trainLine), swatch(COLORS.orange, (t) => t.testLine));
    const digitList = h("ol", {class: "mlpbook-trainer-digits"});
    const digitsEmpty = say(h("p", {class: "mlpbook-trainer-digits-empty"}),
      (t) => t.digitsEmpty);
    el.append(settings,
      h("div", {class: "mlpbook-controls mlpbook-trainer-actions"},
        trainButton, stopButton, resetButton, saveButton, status),
      message,
      h("div", {class: "mlpbook-trainer-plots"},
        panel((t) => t.costTitle, costFig), panel((t) => t.accuracyTitle, accFig, accLegend)),
      panel((t) => t.weightsTitle, weightFig),
      h("figure", {class: "mlpbook-trainer-panel"}, say(h("figcaption"), (t) => t.digitsTitle),
        digitList, digitsEmpty),
      startNote,
      say(h("p", {class: "mlpbook-trainer-credit"}), (t) => t.credit));

    // ---- state
    let worker = null;
    let ready = null;        // promise of the worker's "ready" message
    let info = null;         // {nTrain, nTest, pixels, digits, digitLabels}
    let generation = 0;
    let phase = "idle";      // idle | loading | training | stopped | done | nodata | diverged
    let params = null;       // the latest full parameters known here
    let start = null;        // {params, exact}
    let last = null;         // the latest progress message
    let history = {train: [], test: []};
    let target = Number(model.get("epochs"));
    let drawId = 0;

    const current = () => ({sizes: (model.get("sizes") || []).map(Number),
      activation: model.get("activation"), cost: model.get("cost"),
      seed: Number(model.get("seed"))});
    const chooseStart = () => {
      const {sizes, activation, seed} = current();
      const given = floats(model.get("start_params"), Float64Array);
      const from = model.get("start_for") || {};
      const shape = layout(sizes);
      if (sameSizes(from.sizes, sizes) && from.activation === activation &&
          Number(from.seed) === seed && given.length === shape.n) {
        return {params: given, exact: true};
      }
      return {params: initialParams(sizes, activation, pageNormals(seed, shape.nWeights)),
        exact: false};
    };
    const labelOrder = () => {
      const raw = model.get("label_order");
      if (!raw || !(raw.byteLength || raw.length)) return null;
      const bytes = floats(raw, Uint8Array);
      return new Uint16Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >> 1);
    };
    let focusOwed = false;
    const setPhase = (what) => {
      phase = what;
      el.dataset.state = what;
      const busy = what === "training" || what === "loading";
      // A button that disables itself drops the keyboard focus to <body>: hand it over to the
      // button that is usable now (Train -> Stop while training, Stop -> Train after).
      const focused = el.ownerDocument.activeElement;
      const hadFocus = focusOwed || focused === trainButton || focused === stopButton ||
        inputs.includes(focused);
      trainButton.disabled = busy || what === "nodata" || what === "diverged";
      stopButton.disabled = what !== "training";
      for (const input of inputs) input.disabled = busy;
      if (hadFocus && (focusOwed || focused.disabled)) {
        const to = !stopButton.disabled ? stopButton : !trainButton.disabled ? trainButton : null;
        if (to) to.focus();
        focusOwed = to === null;  // while loading both are disabled: focus Stop once it is usable
      }
      const m = text.messages[what];
      // The result is announced once, when training settles (the status line, which changes on
      // every report, is not a live region).
      const settled = (what === "done" || what === "stopped") && last ? ` ${status.textContent}` : "";
      const kept = (what === "done" || what === "stopped") && last ? ` ${text.kept}` : "";
      message.textContent = (m || "") + settled + kept;
      saveButton.disabled = busy || !last || !last.params;
    };
    const pct = (x) => fmt(100 * x, 1);
    const updateText = () => {
      const seen = last ? last.seen : 0;
      const epochs = last ? last.epochs : 0;
      const test = last && last.test ? last.test.accuracy : null;
      const speed = last && last.busySeconds > 0.05 ? Math.round(last.steps / last.busySeconds)
        : null;
      status.textContent = text.status(fmt(epochs, 2), target, seen.toLocaleString("en-US"),
        test === null ? null : pct(test), speed === null ? null : speed.toLocaleString("en-US"));
      const {seed} = current();
      const origin = start && start.exact ? text.startExact(seed) : text.startPage(seed);
      startNote.textContent = origin + (labelOrder() ? " " + text.shuffled : "");
      el.dataset.start = start && start.exact ? "python" : "page";
      el.dataset.seen = String(seen);
      el.dataset.steps = String(last ? last.steps : 0);
      el.dataset.epochs = String(epochs);
      el.dataset.testAccuracy = test === null ? "" : String(test);
      el.dataset.stepsPerSecond = speed === null ? "" : String(speed);
    };
    const draw = () => {
      drawId = 0;
      const ink = getComputedStyle(el).color || "#222";
      const xMax = Math.max(target, last ? Math.ceil(last.epochs) : 0, 1);
      const costs = history.train.map(([x, c]) => [x, c]);
      const costTop = niceMax(Math.max(0, ...costs.map(([, c]) => c)));
      drawPlot(costFig, {xMax, yMax: costTop, yTicks: [0, costTop / 2, costTop],
        yFormat: (v) => fmt(v, costTop < 1 ? 2 : 1), ink, xLabel: text.epochAxis,
        lines: [{points: costs, color: COLORS.blue}]});
      drawPlot(accFig, {xMax, yMax: 1, yTicks: [0, 0.25, 0.5, 0.75, 1],
        yFormat: (v) => `${Math.round(v * 100)}%`, ink, xLabel: text.epochAxis, lines: [
          {points: history.train.map(([x, , a]) => [x, a]), color: COLORS.blue},
          {points: history.test.map(([x, a]) => [x, a]), color: COLORS.orange, dots: true}]});
      costFig.canvas.setAttribute("aria-label", text.costFigure);
      accFig.canvas.setAttribute("aria-label", text.accuracyFigure);
      weightFig.canvas.setAttribute("aria-label", text.weightsFigure);
      const sizes = current().sizes;
      const shown = Math.min(N_WEIGHT_IMAGES, sizes[1]);
      const weights = last && last.weights ? last.weights
        : params ? params.subarray(0, shown * sizes[0]) : null;
      if (weights) drawWeights(weightFig, weights, sizes[0], shown);
      const answers = last ? last.answers : null;
      digitList.querySelectorAll("li").forEach((item, i) => {
        const label = Number(item.dataset.label);
        const answer = answers ? answers[i] : null;
        item.dataset.answer = answer === null ? "" : String(answer);
        item.classList.toggle("mlpbook-trainer-wrong", answer !== null && answer !== label);
        item.querySelector(".mlpbook-trainer-answer").textContent =
          answer === null ? "\u00a0" : String(answer);
        item.querySelector("canvas").setAttribute("aria-label", text.digitAlt(label, answer));
      });
      updateText();
    };
    const schedule = () => {
      if (!drawId) drawId = requestAnimationFrame(draw);
    };
    const showDigits = () => {
      digitList.textContent = "";
      const side = Math.round(Math.sqrt(info.pixels));
      info.digitLabels.forEach((label, i) => {
        const canvas = h("canvas", {width: side, height: side, role: "img"});
        drawDigit(canvas, info.digits.subarray(i * info.pixels, (i + 1) * info.pixels), side);
        digitList.append(h("li", {"data-label": label}, canvas,
          h("span", {class: "mlpbook-trainer-answer"}, "\u00a0")));
      });
      digitsEmpty.hidden = true;
    };

    const writeBack = (msg) => {
      const {sizes, activation, cost} = current();
      const copy = Float64Array.from(msg.params);
      model.set("trained_params", new DataView(copy.buffer));
      model.set("trained_info", {sizes, activation, cost, epochs: msg.epochs, examples: msg.seen,
        steps: msg.steps, test_accuracy: msg.test ? msg.test.accuracy : null,
        test_curve: history.test.map(([x, a]) => [x, a])});
      model.save_changes();
      // kept in the browser: chapter 8's drawing pad draws on the network trained last
      saveNetwork({sizes, activation, cost, params: copy}, "trainer");
    };
    const onWorker = (event) => {
      const msg = event.data;
      if (msg.generation !== undefined && msg.generation !== generation) return;
      if (msg.type === "error") {
        console.warn("mlpbook trainer:", msg.message);
        setPhase("nodata");
        return;
      }
      if (!["progress", "done", "stopped", "diverged"].includes(msg.type)) return;
      last = msg;
      if (msg.trainCost !== null) {
        history.train.push([msg.epochs, msg.trainCost, msg.trainAccuracy]);
      }
      if (msg.test && (!history.test.length ||
          history.test[history.test.length - 1][2] !== msg.test.seen)) {
        history.test.push([msg.test.epochs, msg.test.accuracy, msg.test.seen]);
      }
      if (msg.params) {
        params = msg.params;
        if (msg.type !== "diverged") writeBack(msg);
      }
      updateText();        // now: numbers and state agree at every moment, pictures follow
      if (msg.params) setPhase(msg.type);
      schedule();
    };
    const ensureWorker = () => {
      if (ready) return ready;
      const url = URL.createObjectURL(new Blob([workerSource()], {type: "text/javascript"}));
      worker = new Worker(url);
      ready = loadData(model).then((payload) => new Promise((resolve, reject) => {
        const first = (event) => {
          const msg = event.data;
          URL.revokeObjectURL(url);   // the worker runs: its source is no longer needed
          if (msg.type === "ready") {
            worker.removeEventListener("message", first);
            worker.addEventListener("message", onWorker);
            resolve(msg);
          } else if (msg.type === "error") {
            worker.removeEventListener("message", first);
            reject(new Error(msg.message));
          }
        };
        worker.addEventListener("message", first);
        worker.postMessage({type: "data", ...payload},
          payload.bytes ? [payload.bytes] : []);
      }));
      return ready;
    };
    const sendReset = () => {
      if (!worker || !info) return;
      const {sizes, activation, cost, seed} = current();
      worker.postMessage({type: "reset", generation, sizes, activation, cost, seed,
        params: start.params, labelOrder: labelOrder()});
    };
    const reset = (initial = false) => {
      generation += 1;
      start = chooseStart();
      params = Float64Array.from(start.params);
      last = null;
      history = {train: [], test: []};
      target = Number(model.get("epochs"));
      const trained = model.get("trained_params");
      if (!initial && trained && (trained.byteLength || 0) > 0) {
        model.set("trained_params", new DataView(new ArrayBuffer(0)));
        model.set("trained_info", {});
        model.save_changes();
      }
      sendReset();
      updateText();
      if (phase !== "nodata") setPhase("idle");
      schedule();
    };
    const train = async () => {
      if (phase === "training" || phase === "loading") return;
      if (!info) {
        setPhase("loading");
        try {
          info = await ensureWorker();
        } catch (error) {
          console.warn("mlpbook trainer: no data:", error);
          setPhase("nodata");
          return;
        }
        showDigits();
        sendReset();
      }
      // Train goes on to `epochs` epochs; a stopped run resumes towards its goal; a finished
      // one trains `epochs` more.
      const whole = last ? last.wholeEpochs : 0;
      const wanted = Number(model.get("epochs"));
      if (!(phase === "stopped" && last && last.epochs < target)) {
        target = whole < wanted ? wanted : whole + wanted;
      }
      setPhase("training");
      worker.postMessage({type: "train", generation, lr: Number(model.get("lr")),
        batchSize: Number(model.get("batch_size")), target,
        evalEvery: Number(model.get("eval_every"))});
      schedule();
    };

    // ---- wiring
    const syncInputs = () => {
      const sizes = current().sizes;
      if (![...layersSelect.options].some((o) => o.value === sizesKey(sizes))) {
        layersSelect.append(h("option", {value: sizesKey(sizes)}, sizesKey(sizes)));
      }
      layersSelect.value = sizesKey(sizes);
      activationSelect.value = model.get("activation");
      costSelect.value = model.get("cost");
      for (const [node, trait] of [[lrSelect, "lr"], [batchSelect, "batch_size"],
        [epochsSelect, "epochs"]]) {
        const value = String(Number(model.get(trait)));
        if (![...node.options].some((o) => o.value === value)) {
          node.append(h("option", {value}, value));
        }
        node.value = value;
      }
      seedInput.value = String(model.get("seed"));
    };
    const commit = (trait, value) => {
      model.set(trait, value);
      model.save_changes();
    };
    layersSelect.addEventListener("change", () =>
      commit("sizes", layersSelect.value.split("-").map(Number)));
    activationSelect.addEventListener("change", () => commit("activation", activationSelect.value));
    costSelect.addEventListener("change", () => commit("cost", costSelect.value));
    lrSelect.addEventListener("change", () => commit("lr", Number(lrSelect.value)));
    batchSelect.addEventListener("change", () => commit("batch_size", Number(batchSelect.value)));
    epochsSelect.addEventListener("change", () => commit("epochs", Number(epochsSelect.value)));
    seedInput.addEventListener("change", () => {
      const value = Math.round(Number(seedInput.value));
      if (Number.isFinite(value) && value >= 0 && value <= 4294967295) commit("seed", value);
      else seedInput.value = String(model.get("seed"));
    });
    trainButton.addEventListener("click", train);
    stopButton.addEventListener("click", () => {
      if (phase === "training" && worker) worker.postMessage({type: "stop"});
    });
    saveButton.addEventListener("click", () => {
      if (!last || !last.params) return;
      const {sizes, activation, cost} = current();
      const name = "my-network.npz";
      downloadBytes(modelFileBytes({sizes, activation, cost, params: last.params}), name);
      message.textContent = text.saved(name);
    });
    resetButton.addEventListener("click", () => {
      if (phase !== "loading") reset();
    });
    const restart = () => {
      syncInputs();
      if (phase === "loading") return;
      reset();
    };
    model.on("change:sizes", restart);
    model.on("change:activation", restart);
    model.on("change:cost", restart);
    model.on("change:seed", restart);
    model.on("change:start_params", restart);
    model.on("change:start_for", restart);
    model.on("change:label_order", restart);
    const refresh = () => {
      syncInputs();
      if (phase !== "training") target = Number(model.get("epochs"));
      schedule();
    };
    model.on("change:lr", refresh);
    model.on("change:batch_size", refresh);
    model.on("change:epochs", refresh);
    model.on("change:language", () => {
      text = TEXT[model.get("language")] || TEXT.en;
      for (const [node, pick] of labelled) node.textContent = pick(text);
      setPhase(phase);
      schedule();
    });

    // for tests and the curious: the parameters shown, the curves, what Python will read
    el.mlpbookTrainer = {
      params: () => Float64Array.from(params || []),
      history: () => JSON.parse(JSON.stringify(history)),
      trained: () => ({params: floats(model.get("trained_params"), Float64Array),
        info: model.get("trained_info")}),
    };
    syncInputs();
    reset(true);
    const offTheme = onThemeChange(schedule);  // its axes are drawn in the text colour
    return () => {
      offTheme();
      cancelAnimationFrame(drawId);
      if (worker) worker.terminate();
    };
  },
};
