// mlpbook's widget loader for the static website: renders the anywidget figures whose state
// the book build embedded in the page, with no kernel, no RequireJS and no widget manager.
//
// Why not @jupyter-widgets/html-manager? Every interactive figure of the book is an anywidget
// (a model whose state holds its own ES module), so all a static page needs is: read the
// embedded state, give each figure a small model object (get / set / on / off /
// save_changes / send) and call its module's render(). The manager does much more, for
// widgets this book does not use, at 0.9 MB gzip and ~1 s of parsing per page; this file is
// a few KB. In JupyterLab the real widget manager runs the same modules, live.
//
// Also sets globalThis.mlpbookStaticUrl: the URL of the site's _static/ folder (ending in
// "/"), where widgets find data files the build wrote. Works over http and from file://.
(function () {
  "use strict";
  const STATE = "application/vnd.jupyter.widget-state+json";
  const VIEW = "application/vnd.jupyter.widget-view+json";
  const script = document.currentScript;
  if (script && script.src) {
    globalThis.mlpbookStaticUrl = script.src.replace(/[?#].*$/, "").replace(/mlpbook-web\/[^/]*$/, "");
  }

  function decodeBase64(text) {
    const bytes = atob(text);
    const out = new Uint8Array(bytes.length);
    for (let i = 0; i < bytes.length; i += 1) out[i] = bytes.charCodeAt(i);
    return new DataView(out.buffer);
  }

  function putBuffers(state, buffers) {
    for (const buffer of buffers || []) {
      let target = state;
      const path = buffer.path;
      for (let i = 0; i < path.length - 1; i += 1) target = target[path[i]];
      target[path[path.length - 1]] = buffer.encoding === "base64" ? decodeBase64(buffer.data)
        : new DataView(new TextEncoder().encode(buffer.data).buffer);
    }
    return state;
  }

  // The model a widget's module sees: the subset of the Backbone-like API anywidget offers.
  class StaticModel {
    constructor(id, state, manager) {
      this.model_id = id;
      this.state = state;
      this.listeners = new Map();
      this.widget_manager = manager;
    }
    get(key) { return this.state[key]; }
    set(key, value) {
      const old = this.state[key];
      this.state[key] = value;
      if (old !== value) {
        this.emit(`change:${key}`, value);
        this.emit("change");
      }
    }
    on(event, callback) {
      for (const name of String(event).split(/\s+/)) {
        if (!this.listeners.has(name)) this.listeners.set(name, new Set());
        this.listeners.get(name).add(callback);
      }
    }
    off(event, callback) {
      if (!event) { this.listeners.clear(); return; }
      for (const name of String(event).split(/\s+/)) {
        if (!callback) this.listeners.delete(name);
        else if (this.listeners.has(name)) this.listeners.get(name).delete(callback);
      }
    }
    emit(event, ...args) {
      for (const callback of [...(this.listeners.get(event) || [])]) {
        try { callback(...args); } catch (error) { console.error(error); }
      }
    }
    save_changes() {}  // nothing to sync with: no kernel behind a static page
    send() {}          // custom messages to Python: none here (widgets check mlpbookStaticUrl)
  }

  // Code the build moved out of the page (mlpbook/book/shared_code.py): each distinct widget
  // module or stylesheet is a classic script in _static/mlpbook-web/shared/ that registers
  // its text in globalThis.mlpbookSharedCode; it is loaded once per page, however many
  // figures use it. (Classic scripts load from file:// too, where Chromium refuses to import
  // an ES module file; the text is then imported from a Blob URL, as an embedded module is.)
  const SHARED_KEY = "_mlpbook_shared";
  const sharedFiles = new Map();  // name -> promise of its text
  function sharedText(name) {
    if (!sharedFiles.has(name)) {
      sharedFiles.set(name, new Promise((resolve, reject) => {
        const registry = () => globalThis.mlpbookSharedCode || {};
        if (name in registry()) { resolve(registry()[name]); return; }
        const tag = document.createElement("script");
        tag.src = `${globalThis.mlpbookStaticUrl || "_static/"}mlpbook-web/shared/${name}.js`;
        tag.onload = () => (name in registry() ? resolve(registry()[name])
          : reject(new Error(`${tag.src} holds no code named ${name}`)));
        tag.onerror = () => reject(new Error(`the widget code ${tag.src} did not load`));
        document.head.append(tag);
      }));
    }
    return sharedFiles.get(name);
  }
  // The state with its shared code put back (model.get("_esm") is the module's text again).
  async function withSharedCode(state) {
    const shared = state[SHARED_KEY];
    if (!shared) return state;
    delete state[SHARED_KEY];
    const names = Object.entries(shared);
    const texts = await Promise.all(names.map(([, name]) => sharedText(name)));
    names.forEach(([key], i) => { state[key] = texts[i]; });
    return state;
  }

  const modules = new Map();  // one import per distinct module text
  function importModule(source) {
    if (!modules.has(source)) {
      const url = URL.createObjectURL(new Blob([source], {type: "text/javascript"}));
      modules.set(source, import(url).finally(() => URL.revokeObjectURL(url)));
    }
    return modules.get(source);
  }

  const styled = new Set();
  function addStyle(id, css) {
    if (!css || styled.has(id)) return;
    styled.add(id);
    const style = document.createElement("style");
    style.dataset.mlpbookWidget = id;
    style.textContent = css;
    document.head.append(style);
  }

  async function widgetApi(module, model) {
    let api = module.default;
    if (typeof api === "function") api = await api();
    if (!api || (typeof api.render !== "function" && typeof api.initialize !== "function")) {
      throw new Error("the widget's module exports no render()");
    }
    if (!model.initialized && typeof api.initialize === "function") {
      model.initialized = true;
      await api.initialize({model});
    }
    return api;
  }

  function unsupported(el, name) {
    el.classList.add("mlpbook-widget-unsupported");
    el.dataset.rendered = "unsupported";
    el.textContent = `This interactive figure (${name}) needs a running Python kernel: open the ` +
      "chapter live (the rocket button at the top) to use it.";
  }

  // Plain ipywidgets a chapter may show as output (tqdm's progress bar is an HBox of two
  // HTML labels around a progress bar): drawn as they were when the chapter ran.
  const PLAIN = {
    HBoxModel: (state, draw) => box("row", state, draw),
    VBoxModel: (state, draw) => box("column", state, draw),
    HTMLModel: (state) => html(state.value),
    LabelModel: (state) => text(state.value),
    FloatProgressModel: (state) => progress(state),
    IntProgressModel: (state) => progress(state),
  };
  // A row wraps on a narrow screen (tqdm's numbers are joined by non-breaking figure
  // spaces, so its text may also break anywhere rather than widen the page).
  function box(direction, state, draw) {
    const el = document.createElement("div");
    el.style.cssText = `display:flex;flex-direction:${direction};gap:0.5em;align-items:center;` +
      "flex-wrap:wrap;max-width:100%";
    for (const child of state.children || []) el.append(draw(String(child).replace("IPY_MODEL_", "")));
    return el;
  }
  function html(value) {
    const el = document.createElement("div");
    el.style.cssText = "min-width:0;overflow-wrap:anywhere";
    el.innerHTML = value || "";  // the chapter's own output, embedded by the build
    return el;
  }
  function text(value) {
    const el = document.createElement("span");
    el.textContent = value || "";
    return el;
  }
  function progress(state) {
    const el = document.createElement("progress");
    el.max = (state.max ?? 100) - (state.min ?? 0);
    el.value = (state.value ?? 0) - (state.min ?? 0);
    el.style.width = "14em";
    el.style.maxWidth = "100%";
    return el;
  }
  function drawPlain(all, id) {
    const entry = all[id];
    const make = entry && PLAIN[entry.model_name];
    if (!make) return null;
    return make(entry.state || {}, (childId) => drawPlain(all, childId) || text(""));
  }

  async function renderAll() {
    const stateScript = document.querySelector(`script[type="${STATE}"]`);
    if (!stateScript) return;
    const all = JSON.parse(stateScript.textContent).state || {};
    const models = new Map();
    const manager = {get_model: async (id) => models.get(id)};
    for (const [id, entry] of Object.entries(all)) {
      if (entry.model_module === "anywidget") {
        models.set(id, new StaticModel(id, putBuffers({...entry.state}, entry.buffers), manager));
      }
    }
    const views = [...document.querySelectorAll(`script[type="${VIEW}"]`)];
    // The shared code of the figures shown here (not of every model the state holds), all
    // requested at once.
    const codeReady = new Map();  // model id -> promise: its shared code is in its state
    for (const view of views) {
      const id = JSON.parse(view.textContent).model_id;
      if (models.has(id) && !codeReady.has(id)) {
        codeReady.set(id, withSharedCode(models.get(id).state));
        codeReady.get(id).catch(() => {});  // reported where the figure is drawn
      }
    }
    for (const view of views) {
      const el = document.createElement("div");
      el.className = "mlpbook-static-widget";
      view.after(el);
      const id = JSON.parse(view.textContent).model_id;
      const model = models.get(id);
      if (!model) {
        const plain = drawPlain(all, id);
        if (plain) { el.append(plain); el.dataset.rendered = "yes"; }
        else unsupported(el, (all[id] || {}).model_name || "unknown");
        continue;
      }
      try {
        await codeReady.get(id);
        addStyle(model.get("_anywidget_id") || id, model.get("_css"));
        const api = await widgetApi(await importModule(model.get("_esm")), model);
        if (typeof api.render === "function") {
          const cleanup = await api.render({model, el});
          if (typeof cleanup === "function") window.addEventListener("pagehide", cleanup);
        }
        el.dataset.rendered = "yes";
      } catch (error) {
        el.dataset.rendered = "error";
        el.textContent = `This interactive figure failed to start: ${error}`;
        console.error("mlpbook widget", id, error);
      }
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", renderAll);
  } else {
    renderAll();
  }
})();
