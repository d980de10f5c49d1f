// The timeline: one row per event, with an interval bar whose look says how
// precisely the sources date it (a day, a month, a year, or an open end).
import { TYPE_COLOURS, fill, formatTime, h, plural, reveal } from "./dom.js";

const DAY = 86400000;
const STEPS = [
  [DAY, "day"], [7 * DAY, "week"], [30.44 * DAY, "month"], [91.3 * DAY, "quarter"],
  [365.25 * DAY, "year"], [5 * 365.25 * DAY, "5y"], [10 * 365.25 * DAY, "10y"],
];

function ms(iso) {
  const [y, m, d] = iso.split("-").map(Number);
  return Date.UTC(y, m - 1, d);
}

/** Return [from, to] in ms covering every known date of the events, padded. */
export function domain(events, filters) {
  let lo = Infinity;
  let hi = -Infinity;
  for (const e of events) {
    for (const iso of [e.time.start, e.time.end]) {
      if (iso) {
        lo = Math.min(lo, ms(iso));
        hi = Math.max(hi, ms(iso) + DAY);
      }
    }
  }
  if (filters.start) lo = ms(filters.start);
  if (filters.end) hi = ms(filters.end) + DAY;
  if (!Number.isFinite(lo)) return null;
  const pad = Math.max((hi - lo) * 0.02, DAY);
  return [lo - pad, hi + pad];
}

function ticks([lo, hi]) {
  const [step, unit] = STEPS.find(([size]) => (hi - lo) / size <= 8) || STEPS.at(-1);
  const out = [];
  const first = new Date(lo);
  let t;
  if (unit === "day" || unit === "week") t = Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), first.getUTCDate() + 1);
  else if (unit === "month" || unit === "quarter") t = Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 1);
  else t = Date.UTC(first.getUTCFullYear() + 1, 0, 1);
  while (t < hi && out.length < 40) {
    out.push(t);
    const d = new Date(t);
    if (unit === "day" || unit === "week") t += step;
    else if (unit === "month") t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    else if (unit === "quarter") t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 3, 1);
    else t = Date.UTC(d.getUTCFullYear() + Math.round(step / (365.25 * DAY)), 0, 1);
  }
  const label = (x) => {
    const d = new Date(x).toISOString();
    if (unit === "day" || unit === "week") return d.slice(0, 10);
    if (unit === "month" || unit === "quarter") return d.slice(0, 7);
    return d.slice(0, 4);
  };
  return out.map((x) => [x, label(x)]);
}

function pct(x, [lo, hi]) {
  return `${(((x - lo) / (hi - lo)) * 100).toFixed(3)}%`;
}

function bar(event, dom) {
  const { start, end, granularity } = event.time;
  if (!dom || (!start && !end)) return h("span", { class: "nodate" }, "date unknown");
  const from = start ? ms(start) : dom[0];
  const to = end ? ms(end) + DAY : dom[1];
  const classes = ["bar", `g-${granularity || "open"}`];
  if (!start) classes.push("open-start");
  if (!end) classes.push("open-end");
  const el = h("span", { class: classes.join(" "), title: `${formatTime(event.time)} · precision: ${granularity || "open interval"}` });
  el.style.left = pct(Math.max(from, dom[0]), dom);
  el.style.width = pct(dom[0] + Math.max(Math.min(to, dom[1]) - Math.max(from, dom[0]), 0), dom);
  el.style.setProperty("--c", TYPE_COLOURS[event.type] || "#555");
  return el;
}

function iso(x) {
  return new Date(x).toISOString().slice(0, 10);
}

/** Let the user drag across the axis to pick a date range: ``onRange(start, end)``. */
function brush(track, dom, onRange) {
  const band = h("span", { class: "brush" });
  track.append(band);
  const at = (event) => {
    const box = track.getBoundingClientRect();
    const f = Math.min(1, Math.max(0, (event.clientX - box.left) / box.width));
    return dom[0] + f * (dom[1] - dom[0]);
  };
  track.addEventListener("pointerdown", (down) => {
    const from = at(down);
    track.setPointerCapture(down.pointerId);
    const move = (ev) => {
      const [a, b] = [from, at(ev)].sort((x, y) => x - y);
      band.style.left = pct(a, dom);
      band.style.width = pct(dom[0] + b - a, dom);
      band.classList.add("on");
    };
    const up = (ev) => {
      track.removeEventListener("pointermove", move);
      band.classList.remove("on");
      const [a, b] = [from, at(ev)].sort((x, y) => x - y);
      if (b - a >= DAY) onRange(iso(a), iso(b));
    };
    track.addEventListener("pointermove", move);
    track.addEventListener("pointerup", up, { once: true });
  });
}

/** Draw the axis and the rows; ``onSelect(id)`` is called when a row is clicked. */
export function renderTimeline({ axis, list, events, places, filters, selected, onSelect, onRange }) {
  const dom = domain(events, filters);
  const track = h("div", { class: "ticks", title: "Drag to show only that period" },
    (dom ? ticks(dom) : []).map(([x, text]) => {
      const tick = h("span", { class: "tick" }, text);
      tick.style.left = pct(x, dom);
      return tick;
    }));
  if (dom) brush(track, dom, onRange);
  fill(axis, h("span", { class: "axis-hint" }, "drag on the axis to zoom →"), track);
  const rows = events.map((event) => {
    const place = places[event.place];
    const chip = h("span", { class: "chip" }, event.type);
    chip.style.setProperty("--c", TYPE_COLOURS[event.type] || "#555");
    const conflicts = event.conflicts.length;
    const row = h("div", {
      class: `row${event.id === selected ? " selected" : ""}${conflicts ? " has-conflict" : ""}`,
      role: "option",
      "aria-selected": event.id === selected ? "true" : "false",
      data: { id: event.id },
      onclick: () => onSelect(event.id),
    },
    h("div", { class: "lab" },
      chip,
      conflicts ? h("span", { class: "badge conflict", title: plural(conflicts, "conflict") }, "≠") : null,
      event.mode !== "completed" ? h("span", { class: `badge mode m-${event.mode}` }, event.mode) : null,
      h("span", { class: "label", title: event.label }, event.label),
      h("span", { class: "meta" },
        formatTime(event.time),
        place ? ` · ${place.name}` : "",
        ` · ${plural(event.independent_reports, "report")}`)),
    h("div", { class: "track" }, bar(event, dom)));
    return row;
  });
  fill(list, rows.length ? rows : h("p", { class: "hint" }, "No event matches these filters."));
  const current = list.querySelector(".row.selected");
  if (current) reveal(list, current);
}
