// The fine-tuner: the chapter's network retrained on the reader's handwriting, in a worker.
//
// The reader's digits come from the browser's store (_reader_store.js), where the drawing pad
// keeps them; MNIST's from the site's data file (_training.js's loadData). The worker trains
// on the reader's training digits followed by `perDigit` MNIST training digits for each of
// them (mixTraining: twin of mlpbook.widgets.handwriting.fine_tune_set), with the engine of the
// trainer (trainBatch over numpy's default_rng(seed) permutations), and scores the held-out
// digits (every third of each digit: heldOutMask) and the 2,000 MNIST test digits after each
// epoch. Every run starts from the chapter's network (Python's, sent as float64 bytes); the
// result is kept as the reader's network, which the drawing pad then draws on.
//
// Exports for tests: mixTrainingArrays, fineTuneSync.

const TUNE_TEXT = {
  en: {
    mix: "MNIST digits mixed in per digit of yours",
    epochs: "epochs",
    lr: "learning rate",
    run: "Fine-tune",
    stop: "Stop",
    reset: "Reset",
    set: (n, train, held) => `Your set: ${n} digit${n === 1 ? "" : "s"}, ${train} to train on ` +
      `and ${held} held out to test (every third one of each digit).`,
    needDigits: "Add digits to your set with the drawing pad first: at least three of one " +
      "digit, since every third one is held out to test.",
    mixNote: (own, mnist) => `A run trains on ${own} of your digits and ${mnist} MNIST ` +
      "training digits, shuffled together; each run starts from the chapter's network.",
    table: "Accuracy",
    before: "before",
    now: "now",
    ownRow: (n) => `your held-out digits (${n})`,
    mnistRow: "MNIST test digits (2,000)",
    plot: "Accuracy while fine-tuning: your held-out digits and the MNIST test digits",
    epochAxis: "epochs",
    ownLine: "your held-out digits",
    mnistLine: "MNIST test digits",
    messages: {
      idle: "",
      loading: "Loading the MNIST digits (1.9 MB)\u2026",
      training: "Fine-tuning in a background worker: the page stays responsive.",
      stopped: "Stopped.",
      nodata: "The MNIST digits could not be loaded. On the website they are part of the " +
        "book; in Jupyter, Python needs MNIST (python -m mlpbook data).",
    },
    done: (own0, own1, m0, m1) => `Done. Your held-out digits: ${own1}% (before: ${own0}%); ` +
      `MNIST test digits: ${m1}% (before: ${m0}%). The drawing pad now uses this network.`,
    credit: "MNIST digits by Yann LeCun, Corinna Cortes and Christopher J. C. Burges " +
      "(CC BY-SA 3.0).",
  },
  zh: {
    mix: "每个你的数字搭配的 MNIST 数字个数",
    epochs: "轮数",
    lr: "学习率",
    run: "微调",
    stop: "停止",
    reset: "重置",
    set: (n, train, held) => `你的数据集：${n} 个数字，${train} 个用于训练，${held} 个留出用于检验` +
      "（每个数字每三个中留出一个）。",
    needDigits: "请先用手写板把数字加入你的数据集：某个数字至少三个，因为每三个中要留出一个用于检验。",
    mixNote: (own, mnist) => `每次运行用你的 ${own} 个数字和 ${mnist} 个 MNIST 训练数字混在一起` +
      "训练；每次都从本章的网络开始。",
    table: "准确率",
    before: "之前",
    now: "现在",
    ownRow: (n) => `你留出的数字（${n} 个）`,
    mnistRow: "MNIST 测试数字（2,000 个）",
    plot: "微调过程中的准确率：你留出的数字和 MNIST 测试数字",
    epochAxis: "轮",
    ownLine: "你留出的数字",
    mnistLine: "MNIST 测试数字",
    messages: {
      idle: "",
      loading: "正在加载 MNIST 数字（1.9 MB）……",
      training: "正在后台线程中微调，网页仍可正常操作。",
      stopped: "已停止。",
      nodata: "无法加载 MNIST 数字。在网站上，它们是书的一部分；在 Jupyter 中，Python 需要 MNIST" +
        "（python -m mlpbook data）。",
    },
    done: (own0, own1, m0, m1) => `完成。你留出的数字：${own1}%（之前 ${own0}%）；` +
      `MNIST 测试数字：${m1}%（之前 ${m0}%）。手写板现在使用这个网络。`,
    credit: "MNIST 数字：Yann LeCun、Corinna Cortes 与 Christopher J. C. Burges（CC BY-SA 3.0）。",
  },
};

const MIXES = [0, 1, 2, 5, 10, 20];
const TUNE_EPOCHS = [1, 2, 3, 5, 10, 20];
const TUNE_RATES = [0.01, 0.03, 0.1, 0.3, 1];

/**
 * The training set of a run: the reader's digits (bytes, rows of `pixels`), then the first
 * perDigit * (their count) MNIST training digits. Twin of handwriting.fine_tune_set.
 */
function mixTraining(own, ownLabels, mnist, mnistLabels, perDigit, pixels) {
  const nOwn = ownLabels.length;
  const nMnist = Math.min(perDigit * nOwn, mnistLabels.length);
  const images = new Uint8Array((nOwn + nMnist) * pixels);
  images.set(own.subarray(0, nOwn * pixels), 0);
  images.set(mnist.subarray(0, nMnist * pixels), nOwn * pixels);
  const labels = new Uint8Array(nOwn + nMnist);
  labels.set(ownLabels, 0);
  labels.set(mnistLabels.subarray(0, nMnist), nOwn);
  return {images, labels, n: nOwn + nMnist};
}

/** `epochs` epochs of fine-tuning from `params` on a mixed set; the parameters after it. */
function fineTuneRun(net, rows, labels, rng, batchSize, lr) {
  const order = rng.permutation(rows.count);
  for (let from = 0; from < rows.count; from += batchSize) {
    trainBatch(net, rows, labels, order, from, Math.min(from + batchSize, rows.count), lr, null);
  }
}

/** The fine-tuner's worker: holds MNIST, runs one epoch per task, scores both sets. */
function fineTuneWorkerMain() {
  let data = null;
  let job = null;
  let generation = 0;
  const tick = new MessageChannel();
  const later = () => tick.port2.postMessage(0);
  const score = () => ({epoch: job.epoch,
    own: job.held.count ? evaluateRows(job.net, job.held, job.heldLabels).accuracy : null,
    mnist: evaluateRows(job.net, data.test, data.testY).accuracy});
  const finish = (type) => {
    self.postMessage({type, generation, score: job.last, seconds: job.seconds,
      steps: job.steps, params: Float64Array.from(job.net.params)});
    job = null;
  };
  tick.port1.onmessage = () => {
    if (!job) return;
    if (job.stop) {
      finish("stopped");
      return;
    }
    const t0 = performance.now();
    fineTuneRun(job.net, job.rows, job.labels, job.rng, job.batchSize, job.lr);
    job.seconds += (performance.now() - t0) / 1000;
    job.steps += Math.ceil(job.rows.count / job.batchSize);
    job.epoch += 1;
    job.last = score();
    if (!Number.isFinite(job.net.params[job.net.bOff[job.net.L - 1]])) {
      finish("diverged");
      return;
    }
    self.postMessage({type: "progress", generation, score: job.last});
    if (job.epoch >= job.epochs) finish("done");
    else later();
  };
  self.onmessage = async (event) => {
    const msg = event.data;
    try {
      if (msg.type === "data") {
        const raw = decodeSubset(await gunzipBytes(msg.base64 ? base64Bytes(msg.base64)
          : new Uint8Array(msg.bytes)));
        data = {pixels: raw.pixels, trainX: raw.trainX, trainY: raw.trainY,
          test: sparseRows(raw.testX, raw.nTest, raw.pixels), testY: raw.testY};
        self.postMessage({type: "ready", nTrain: raw.nTrain, nTest: raw.nTest});
      } else if (msg.type === "run") {
        generation = msg.generation;
        const mixed = mixTraining(msg.own, msg.ownLabels, data.trainX, data.trainY,
          msg.perDigit, data.pixels);
        job = {net: makeNet(msg.sizes, msg.activation, msg.cost, msg.params),
          rows: sparseRows(mixed.images, mixed.n, data.pixels), labels: mixed.labels,
          held: sparseRows(msg.held, msg.heldLabels.length, data.pixels),
          heldLabels: msg.heldLabels, rng: new Pcg64(msg.seed), epochs: msg.epochs,
          batchSize: msg.batchSize, lr: msg.lr, epoch: 0, seconds: 0, steps: 0, stop: false};
        job.last = score();
        self.postMessage({type: "progress", generation, score: job.last, n: mixed.n});
        later();
      } else if (msg.type === "stop") {
        if (job) job.stop = true;
      }
    } catch (error) {
      self.postMessage({type: "error", generation, message: String(error && error.message ||
        error)});
    }
  };
}

// ------------------------------------------------------------------ twins tested from Python
/** mixTraining on base64 bytes: {labels, sum of the image bytes, n}. */
export function mixTrainingArrays({own, ownLabels, mnist, mnistLabels, perDigit}) {
  const mixed = mixTraining(base64Bytes(own), Uint8Array.from(ownLabels), base64Bytes(mnist),
    Uint8Array.from(mnistLabels), perDigit, 784);
  return {n: mixed.n, labels: Array.from(mixed.labels), images: toBase64(mixed.images)};
}

/** The worker's run, here and now: the parameters after `epochs` epochs of fine-tuning. */
export function fineTuneSync({sizes, activation, cost, params, own, ownLabels, mnist,
  mnistLabels, perDigit, seed, epochs, batchSize, lr}) {
  const mixed = mixTraining(base64Bytes(own), Uint8Array.from(ownLabels), base64Bytes(mnist),
    Uint8Array.from(mnistLabels), perDigit, 784);
  const net = makeNet(sizes, activation, cost, params);
  const rows = sparseRows(mixed.images, mixed.n, 784);
  const rng = new Pcg64(seed);
  for (let e = 0; e < epochs; e += 1) fineTuneRun(net, rows, mixed.labels, rng, batchSize, lr);
  return net.params;
}

// ------------------------------------------------------------------ the widget
export default {
  render({model, el}) {
    el.classList.add("mlpbook-widget", "mlpbook-fine_tune");
    let text = TUNE_TEXT[model.get("language")] || TUNE_TEXT.en;
    const labelled = [];
    const say = (node, pick) => {
      labelled.push([node, pick]);
      node.textContent = pick(text);
      return node;
    };
    const control = (pick, input) => {
      const id = uniqueId("fine-tune");
      input.id = id;
      return h("span", {class: "mlpbook-control"}, say(h("label", {for: id}), pick), input);
    };
    const numberSelect = (cls, values, trait) => {
      const current = Number(model.get(trait));
      const list = values.includes(current) ? values : [...values, current].sort((a, b) => a - b);
      const node = h("select", {class: cls}, ...list.map((v) => h("option", {value: v}, String(v))));
      node.value = String(current);
      node.addEventListener("change", () => {
        model.set(trait, Number(node.value));
        model.save_changes();
        summary();
      });
      return node;
    };
    const mixSelect = numberSelect("mlpbook-tune-mix", MIXES, "per_digit");
    const epochSelect = numberSelect("mlpbook-tune-epochs", TUNE_EPOCHS, "epochs");
    const lrSelect = numberSelect("mlpbook-tune-lr", TUNE_RATES, "lr");
    const runButton = say(h("button", {type: "button", class: "mlpbook-tune-run"}), (t) => t.run);
    const stopButton = say(h("button", {type: "button", class: "mlpbook-tune-stop", disabled: true}),
      (t) => t.stop);
    const resetButton = say(h("button", {type: "button", class: "mlpbook-tune-reset"}),
      (t) => t.reset);
    const setLine = h("p", {class: "mlpbook-tune-set"});
    const mixLine = h("p", {class: "mlpbook-tune-note"});
    const message = h("div", {class: "mlpbook-tune-message", "aria-live": "polite"});
    const cells = {};
    const row = (key, head) => h("tr", {}, head,
      cells[`${key}0`] = h("td", {class: "mlpbook-tune-before"}, "\u2014"),
      cells[`${key}1`] = h("td", {class: "mlpbook-tune-now"}, "\u2014"));
    const ownHead = h("th", {scope: "row"});
    const table = h("table", {class: "mlpbook-tune-table"},
      say(h("caption"), (t) => t.table),
      h("tr", {}, h("td"), say(h("th", {scope: "col"}), (t) => t.before),
        say(h("th", {scope: "col"}), (t) => t.now)),
      row("own", ownHead), row("mnist", say(h("th", {scope: "row"}), (t) => t.mnistRow)));
    const plot = hidpiCanvas(340, 170, {role: "img", class: "mlpbook-tune-plot"});
    const swatch = (color, pick) => h("span", {class: "mlpbook-trainer-key"},
      h("span", {class: "mlpbook-trainer-swatch", style: {background: color}}), say(h("span"), pick));
    el.append(
      setLine,
      h("div", {class: "mlpbook-controls"}, control((t) => t.mix, mixSelect),
        control((t) => t.epochs, epochSelect), control((t) => t.lr, lrSelect)),
      mixLine,
      h("div", {class: "mlpbook-controls"}, runButton, stopButton, resetButton),
      message,
      h("div", {class: "mlpbook-tune-results"}, table,
        h("figure", {class: "mlpbook-trainer-panel"}, say(h("figcaption"), (t) => t.plot),
          plot.canvas, h("div", {class: "mlpbook-trainer-legend"},
            swatch(COLORS.orange, (t) => t.ownLine), swatch(COLORS.blue, (t) => t.mnistLine)))),
      say(h("p", {class: "mlpbook-trainer-credit"}), (t) => t.credit));

    // ---- state
    let phase = "idle";
    let worker = null;
    let ready = null;
    let generation = 0;
    let curve = [];        // [{epoch, own, mnist}]
    let params = null;     // the latest parameters the worker sent
    let held = 0;
    const pct = (x) => (x === null || x === undefined ? "\u2014" : fmt(100 * x, 1));
    const split = () => {
      const digits = loadDigits();
      const mask = heldOutMask(digits.map((d) => d.label));
      return {digits, mask, train: digits.filter((_, i) => !mask[i]),
        held: digits.filter((_, i) => mask[i])};
    };
    function summary() {
      const {digits, train, held: out} = split();
      held = out.length;
      const usable = train.length > 0 && out.length > 0;
      setLine.textContent = usable ? text.set(digits.length, train.length, out.length)
        : text.needDigits;
      mixLine.textContent = usable ? text.mixNote(train.length,
        Math.min(Number(model.get("per_digit")) * train.length, 10000)) : "";
      ownHead.textContent = text.ownRow(out.length);
      el.dataset.digits = String(digits.length);
      runButton.disabled = !usable || phase === "training" || phase === "loading";
      return usable;
    }
    const draw = () => {
      const ink = getComputedStyle(el).color || "#222";
      const xMax = Math.max(Number(model.get("epochs")), curve.length ? curve.at(-1).epoch : 0, 1);
      drawPlot(plot, {xMax, yMax: 1, yTicks: [0, 0.25, 0.5, 0.75, 1],
        yFormat: (v) => `${Math.round(v * 100)}%`, ink, xLabel: text.epochAxis, lines: [
          {points: curve.filter((p) => p.own !== null).map((p) => [p.epoch, p.own]),
            color: COLORS.orange, dots: true},
          {points: curve.map((p) => [p.epoch, p.mnist]), color: COLORS.blue, dots: true}]});
      plot.canvas.setAttribute("aria-label", text.plot);
      const first = curve[0] || {};
      const last = curve.at(-1) || {};
      const percent = (x) => (x === null || x === undefined ? "\u2014" : `${pct(x)}%`);
      cells.own0.textContent = percent(first.own);
      cells.mnist0.textContent = percent(first.mnist);
      cells.own1.textContent = percent(last.own);
      cells.mnist1.textContent = percent(last.mnist);
      el.dataset.epoch = String(last.epoch ?? "");
      el.dataset.own = last.own ?? "";
      el.dataset.mnist = last.mnist ?? "";
      el.dataset.ownBefore = first.own ?? "";
      el.dataset.mnistBefore = first.mnist ?? "";
    };
    const setPhase = (what) => {
      phase = what;
      el.dataset.state = what;
      const busy = what === "training" || what === "loading";
      const hadFocus = [runButton, stopButton].includes(el.ownerDocument.activeElement);
      stopButton.disabled = what !== "training";
      for (const node of [mixSelect, epochSelect, lrSelect, resetButton]) node.disabled = busy;
      summary();
      if (hadFocus) (stopButton.disabled ? runButton : stopButton).focus();
      if (what === "done" && curve.length) {
        const first = curve[0], last = curve.at(-1);
        message.textContent = text.done(pct(first.own), pct(last.own), pct(first.mnist),
          pct(last.mnist));
      } else {
        message.textContent = text.messages[what] || "";
      }
    };
    const onWorker = (event) => {
      const msg = event.data;
      if (msg.generation !== generation) return;
      if (msg.type === "error") {
        console.warn("mlpbook fine-tuner:", msg.message);
        setPhase("nodata");
        return;
      }
      if (msg.type === "progress") {
        curve.push(msg.score);
        draw();
        return;
      }
      params = msg.params;
      el.dataset.seconds = String(msg.seconds);
      el.dataset.steps = String(msg.steps);
      if (msg.type === "done" || msg.type === "stopped") {
        const net = {sizes: model.get("sizes").map(Number), activation: model.get("activation"),
          cost: model.get("cost"), params};
        const copy = Float64Array.from(params);
        model.set("trained_params", new DataView(copy.buffer));
        model.set("trained_info", {per_digit: Number(model.get("per_digit")),
          epochs: msg.score.epoch, lr: Number(model.get("lr")), held_out: held,
          own_accuracy: [curve[0].own, msg.score.own],
          mnist_accuracy: [curve[0].mnist, msg.score.mnist]});
        model.save_changes();
        if (msg.type === "done") saveNetwork(net, "fine-tune");
      }
      setPhase(msg.type === "diverged" ? "stopped" : msg.type);
    };
    const ensureWorker = () => {
      if (ready) return ready;
      const url = URL.createObjectURL(new Blob([workerSource(fineTuneWorkerMain,
        [mixTraining, fineTuneRun])], {type: "text/javascript"}));
      worker = new Worker(url);
      ready = loadData(model).then((payload) => new Promise((resolve, reject) => {
        const first = (event) => {
          URL.revokeObjectURL(url);
          worker.removeEventListener("message", first);
          if (event.data.type === "ready") {
            worker.addEventListener("message", onWorker);
            resolve(event.data);
          } else {
            reject(new Error(event.data.message));
          }
        };
        worker.addEventListener("message", first);
        worker.postMessage({type: "data", ...payload}, payload.bytes ? [payload.bytes] : []);
      }));
      return ready;
    };
    const bytesOf = (list) => {
      const out = new Uint8Array(784 * list.length);
      list.forEach((d, i) => out.set(d.pixels, 784 * i));
      return out;
    };
    const run = async () => {
      if (!summary() || phase === "training" || phase === "loading") return;
      if (!worker) {
        setPhase("loading");
        try {
          await ensureWorker();
        } catch (error) {
          console.warn("mlpbook fine-tuner: no data:", error);
          setPhase("nodata");
          return;
        }
      }
      const {train, held: out} = split();
      generation += 1;
      curve = [];
      worker.postMessage({type: "run", generation, sizes: model.get("sizes").map(Number),
        activation: model.get("activation"), cost: model.get("cost"),
        params: floats(model.get("start_params"), Float64Array),
        own: bytesOf(train), ownLabels: Uint8Array.from(train.map((d) => d.label)),
        held: bytesOf(out), heldLabels: Uint8Array.from(out.map((d) => d.label)),
        perDigit: Number(model.get("per_digit")), epochs: Number(model.get("epochs")),
        lr: Number(model.get("lr")), batchSize: Number(model.get("batch_size")),
        seed: Number(model.get("seed"))});
      setPhase("training");
    };
    runButton.addEventListener("click", run);
    stopButton.addEventListener("click", () => {
      if (phase === "training") worker.postMessage({type: "stop"});
    });
    resetButton.addEventListener("click", () => {
      if (phase === "training" || phase === "loading") return;
      generation += 1;
      curve = [];
      params = null;
      draw();
      setPhase("idle");
    });
    const stopWatching = onStoreChange(() => summary());
    model.on("change:language", () => {
      text = TUNE_TEXT[model.get("language")] || TUNE_TEXT.en;
      for (const [node, pick] of labelled) node.textContent = pick(text);
      setPhase(phase);
      draw();
    });
    el.mlpbookFineTuner = {
      params: () => Float64Array.from(params || floats(model.get("start_params"), Float64Array)),
      curve: () => JSON.parse(JSON.stringify(curve)),
      trained: () => ({params: Array.from(floats(model.get("trained_params"), Float64Array)),
        info: model.get("trained_info")}),
    };
    setPhase("idle");
    draw();
    return () => {
      stopWatching();
      if (worker) worker.terminate();
    };
  },
};
