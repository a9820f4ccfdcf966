// The book's progress on its first page: which exercises the reader solved in this browser,
// chapter by chapter, with a way to forget them all. A classic script (pages opened from
// disk cannot load modules); the build puts the exercise helpers of
// mlpbook/widgets/_exercise.js in front of it (the same progress record the answer boxes
// write) and the chapters' exercises in mlpbook-web/exercises.js (globalThis.mlpbookExercises).

const BOOK_TEXT = {
  en: {
    caption: "Exercises solved in this browser",
    chapter: "Chapter",
    solved: "Solved here",
    total: (n, m) => (m === 1
      ? `In all: ${n} of the 1 exercise that checks itself on the website.`
      : `In all: ${n} of the ${m} exercises that check themselves on the website.`),
    python: (k) => (k === 1
      ? "(1 more asks for code: Python checks it when its chapter runs live.)"
      : `(${k} more ask for code: Python checks them when a chapter runs live.)`),
    gap: " ",  // between two sentences
    reset: "Forget all my answers",
    confirm: "Forget every exercise you solved in this browser?",
    forgotten: "Forgotten: every chapter starts afresh in this browser.",
    none: "No exercises found.",
  },
  zh: {
    caption: "在这个浏览器里做对的练习",
    chapter: "章",
    solved: "已做对",
    total: (n, m) => `合计：网站上能自动检查的 ${m} 道练习中，你做对了 ${n} 道。`,
    python: (k) => `（另有 ${k} 道要你写代码：在各章的可运行版本里由 Python 检查。）`,
    gap: "",  // Chinese sentences follow each other with no space
    reset: "清除我的全部答题记录",
    confirm: "要清除你在这个浏览器里做对的全部练习吗？",
    forgotten: "已清除：每一章在这个浏览器里都重新开始。",
    none: "没有找到练习。",
  },
};

function renderBookProgress(box) {
  const book = globalThis.mlpbookExercises || {chapters: []};
  const t = BOOK_TEXT[book.language] || BOOK_TEXT.en;
  const table = document.createElement("table");
  table.className = "mlpbook-book-progress-table";
  const total = document.createElement("p");
  const status = document.createElement("p");
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  const reset = document.createElement("button");
  reset.type = "button";
  reset.className = "mlpbook-book-progress-reset";
  reset.textContent = t.reset;
  const draw = () => {
    const saved = solved();
    const caption = document.createElement("caption");
    caption.textContent = t.caption;
    const head = document.createElement("tr");
    for (const word of [t.chapter, t.solved]) {
      const th = document.createElement("th");
      th.scope = "col";
      th.textContent = word;
      head.append(th);
    }
    let n = 0;
    let m = 0;
    let byPython = 0;
    const rows = book.chapters.map((chapter) => {
      const inPage = chapter.exercises.filter((ex) => ex.in_page);
      const done = inPage.filter((ex) => saved[ex.key]).length;
      n += done;
      m += inPage.length;
      byPython += chapter.exercises.length - inPage.length;
      const row = document.createElement("tr");
      row.dataset.chapter = chapter.label;
      const name = document.createElement("td");
      const link = document.createElement("a");
      link.href = chapter.href;
      link.textContent = chapter.title;
      name.append(link);
      const count = document.createElement("td");
      count.textContent = `${done} / ${inPage.length}`;
      row.append(name, count);
      return row;
    });
    table.replaceChildren(caption, head, ...rows);
    total.textContent = book.chapters.length
      ? t.total(n, m) + (byPython ? t.gap + t.python(byPython) : "") : t.none;
  };
  reset.addEventListener("click", () => {
    if (!globalThis.confirm(t.confirm)) return;
    forget(book.chapters.flatMap((chapter) => chapter.exercises.map((ex) => ex.key)));
    status.textContent = t.forgotten;
  });
  box.replaceChildren(table, total, reset, status);
  globalThis.addEventListener(PROGRESS_EVENT, draw);
  draw();
  box.dataset.rendered = "yes";
}

function renderAllBookProgress() {
  document.querySelectorAll(".mlpbook-book-progress").forEach(renderBookProgress);
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", renderAllBookProgress);
} else {
  renderAllBookProgress();
}
