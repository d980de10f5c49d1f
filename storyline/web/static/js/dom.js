// Small helpers: every text goes into the page as a text node, never as HTML.

/** Create an element; children that are not nodes become text nodes. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") el.className = value;
    else if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else if (key === "data") Object.assign(el.dataset, value);
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

/** Append children (nodes, strings, numbers, arrays; null skipped) as nodes. */
export function append(el, children) {
  for (const child of [children].flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Replace an element's children. */
export function fill(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

/** Return the link's URL when it is plain http(s), else null (no javascript: links). */
export function safeUrl(url) {
  if (typeof url !== "string") return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
  } catch {
    return null;
  }
}

/** GET a JSON API path; throw an Error carrying the API's message on failure. */
export async function api(path, params = {}) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== "") query.set(key, value);
  }
  const url = query.toString() ? `${path}?${query}` : path;
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body?.error?.message || `${response.status} ${url}`);
  return body;
}

// PLOVER types, grouped: cooperation (blues, greens), verbal conflict (ambers),
// material conflict (reds). The CSS classes t-<TYPE> carry the colours.
export const TYPES = [
  "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
  "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST",
  "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
];
export const TYPE_COLOURS = {
  AGREE: "#1f77b4", CONSULT: "#4e9fd6", SUPPORT: "#2a9d8f", CONCEDE: "#57b894",
  COOPERATE: "#3c8d2f", AID: "#7fb800", RETREAT: "#6a51a3",
  REQUEST: "#c49a00", ACCUSE: "#e07b00", REJECT: "#b8860b", THREATEN: "#d35400",
  PROTEST: "#a0522d",
  SANCTION: "#c2185b", MOBILIZE: "#b03a2e", COERCE: "#d62728", ASSAULT: "#8b0000",
};

export const GRANULARITY = {
  day: "day", week: "week", month: "month", quarter: "quarter", season: "season",
  year: "year", decade: "decade",
};

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** Format an event's interval as an analyst reads it: "3 Jan 2020", "Mar 2020", "before 5 Jan 2020". */
export function formatTime(time) {
  const { start, end, granularity } = time || {};
  if (!start && !end) return "date unknown";
  if (!start) return `before ${day(end)}`;
  if (!end) return `after ${day(start)}`;
  if (granularity === "year") return start.slice(0, 4);
  if (granularity === "month") return `${MONTHS[+start.slice(5, 7) - 1]} ${start.slice(0, 4)}`;
  if (start === end) return day(start);
  return `${day(start)} – ${day(end)}`;
}

export function day(iso) {
  if (!iso) return "?";
  const [y, m, d] = iso.split("-");
  return `${+d} ${MONTHS[+m - 1]} ${y}`;
}

export function plural(n, noun) {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

/** Scroll ``child`` into view inside the positioned ``box`` only (scrollIntoView moves the page too). */
export function reveal(box, child) {
  const top = child.offsetTop; // box is positioned, so this is relative to it
  if (top < box.scrollTop) box.scrollTop = top;
  else if (top + child.offsetHeight > box.scrollTop + box.clientHeight) {
    box.scrollTop = top + child.offsetHeight - box.clientHeight;
  }
}
