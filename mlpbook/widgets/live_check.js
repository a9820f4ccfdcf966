// A function exercise's check cell. On the website no Python runs, so instead of a verdict
// the page says how to check the function: run the chapter live, on Binder or in your own
// Jupyter, with this page's own links. In a live notebook it shows what Python said.

const TEXT = {
  en: {
    title: "Checked by Python",
    intro: {
      function: "This exercise asks for a function, so Python checks it: run this chapter "
        + "live, write your function in the cell above and run the cell.",
      array: "This exercise asks for an array built in Python, so Python checks it: run this "
        + "chapter live, build your array in the cell above and run the cell.",
    },
    binder: "Open this chapter on Binder",
    download: "download the notebook (.ipynb)",
    own: "for your own Jupyter",
    rest: "The hints and the solution above work right here.",
    notTried: "Not tried yet",
  },
  zh: {
    title: "由 Python 检查",
    intro: {
      function: "这道题要你写一个函数，所以由 Python 来检查：请打开本章的可运行版本，在上面的"
        + "单元格里写好你的函数，再运行这个单元格。",
      array: "这道题要你用 Python 搭建一个数组，所以由 Python 来检查：请打开本章的可运行版本，"
        + "在上面的单元格里搭建好你的数组，再运行这个单元格。",
    },
    // Binder and the downloaded notebook run in English unless told otherwise.
    language: ["Binder 上和下载的笔记本默认用英文：先运行 ", "import mlpbook; mlpbook.set_language(\"zh\")",
      "，之后练习的题目、提示和检查结果就都用中文显示（笔记本的正文仍是英文）。"],
    binder: "在 Binder 上打开本章",
    download: "下载这个笔记本（.ipynb）",
    own: "在你自己的 Jupyter 里运行",
    rest: "上面的提示和解答在这里就能看。",
    notTried: "还没有试过",
  },
};

/** The page's own Binder and download links (the rocket and download buttons). */
function pageLinks() {
  const links = [...document.querySelectorAll("a[href]")];
  const binder = links.find((a) => /\/v2\/gh\//.test(a.href));
  const download = links.find((a) => /_sources\/.*\.ipynb$/.test(a.href));
  return {binder: binder && binder.href, download: download && download.href};
}

function build(model, el) {
  const t = TEXT[model.get("language")] || TEXT.en;
  if (!onStaticPage()) {
    el.append(h("div", {class: "mlpbook-feedback mlpbook-feedback-pending"},
      h("b", {}, `\u00b7 ${t.notTried}`), " ", richText(model.get("python_message"))));
    return () => {};
  }
  const {binder, download} = pageLinks();
  const ways = [];
  if (binder) ways.push(h("a", {href: binder, class: "mlpbook-live-binder"}, t.binder));
  if (download) {
    if (ways.length) ways.push(model.get("language") === "zh" ? "，或者" : ", or ");
    ways.push(h("a", {href: download, class: "mlpbook-live-download", download: ""}, t.download),
      ` ${t.own}`);
  }
  const [before, code, after] = t.language || [];
  el.append(h("div", {class: "mlpbook-live-note", role: "note"},
    h("p", {}, h("b", {}, t.title), " \u00b7 ", t.intro[model.get("asks")] || t.intro.function),
    ways.length ? h("p", {}, ...ways, model.get("language") === "zh" ? "。" : ".") : "",
    code ? h("p", {class: "mlpbook-live-language"}, before, h("code", {}, code), after) : "",
    h("p", {class: "mlpbook-live-rest"}, t.rest)));
  return () => {};
}

export default rebuiltOnLanguage("live-check", build);
