// The answer box of a value exercise: the reader types an answer, presses Enter or Check,
// and the page gives the verdict and the diagnosis Python's check gives, from the answer's
// spec (mlpbook/exercises/answers.py), offline, with no kernel. A right answer is
// remembered in this browser (both editions share the record).

const TEXT = {
  en: {
    label: "Your answer",
    check: "Check",
    forms: {
      number: (s) => s.whole ? "A whole number, such as 1500 or 1,500."
        : `A number, such as 0.25, .3 or 3e-4${s.fractions ? ", or a fraction such as 1/3" : ""}.`,
      vector: (s) => `${s.n} numbers, such as [${Array.from({length: s.n}, (_, i) => `0.${i + 1}`)
        .join(", ")}] (np.array([...]) works too).`,
      letters: (s) => `The letters of your choices, such as ${s.choices.slice(0, 2)} or `
        + `${s.choices[0].toUpperCase()}, ${s.choices[1].toUpperCase()}.`,
      digit_pair: () => "Two digits, such as 3, 5 or (3, 5).",
      xor221: () => "Nine numbers, in the order of the explorer's sliders.",
    },
    here: "Checked in your browser, with no Python behind the page.",
    live: "Or type it here: the page checks it the way Python does.",
    solvedOn: (date) => `Solved in this browser on ${date}.`,
    labelled: (label, exercise) => `${label} (${exercise})`,
    gap: " ",  // between two sentences
  },
  zh: {
    label: "你的答案",
    check: "检查",
    forms: {
      number: (s) => s.whole ? "一个整数，例如 1500 或 1,500。"
        : `一个数，例如 0.25、.3 或 3e-4${s.fractions ? "，也可以是分数，例如 1/3" : ""}。`,
      vector: (s) => `${s.n} 个数，例如 [${Array.from({length: s.n}, (_, i) => `0.${i + 1}`)
        .join(", ")}]（写成 np.array([...]) 也行）。`,
      letters: (s) => `所选选项的字母，例如 ${s.choices.slice(0, 2)} 或 `
        + `${s.choices[0].toUpperCase()}, ${s.choices[1].toUpperCase()}。`,
      digit_pair: () => "两个数字，例如 3, 5 或 (3, 5)。",
      xor221: () => "九个数，按探索器滑块的顺序。",
    },
    here: "在你的浏览器里检查，页面背后没有 Python。",
    live: "也可以在这里输入：页面会像 Python 一样检查它。",
    solvedOn: (date) => `已于 ${date} 在这个浏览器里做对。`,
    labelled: (label, exercise) => `${label}（${exercise}）`,
    gap: "",  // Chinese sentences follow each other with no space
  },
};

function build(model, el) {
  const t = TEXT[model.get("language")] || TEXT.en;
  const spec = model.get("spec");
  const key = model.get("key");
  const id = uniqueId("answer");
  const input = h("input", {type: "text", id, class: "mlpbook-answer-input", autocomplete: "off",
    autocapitalize: "off", spellcheck: "false", "aria-describedby": `${id}-forms`});
  const button = h("button", {type: "submit"}, t.check);
  const form = h("form", {class: "mlpbook-answer-form"},
    h("label", {for: id}, t.labelled(t.label, model.get("exercise"))), input, button);
  const forms = h("p", {class: "mlpbook-answer-forms", id: `${id}-forms`},
    t.forms[spec.kind](spec) + (spec.accuracy ? t.gap + spec.accuracy : ""));
  const verdict = h("div", {class: "mlpbook-answer-verdict", role: "status",
    "aria-live": "polite", "aria-atomic": "true"});
  const note = h("p", {class: "mlpbook-answer-note"});
  const parts = [];
  if (!onStaticPage() && model.get("python_message")) {
    parts.push(h("p", {class: "mlpbook-answer-python"}, model.get("python_message") + t.gap + t.live));
  }
  parts.push(form, forms, verdict, note);
  el.append(...parts);

  const showSolved = () => {
    const date = solved()[key];
    note.textContent = date ? t.solvedOn(date) : (onStaticPage() ? t.here : "");
  };
  let checks = 0;
  const check = () => {
    const result = judge(spec, input.value);
    checks += 1;
    const box = h("div", {class: `mlpbook-feedback mlpbook-feedback-${result.right ? "right" : "wrong"}`,
      "data-check": String(checks)},
    h("b", {}, result.right ? spec.marks.right : spec.marks.wrong), " ", richText(result.message));
    verdict.replaceChildren(box);
    typeset(verdict);
    if (result.right) markSolved(key);
    showSolved();
    model.set("last_check", {text: input.value, right: result.right, message: result.message});
    model.save_changes();
  };
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    check();
  });
  globalThis.addEventListener(PROGRESS_EVENT, showSolved);
  showSolved();
  return () => globalThis.removeEventListener(PROGRESS_EVENT, showSolved);
}

export {judge as checkText};

export default rebuiltOnLanguage("answer-box", build);

/** Every text checked in turn (for the tests that compare the page with Python). */
export function checkAll(spec, texts) {
  return texts.map((text) => judge(spec, text));
}

/** For the tests: a number format applied to many values, and the separability twin. */
export function formatMany(fn, values, arg) {
  return values.map((v) => (fn === "formatG" ? formatG(v, arg) : formatFixed(v, arg)));
}

export function separableMany(cases) {
  return cases.map(([points, labels]) => separable(points, labels));
}
