// What the exercise widgets share (answer_box.js, live_check.js, exercise_progress.js; the
// site's book_progress.js too): reading typed answers, judging them from an answer's spec,
// Python's number formats, and the reader's progress kept in this browser.
//
// Every function here is the twin of Python code and is tested equal to it:
//   normalise, shown, readNumber, readNumbers, readLetters  <->  mlpbook/exercises/reading.py
//   judge                                                    <->  Answer.judge (answers.py)
//   pyFormat, formatG, formatFixed                          <->  str.format, "g", ".Nf"
// The spec (Answer.spec() in Python) carries the rules and every message in the page's
// language, so nothing a reader is told is written here.

// ---- Python's number formats, exactly ------------------------------------------------

/** |x| (finite) as an exact decimal: {digits: BigInt, exp}, |x| = digits * 10^exp. */
function exactDecimal(x) {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(x));
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const expBits = hi >>> 20;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e2 = -1074;
  if (expBits !== 0) {
    mant |= 1n << 52n;
    e2 = expBits - 1075;
  }
  if (e2 >= 0) return {digits: mant << BigInt(e2), exp: 0};
  return {digits: mant * 5n ** BigInt(-e2), exp: e2};  // m * 2^-k = m * 5^k / 10^k
}

/** round(|x| * 10^f) to an integer, ties to even, as Python's formatting rounds. */
function scaledRound(x, f) {
  const {digits, exp} = exactDecimal(x);
  const shift = exp + f;
  if (shift >= 0) return digits * 10n ** BigInt(shift);
  const div = 10n ** BigInt(-shift);
  const q = digits / div;
  const twice = 2n * (digits % div);
  return twice > div || (twice === div && (q & 1n) === 1n) ? q + 1n : q;
}

function special(x) {
  if (Number.isNaN(x)) return "nan";
  return x > 0 ? "inf" : "-inf";
}

function pointAt(text, decimals) {
  if (decimals <= 0) return text;
  const padded = text.padStart(decimals + 1, "0");
  return `${padded.slice(0, -decimals)}.${padded.slice(-decimals)}`;
}

/** Python's format(x, f".{f}f"). */
export function formatFixed(x, f) {
  if (!Number.isFinite(x)) return special(x);
  const negative = x < 0 || Object.is(x, -0);
  return (negative ? "-" : "") + pointAt(scaledRound(x, f).toString(), f);
}

function stripZeros(text) {
  return text.includes(".") ? text.replace(/0+$/, "").replace(/\.$/, "") : text;
}

/** Python's format(x, f".{p}g") (and "g" for p = 6). */
export function formatG(x, p = 6) {
  if (!Number.isFinite(x)) return special(x);
  p = Math.max(1, p);
  const sign = x < 0 || Object.is(x, -0) ? "-" : "";
  if (x === 0) return `${sign}0`;
  const {digits, exp} = exactDecimal(x);
  let e = digits.toString().length - 1 + exp;  // 10^e <= |x| < 10^(e+1)
  let n = scaledRound(x, p - 1 - e);
  if (n.toString().length > p) {  // 9.9999996 rounded up to 10.0000
    e += 1;
    n = scaledRound(x, p - 1 - e);
  }
  const text = n.toString();
  if (e >= -4 && e < p) return sign + stripZeros(pointAt(text, p - 1 - e));
  const mantissa = stripZeros(text.length > 1 ? `${text[0]}.${text.slice(1)}` : text);
  return `${sign}${mantissa}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
}

/** Python's template.format(**fields) for the fields messages use: {name}, {name:g},
 * {name:.Ng}, {name:.Nf}, and {{ }}. A tuple field (Python's "(1,)") arrives as its text. */
export function pyFormat(template, fields) {
  return String(template).replace(/\{\{|\}\}|\{(\w+)(?::([^{}]*))?\}/g, (all, name, spec) => {
    if (all === "{{") return "{";
    if (all === "}}") return "}";
    if (!(name in fields)) return all;
    const value = fields[name];
    if (spec === undefined || spec === "") return String(value);
    if (spec === "g") return formatG(value, 6);
    const general = /^\.(\d+)g$/.exec(spec);
    if (general) return formatG(value, Number(general[1]));
    const fixed = /^\.(\d+)f$/.exec(spec);
    if (fixed) return formatFixed(value, Number(fixed[1]));
    return String(value);
  });
}

// ---- reading what the reader typed (twin of reading.py) -------------------------------

const NUMBER = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
const THOUSANDS = /^[+-]?[0-9]{1,3}(?:[,_ ][0-9]{3})+(?:\.[0-9]+)?$/;
const UNDERSCORES = /^[+-]?[0-9]+(?:_[0-9]+)+(?:\.[0-9]+)?$/;
const DECIMAL_COMMA = /^[+-]?[0-9]+,[0-9]+$/;
const ASSIGNMENT = /^[A-Za-z_][A-Za-z_0-9]*\s*=(?!=)\s*/;
const ARRAY_CALL = /^(?:(?:np|numpy)\s*\.\s*)?array\s*\(([\s\S]*)\)$/;
const SEPARATORS = /[\s,;]+/;
const LETTER_RUNS = /[a-z]+|(?:(?![a-z])\p{L})+/gu;
const JOINING_WORDS = new Set(["and", "or", "und", "et", "和", "与", "及", "以及", "或", "或者"]);
const SHOWN = 40;

/** A text the reader cannot have meant as an answer: the message to show, by key. */
export class Unreadable extends Error {
  constructor(key, fields = {}) {
    super(key);
    this.key = key;
    this.fields = fields;
  }
  text(messages) { return pyFormat(messages[this.key], this.fields); }
}

export function normalise(text) {
  let out = String(text).normalize("NFKC").replace(/[\u2212\u2013\u2014]/g, "-").trim();
  return out.replace(ASSIGNMENT, "").trim();
}

export function shown(text) {
  const chars = Array.from(String(text).split(/\s+/).filter(Boolean).join(" "));
  return chars.length <= SHOWN ? chars.join("") : `${chars.slice(0, SHOWN - 1).join("")}\u2026`;
}

function plainNumber(token) {
  return NUMBER.test(token) ? Number(token) : null;
}

export function readNumber(text, {fractions = false, whole = false} = {}) {
  const raw = normalise(text);
  if (!raw) throw new Unreadable("empty");
  const quoted = shown(raw);
  let token = raw;
  if (whole && (THOUSANDS.test(token) || UNDERSCORES.test(token))) {
    token = token.replace(/[,_ ]/g, "");
  } else if (UNDERSCORES.test(token)) {
    token = token.replace(/_/g, "");
  }
  const percent = token.endsWith("%");
  if (percent) token = token.slice(0, -1).trim();
  let value;
  if (token.includes("/")) {
    const parts = token.split("/").map((part) => part.trim());
    const numbers = parts.map(plainNumber);
    if (parts.length !== 2 || numbers.includes(null)) {
      throw new Unreadable("not_a_number", {text: quoted});
    }
    if (!fractions) throw new Unreadable("no_fractions");
    if (numbers[1] === 0) throw new Unreadable("divide_by_zero", {text: quoted});
    value = numbers[0] / numbers[1];
  } else {
    value = plainNumber(token);
    if (value === null) {
      if (DECIMAL_COMMA.test(token)) {
        throw new Unreadable("decimal_comma", {fixed: token.replace(",", "."), text: quoted});
      }
      const many = token.split(/[^0-9.eE+-]+/).filter((t) => plainNumber(t) !== null);
      if (many.length > 1) throw new Unreadable("many_numbers", {n: many.length, text: quoted});
      throw new Unreadable("not_a_number", {text: quoted});
    }
  }
  if (percent) value /= 100;
  if (!Number.isFinite(value)) throw new Unreadable("too_large", {text: quoted});
  return value;
}

export function readNumbers(text, count, what) {
  const raw = normalise(text);
  if (!raw) throw new Unreadable("empty");
  let inner = raw;
  const call = ARRAY_CALL.exec(inner);
  if (call) inner = call[1];
  inner = inner.replace(/[[\]()]/g, " ");
  const values = [];
  for (const token of inner.split(SEPARATORS).filter(Boolean)) {
    const value = plainNumber(token);
    if (value === null) throw new Unreadable("not_a_list_item", {token: shown(token)});
    if (!Number.isFinite(value)) throw new Unreadable("too_large", {text: shown(token)});
    values.push(value);
  }
  if (values.length !== count) {
    throw new Unreadable(values.length === 1 ? "count_one" : "count",
      {n: values.length, m: count, what});
  }
  return values;
}

export function readLetters(text, choices) {
  const raw = normalise(text).toLowerCase();
  if (!raw) throw new Unreadable("empty");
  const first = choices[0];
  const last = choices[choices.length - 1];
  const letters = new Set();
  for (const token of raw.match(LETTER_RUNS) || []) {
    if (JOINING_WORDS.has(token)) continue;
    if ([...token].every((ch) => choices.includes(ch))) {
      for (const ch of token) letters.add(ch);
    } else {
      throw new Unreadable("unknown_letter", {first, last, token: shown(token)});
    }
  }
  if (!letters.size) throw new Unreadable("no_letter", {first, last});
  return letters;
}

// ---- judging (twin of answers.py) ------------------------------------------------------

function holds(condition, x) {
  if ("near" in condition) {
    const b = condition.near;
    return Math.abs(x - b) <= Math.max(condition.rel * Math.max(Math.abs(x), Math.abs(b)),
      condition.abs);
  }
  if ("between" in condition || "outside" in condition) {
    const [lo, hi, loIn, hiIn] = condition.between || condition.outside;
    const inside = (loIn ? x >= lo : x > lo) && (hiIn ? x <= hi : x < hi);
    return "between" in condition ? inside : !inside;
  }
  if ("not_whole" in condition) return !Number.isInteger(x);
  throw new Error(`unknown condition ${JSON.stringify(condition)}`);
}

function judgeNumber(spec, text) {
  const x = readNumber(text, {fractions: spec.fractions, whole: spec.whole});
  for (const rule of spec.rules) {
    if (rule.if.every((condition) => holds(condition, x))) {
      return {right: rule.right, message: rule.message};
    }
  }
  return {right: false, message: pyFormat(spec.otherwise, {value: x})};
}

function allClose(values, target, rtol, atol) {
  return values.every((v, i) => Math.abs(v - target[i]) <= atol + rtol * Math.abs(target[i]));
}

function judgeVector(spec, text) {
  const values = readNumbers(text, spec.n, spec.what);
  if (allClose(values, spec.expected, spec.rtol, spec.atol)) {
    return {right: true, message: spec.praise};
  }
  for (const mistake of spec.mistakes) {
    if (allClose(values, mistake.value, spec.rtol, spec.atol)) {
      return {right: false, message: mistake.message};
    }
  }
  let worst = 0;
  for (let i = 1; i < values.length; i += 1) {
    if (Math.abs(values[i] - spec.expected[i]) > Math.abs(values[worst] - spec.expected[worst])) {
      worst = i;
    }
  }
  return {right: false, message: pyFormat(spec.otherwise,
    {at: `(${worst},)`, got: values[worst], want: spec.expected[worst]})};
}

function fromTable(spec, key) {
  const [right, message] = spec.verdicts[key];
  return {right, message};
}

function judgeLetters(spec, text) {
  const letters = readLetters(text, spec.choices);
  return fromTable(spec, [...spec.choices].filter((ch) => letters.has(ch)).join(""));
}

function judgeDigitPair(spec, text) {
  const values = readNumbers(text, 2, spec.what);
  if (values.some((v) => !Number.isInteger(v) || v < 0 || v > 9)) {
    return {right: false, message: spec.not_digits};
  }
  return fromTable(spec, `${values[0]},${values[1]}`);
}

function sigma(z) {
  return 0.5 * (1 + Math.tanh(0.5 * z));
}

/** Twin of answers.separable: one line strictly separates label-1 points from label-0. */
export function separable(points, labels) {
  const critical = [];
  for (let i = 0; i < points.length; i += 1) {
    for (let j = i + 1; j < points.length; j += 1) {
      const dx = points[j][0] - points[i][0];
      const dy = points[j][1] - points[i][1];
      if (dx === 0 && dy === 0) continue;
      const angle = pyMod(Math.atan2(dx, -dy), 2 * Math.PI);
      critical.push(angle, pyMod(angle + Math.PI, 2 * Math.PI));
    }
  }
  critical.sort((a, b) => a - b);
  if (!critical.length) critical.push(0);
  for (let k = 0; k < critical.length; k += 1) {
    const a = critical[k];
    const b = k + 1 < critical.length ? critical[k + 1] : critical[0] + 2 * Math.PI;
    const c = Math.cos(0.5 * (a + b));
    const s = Math.sin(0.5 * (a + b));
    const high = [];
    const low = [];
    points.forEach(([x, y], i) => (labels[i] > 0.5 ? high : low).push(c * x + s * y));
    if (!high.length || !low.length || Math.min(...high) > Math.max(...low)) return true;
  }
  return false;
}

function pyMod(a, n) {  // Python's a % n for floats (the sign of n)
  const r = a % n;
  return r !== 0 && (r < 0) !== (n < 0) ? r + n : r;
}

function judgeXor(spec, text) {
  const v = readNumbers(text, 9, spec.what);
  const hidden = [];
  const out = [];
  for (const [x1, x2] of spec.points) {
    const h1 = sigma(v[0] * x1 + v[1] * x2 + v[2]);
    const h2 = sigma(v[3] * x1 + v[4] * x2 + v[5]);
    hidden.push([h1, h2]);
    out.push(sigma(v[6] * h1 + v[7] * h2 + v[8]));
  }
  const shownOut = out.map((a) => formatFixed(a, 2)).join(", ");
  const right = out.map((a, i) => (a > 0.5) === (spec.labels[i] > 0.5));
  const m = spec.messages;
  if (right.every(Boolean)) {
    const sure = out.every((a, i) => (spec.labels[i] > 0.5 ? a > 1 - spec.margin
      : a < spec.margin));
    return sure ? {right: true, message: pyFormat(spec.praise, {shown: shownOut})}
      : {right: false, message: pyFormat(m.unsure, {shown: shownOut})};
  }
  if (!right.some(Boolean)) return {right: false, message: pyFormat(m.opposite, {shown: shownOut})};
  if (!separable(hidden, spec.labels)) {
    const where = spec.points.map((x, i) => `(${formatFixed(x[0], 0)}, ${formatFixed(x[1], 0)})`
      + ` \u2192 (${formatFixed(hidden[i][0], 2)}, ${formatFixed(hidden[i][1], 2)})`).join("; ");
    return {right: false, message: pyFormat(m.tangled, {where})};
  }
  return {right: false, message: pyFormat(m.wrong_line, {shown: shownOut})};
}

const JUDGES = {number: judgeNumber, vector: judgeVector, letters: judgeLetters,
  digit_pair: judgeDigitPair, xor221: judgeXor};

/** The verdict on what the reader typed: {right, message}, exactly Python's check(text). */
export function judge(spec, text) {
  try {
    return JUDGES[spec.kind](spec, text);
  } catch (error) {
    if (error instanceof Unreadable) return {right: false, message: error.text(spec.reading)};
    throw error;
  }
}

// ---- the reader's progress, kept in this browser ----------------------------------------
// One record for both editions ("Chapter 4/q1" -> the date it was first solved), in
// localStorage, which also works for pages opened from disk. Python's progress file is
// separate (nothing is synced).

export const PROGRESS_KEY = "mlpbook-exercises-solved";
export const PROGRESS_EVENT = "mlpbook-progress";

export function solved() {
  try {
    const saved = JSON.parse(globalThis.localStorage.getItem(PROGRESS_KEY) || "{}");
    return saved && typeof saved === "object" && !Array.isArray(saved) ? saved : {};
  } catch (error) {
    return {};  // storage switched off, or a damaged record: nothing solved here yet
  }
}

function store(saved) {
  try {
    globalThis.localStorage.setItem(PROGRESS_KEY, JSON.stringify(saved));
  } catch (error) { /* storage switched off: progress lasts as long as the page */ }
  globalThis.dispatchEvent(new CustomEvent(PROGRESS_EVENT));
}

export function markSolved(key) {
  const saved = solved();
  if (!saved[key]) {
    saved[key] = new Date().toISOString().slice(0, 10);
    store(saved);
  }
}

export function forget(keys) {
  const saved = solved();
  for (const key of keys) delete saved[key];
  store(saved);
}

// Another tab of the book solved or forgot something: tell this page's widgets too (the
// browser fires "storage" in every other tab of the same origin). Once per page, however
// many modules carry these helpers.
if (!globalThis.mlpbookFollowsOtherTabs) {
  globalThis.mlpbookFollowsOtherTabs = true;
  globalThis.addEventListener("storage", (event) => {
    if (event.key === PROGRESS_KEY || event.key === null) {
      globalThis.dispatchEvent(new CustomEvent(PROGRESS_EVENT));
    }
  });
}

/** Whether this figure is on the static website (the site's widget loader says so). */
export function onStaticPage() {
  return typeof globalThis.mlpbookStaticUrl === "string";
}

/** A message with `code`, $math$ and *emphasis* as the Python side renders it
 * (rendering.py, whose pattern this is). */
export function richText(message) {
  const p = document.createElement("p");
  const parts = String(message).split(/(`[^`]+`|\$[^$\n]+\$|(?<!\*)\*(?!\s)[^*\n]+?(?<!\s)\*(?!\*))/);
  for (const part of parts) {
    if (!part) continue;
    if (/^\*[^*]+\*$/.test(part)) {
      const em = document.createElement("em");
      em.textContent = part.slice(1, -1);
      p.append(em);
    } else if (part.startsWith("`") && part.endsWith("`") && part.length > 1) {
      const code = document.createElement("code");
      code.textContent = part.slice(1, -1);
      p.append(code);
    } else if (part.startsWith("$") && part.endsWith("$") && part.length > 1) {
      const math = document.createElement("span");
      math.className = "math notranslate nohighlight";
      math.textContent = `\\(${part.slice(1, -1)}\\)`;
      p.append(math);
    } else {
      p.append(document.createTextNode(part));
    }
  }
  return p;
}

/** Typeset the formulas inside `el` when the page has MathJax. */
export function typeset(el) {
  const mathjax = globalThis.MathJax;
  if (el.querySelector(".math") && mathjax && typeof mathjax.typesetPromise === "function") {
    mathjax.typesetPromise([el]).catch(() => {});
  }
}
