// A chapter's progress panel, at the end of its exercises. On the website: which of the
// chapter's exercises the reader solved in this browser ("n of m solved here"), with a way
// to forget them. In a live notebook: Python's own record (the two are kept apart).

const TEXT = {
  en: {
    heading: (chapter) => `${chapter}: your progress`,
    count: (n, m) => (m === 1
      ? `${n} of the 1 exercise that checks itself on this page solved in this browser.`
      : `${n} of the ${m} exercises that check themselves on this page solved in this browser.`),
    python: (k) => (k === 1
      ? "1 more asks for code: Python checks it when you run the chapter live."
      : `${k} more ask for code: Python checks them when you run the chapter live.`),
    gap: " ",  // between two sentences
    aside: (word) => ` (${word})`,
    solved: "solved here",
    open: "not solved yet",
    byPython: "checked by Python",
    reset: "Forget this chapter's answers",
    forgotten: "Forgotten: this chapter starts afresh in this browser.",
  },
  zh: {
    heading: (chapter) => `${chapter}：你的进度`,
    count: (n, m) => `本页上能自动检查的 ${m} 道题中，你已在这个浏览器里做对 ${n} 道。`,
    python: (k) => `另有 ${k} 道题要你写代码：在可运行的本章里由 Python 检查。`,
    gap: "",  // Chinese sentences follow each other with no space
    aside: (word) => `（${word}）`,
    solved: "已在这里做对",
    open: "还没做对",
    byPython: "由 Python 检查",
    reset: "清除本章的答题记录",
    forgotten: "已清除：本章在这个浏览器里重新开始。",
  },
};

function build(model, el) {
  const t = TEXT[model.get("language")] || TEXT.en;
  const exercises = model.get("exercises");
  if (!onStaticPage()) {
    el.append(h("pre", {class: "mlpbook-progress-python"}, model.get("python_report")));
    return () => {};
  }
  const inPage = exercises.filter((ex) => ex.in_page);
  const count = h("p", {class: "mlpbook-progress-count"});
  const list = h("ul", {class: "mlpbook-progress-list"});
  const status = h("p", {class: "mlpbook-progress-status", role: "status", "aria-live": "polite"});
  const reset = h("button", {type: "button", class: "mlpbook-progress-reset"}, t.reset);
  const draw = () => {
    const saved = solved();
    const n = inPage.filter((ex) => saved[ex.key]).length;
    count.textContent = t.count(n, inPage.length) + (exercises.length > inPage.length
      ? t.gap + t.python(exercises.length - inPage.length) : "");
    list.replaceChildren(...exercises.map((ex) => {
      const state = !ex.in_page ? "python" : saved[ex.key] ? "solved" : "open";
      const mark = {solved: "\u2713", open: "\u00b7", python: "\u270e"}[state];
      const word = {solved: t.solved, open: t.open, python: t.byPython}[state];
      return h("li", {"data-state": state, "data-key": ex.key},
        h("span", {"aria-hidden": "true", class: "mlpbook-progress-mark"}, mark), ` ${ex.name} `,
        ex.title, h("span", {class: "mlpbook-progress-word"}, t.aside(word)));
    }));
  };
  reset.addEventListener("click", () => {
    forget(exercises.map((ex) => ex.key));
    status.textContent = t.forgotten;
  });
  el.append(h("p", {class: "mlpbook-progress-heading"}, h("b", {}, t.heading(model.get("chapter")))),
    count, list, reset, status);
  globalThis.addEventListener(PROGRESS_EVENT, draw);
  draw();
  return () => globalThis.removeEventListener(PROGRESS_EVENT, draw);
}

export default rebuiltOnLanguage("exercise-progress", build);
