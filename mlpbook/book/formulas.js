// Display formulas wider than the page (on a phone, at 200% zoom) scroll sideways inside their
// own box. MathJax's own tab stops are switched off (_config.yml: one per formula flooded the
// tab order), so this script, on every page, makes each formula that does not fit reachable
// by keyboard (a tab stop on its scrolling box, WCAG 2.1.1) and says that it continues: the
// box's edge fades where there is more to scroll (classes styled in mlpbook.css). Formulas
// that fit stay out of the tab order. Checked again when the window changes size.
(function () {
  "use strict";
  const BOXES = "div.math > mjx-container";

  function mark(box) {
    const wide = box.scrollWidth > box.clientWidth + 1;
    box.classList.toggle("mlpbook-scrolls", wide);
    box.classList.toggle("mlpbook-more-left", wide && box.scrollLeft > 1);
    box.classList.toggle("mlpbook-more-right",
      wide && box.scrollLeft + box.clientWidth < box.scrollWidth - 1);
    if (wide) box.setAttribute("tabindex", "0");
    else if (box.getAttribute("tabindex") === "0") box.removeAttribute("tabindex");
  }

  function markAll() {
    document.querySelectorAll(BOXES).forEach(mark);
    document.documentElement.dataset.mlpbookFormulas = "checked";  // for tests and the curious
  }

  function typeset() {  // MathJax's promise that the page's formulas are drawn, if any
    const mathjax = window.MathJax;
    return (mathjax && mathjax.startup && mathjax.startup.promise) || Promise.resolve();
  }

  window.addEventListener("load", () => {
    typeset().then(markAll, markAll);
  });
  let frame = 0;
  window.addEventListener("resize", () => {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(markAll);
  });
  // A box scrolled to its end stops fading there (scroll events do not bubble: capture).
  document.addEventListener("scroll", (event) => {
    const box = event.target;
    if (box instanceof Element && box.matches(BOXES)) mark(box);
  }, true);
})();
