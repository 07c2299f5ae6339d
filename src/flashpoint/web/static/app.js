// flashpoint map page. Every string from the store is put in the DOM with textContent or
// as a text node (never innerHTML), and only http(s) URLs become links.
"use strict";
(function () {
  const COLORS = {
    ASSAULT: "#d32f2f", COERCE: "#f57c00", PROTEST: "#7b1fa2", THREATEN: "#fbc02d",
    MOBILIZE: "#5d4037", SANCTION: "#455a64", REJECT: "#c2185b", ACCUSE: "#e64a19",
    REQUEST: "#0288d1", AGREE: "#388e3c", CONSULT: "#00796b", SUPPORT: "#689f38",
    AID: "#0097a7", CONCEDE: "#afb42b", RETREAT: "#8d6e63", COOPERATE: "#1976d2",
  };
  const DAY = 86400000;
  const state = { filters: {}, start: null, end: null, events: [], selected: null };
  let map = null, markerLayer = null, firstFit = true;

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") node.className = v; else node.setAttribute(k, v);
    }
    for (const c of children) {
      if (c === null || c === undefined) continue;
      node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return node;
  }
  const color = (t) => COLORS[t] || "#607d8b";
  const safeUrl = (u) => (typeof u === "string" && /^https?:\/\//i.test(u) ? u : null);

  function params(withRange) {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(state.filters)) if (v) p.set(k, v);
    if (withRange && state.start) p.set("start", state.start);
    if (withRange && state.end) p.set("end", state.end);
    return p;
  }
  async function getJSON(url) {
    const r = await fetch(url, { headers: { Accept: "application/json" } });
    if (!r.ok) throw new Error(url + ": HTTP " + r.status);
    return r.json();
  }

  // ------------------------------------------------------------------ map
  function initMap() {
    if (!window.L) {
      document.getElementById("map").append(
        el("p", { class: "hint" }, "Map libraries missing: run ./setup.sh (needs npm)."));
      return;
    }
    map = L.map("map", { worldCopyJump: true, minZoom: 1 }).setView([25, 20], 2);
    getJSON("/static/vendor/countries-110m.json").then((world) => {
      if (!window.topojson) return;
      const shapes = topojson.feature(world, world.objects.countries);
      L.geoJSON(shapes, {
        style: { color: "#78909c", weight: 0.7, fillColor: "#fff", fillOpacity: 1 },
        interactive: false,
      }).addTo(map).bringToBack();
    }).catch(() => {});
  }
  function drawMarkers(events) {
    if (!map) return;
    if (markerLayer) map.removeLayer(markerLayer);
    const located = events.filter((e) => e.location_lat !== null && e.location_lon !== null);
    markerLayer = located.length > 200 && L.markerClusterGroup
      ? L.markerClusterGroup({ maxClusterRadius: 30 }) : L.layerGroup();
    const bounds = [];
    for (const e of located) {
      const killed = e.fatalities_best || 0;
      const m = L.circleMarker([e.location_lat, e.location_lon], {
        radius: 5 + 2.5 * Math.sqrt(killed), color: "#222", weight: 1,
        fillColor: color(e.plover_type), fillOpacity: 0.8, className: "fp-marker",
      });
      m.bindTooltip(e.plover_type + (e.location_name ? " — " + e.location_name : ""));
      m.on("click", () => select(e.event_id));
      m.on("add", () => { const p = m.getElement(); if (p) p.dataset.eventId = e.event_id; });
      markerLayer.addLayer(m);
      bounds.push([e.location_lat, e.location_lon]);
    }
    markerLayer.addTo(map);
    if (firstFit && bounds.length) {
      map.fitBounds(bounds, { padding: [30, 30], maxZoom: 6 });
      firstFit = false;
    }
  }
  function drawLegend(types) {
    const box = document.getElementById("legend");
    box.replaceChildren("Type:");
    for (const t of types) {
      const sw = el("span", { class: "sw" });
      sw.style.background = color(t.type);
      box.append(sw, el("span", {}, t.type + " (" + t.count + ")"));
    }
    box.append(el("span", { class: "hint" }, "  size = fatalities"));
  }

  // ------------------------------------------------------------------ timeline
  const tl = { days: [], t0: 0, t1: 0, width: 0, drag: null };
  function drawTimeline(stats) {
    const svg = document.getElementById("timeline");
    const NS = "http://www.w3.org/2000/svg";
    svg.replaceChildren();
    tl.width = svg.clientWidth || 600;
    const h = 90, pad = 14;
    const days = stats.by_day.map((d) => ({ t: Date.parse(d.day), n: d.count }));
    tl.days = days;
    if (!days.length) return;
    tl.t0 = days[0].t - DAY;
    tl.t1 = days[days.length - 1].t + 2 * DAY;
    const x = (t) => ((t - tl.t0) / (tl.t1 - tl.t0)) * tl.width;
    const max = Math.max(...days.map((d) => d.n));
    const byDayType = {};
    for (const r of stats.by_day_type) (byDayType[r.day] = byDayType[r.day] || []).push(r);
    const bw = Math.max(2, x(tl.t0 + DAY) - x(tl.t0) - 1);
    for (const d of days) {
      let y = h - pad;
      for (const r of byDayType[new Date(d.t).toISOString().slice(0, 10)] || []) {
        const bh = ((h - 2 * pad) * r.count) / max;
        y -= bh;
        const rect = document.createElementNS(NS, "rect");
        rect.setAttribute("x", x(d.t)); rect.setAttribute("y", y);
        rect.setAttribute("width", bw); rect.setAttribute("height", bh);
        rect.setAttribute("fill", color(r.type)); rect.setAttribute("class", "tl-bar");
        const title = document.createElementNS(NS, "title");
        title.textContent = r.day + " " + r.type + ": " + r.count;
        rect.append(title);
        svg.append(rect);
      }
    }
    for (const t of [tl.t0 + DAY, tl.t1 - 2 * DAY]) {
      const label = document.createElementNS(NS, "text");
      label.setAttribute("x", Math.min(x(t), tl.width - 70)); label.setAttribute("y", h - 2);
      label.setAttribute("font-size", "10");
      label.textContent = new Date(t).toISOString().slice(0, 10);
      svg.append(label);
    }
    const brush = document.createElementNS(NS, "rect");
    brush.setAttribute("class", "brush"); brush.setAttribute("y", 0);
    brush.setAttribute("height", h); brush.setAttribute("width", 0);
    svg.append(brush);
    if (state.start && state.end) {
      const a = x(Date.parse(state.start)), b = x(Date.parse(state.end) + DAY);
      brush.setAttribute("x", a); brush.setAttribute("width", Math.max(1, b - a));
    }
  }
  function timeAt(px) { return tl.t0 + (px / tl.width) * (tl.t1 - tl.t0); }
  function initBrush() {
    const svg = document.getElementById("timeline");
    const px = (ev) => Math.max(0, Math.min(tl.width, ev.clientX - svg.getBoundingClientRect().left));
    svg.addEventListener("pointerdown", (ev) => {
      if (!tl.days.length) return;
      tl.drag = { a: px(ev) };
      svg.setPointerCapture(ev.pointerId);
    });
    svg.addEventListener("pointermove", (ev) => {
      if (!tl.drag) return;
      const b = px(ev), brush = svg.querySelector(".brush");
      brush.setAttribute("x", Math.min(tl.drag.a, b));
      brush.setAttribute("width", Math.abs(b - tl.drag.a));
    });
    svg.addEventListener("pointerup", (ev) => {
      if (!tl.drag) return;
      const a = tl.drag.a, b = px(ev);
      tl.drag = null;
      if (Math.abs(b - a) < 3) { setRange(null, null); return; }
      const iso = (t) => new Date(t).toISOString().slice(0, 10);
      setRange(iso(timeAt(Math.min(a, b))), iso(timeAt(Math.max(a, b))));
    });
    document.getElementById("clear-range").addEventListener("click", () => setRange(null, null));
  }
  function setRange(start, end) {
    state.start = start; state.end = end;
    document.getElementById("range-label").textContent = start ? start + " – " + end : "";
    loadEvents();
  }

  // ------------------------------------------------------------------ table
  function drawTable(data) {
    const body = document.querySelector("#events-table tbody");
    body.replaceChildren();
    for (const e of data.events) {
      const killed = e.fatalities_best === null ? "" : e.fatalities_best;
      const row = el("tr", { "data-event-id": e.event_id },
        el("td", {}, e.date_start || ""), el("td", {}, e.plover_type || ""),
        el("td", {}, e.acled_sub_event_type || e.acled_event_type || ""),
        el("td", {}, e.actor1_name || ""), el("td", {}, e.actor2_name || ""),
        el("td", {}, e.location_name || ""), el("td", {}, killed),
        el("td", {}, e.modality || ""), el("td", {}, e.n_sources));
      if (e.event_id === state.selected) row.classList.add("selected");
      row.addEventListener("click", () => select(e.event_id));
      body.append(row);
    }
    document.getElementById("count").textContent = data.total + " events" +
      (data.total > data.events.length ? " (first " + data.events.length + " shown)" : "");
  }

  // ------------------------------------------------------------------ side panel
  function sentence(evidence, highlights) {
    const text = (evidence && evidence.sentence) || "";
    const box = el("blockquote", { class: "evidence" });
    let at = 0;
    for (const h of highlights || []) {
      if (h.start < at) continue;
      box.append(document.createTextNode(text.slice(at, h.start)));
      box.append(el("mark", { class: "hl-" + h.kind, title: h.field }, text.slice(h.start, h.end)));
      at = h.end;
    }
    box.append(document.createTextNode(text.slice(at)));
    return box;
  }
  async function select(id) {
    state.selected = id;
    for (const row of document.querySelectorAll("#events-table tbody tr")) {
      row.classList.toggle("selected", row.dataset.eventId === id);
    }
    const panel = document.getElementById("panel");
    let d;
    try { d = await getJSON("/api/events/" + encodeURIComponent(id)); } catch (err) {
      panel.replaceChildren(el("p", { class: "hint" }, String(err))); return;
    }
    const ev = d.event, c = d.cluster;
    const part = (o, k) => (o && o[k] !== null && o[k] !== undefined ? o[k] : "");
    const date = ev.date ? ev.date.start + (ev.date.end !== ev.date.start ? " – " + ev.date.end : "") : "";
    const fat = ev.fatalities ? ev.fatalities.best + " (" + ev.fatalities.low + "–" + ev.fatalities.high + ")" : "";
    const modalities = c && c.modalities ? c.modalities.join(", ") : ev.modality;
    panel.replaceChildren(...[
      el("h2", {}, ev.plover.type + (ev.acled ? " · " + ev.acled.sub_event_type : "")),
      el("dl", {},
        el("dt", {}, "actor 1"), el("dd", {}, part(ev.actor1, "name")),
        el("dt", {}, "actor 2"), el("dd", {}, part(ev.actor2, "name")),
        el("dt", {}, "place"), el("dd", {}, part(ev.location, "name") +
          (ev.location && ev.location.country ? " (" + ev.location.country + ")" : "")),
        el("dt", {}, "date"), el("dd", {}, date),
        el("dt", {}, "fatalities"), el("dd", {}, fat),
        el("dt", {}, "modality"), el("dd", { class: "modality" }, ev.modality +
          (ev.attribution ? " by " + ev.attribution.name : "")),
        el("dt", {}, "corroboration"), el("dd", { class: "corroboration" },
          d.n_sources + " source" + (d.n_sources === 1 ? "" : "s") +
          (c ? " · modalities " + modalities : "")),
      ),
      c && c.modality_conflict ? el("p", { class: "conflict" }, "Sources conflict (asserted vs denied)") : null,
      el("h3", {}, "Evidence"),
    ].filter((n) => n !== null));
    for (const s of d.sources) {
      const url = safeUrl(s.url);
      const head = el("div", { class: "source-head" },
        el("strong", { class: "source-title" }, s.title || s.article_id),
        s.source ? " — " + s.source : null, s.published ? " · " + s.published : null,
        " · " + (s.modality || ""));
      const link = url ? el("a", { href: url, rel: "noopener noreferrer", target: "_blank" }, url)
        : (s.url ? el("span", { class: "url" }, s.url) : null);
      panel.append(el("div", { class: "source", "data-event-id": s.event_id },
        head, sentence(s.evidence, s.highlights), link));
    }
  }

  // ------------------------------------------------------------------ loading
  async function loadStats() {
    const stats = await getJSON("/api/stats?" + params(false));
    drawTimeline(stats);
    drawLegend(stats.by_type);
  }
  let loadSeq = 0;
  async function loadEvents() {
    const seq = ++loadSeq;
    const p = params(true);
    p.set("limit", "2000");
    const data = await getJSON("/api/events?" + p);
    if (seq !== loadSeq) return;
    state.events = data.events;
    drawTable(data);
    drawMarkers(data.events);
    document.body.dataset.loaded = String(seq);
  }
  function readFilters() {
    const form = document.getElementById("filters");
    state.filters = {};
    for (const [k, v] of new FormData(form).entries()) if (String(v).trim()) state.filters[k] = String(v).trim();
  }

  document.getElementById("filters").addEventListener("submit", (ev) => {
    ev.preventDefault();
    readFilters();
    loadStats().then(loadEvents).catch(showError);
  });
  function showError(err) {
    document.getElementById("count").textContent = "Error: " + err.message;
  }
  initMap();
  initBrush();
  window.addEventListener("resize", () => loadStats().catch(() => {}));
  loadStats().then(loadEvents).catch(showError);
})();
