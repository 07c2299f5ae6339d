// flashpoint map page. Every string from the store is put in the DOM with textContent or
// as a text node (never innerHTML), and only http(s) URLs become links.
// A view is a URL: every filter, the sort and page, the map extent, the timeline's window and
// the selected event live in the query string (history API); opening it restores the view.
"use strict";
(function () {
  const COLORS = {
    ASSAULT: "#d32f2f", COERCE: "#f57c00", PROTEST: "#7b1fa2", THREATEN: "#fbc02d",
    MOBILIZE: "#5d4037", SANCTION: "#455a64", REJECT: "#c2185b", ACCUSE: "#e64a19",
    REQUEST: "#0288d1", AGREE: "#388e3c", CONSULT: "#00796b", SUPPORT: "#689f38",
    AID: "#0097a7", CONCEDE: "#afb42b", RETREAT: "#8d6e63", COOPERATE: "#1976d2",
  };
  const FIELDS = ["q", "country", "admin1", "actor", "min_sources", "min_fatalities", "violent",
                  "since", "until", "date_mode"];
  const MULTI = ["type", "modality"];
  const PAGE = 100;
  const el = window.FPPanel.el;
  const state = { f: {}, sort: "newest", page: 0, selected: null, map: null, tl: null };
  let map = null, markerLayer = null, markers = new Map(), fitNext = true, selectedMarker = null;
  const color = (t) => COLORS[t] || "#607d8b";
  const $ = (id) => document.getElementById(id);

  // ------------------------------------------------------------------ state <-> URL
  function apiParams() {
    const p = new URLSearchParams();
    for (const k of FIELDS) if (state.f[k]) p.set(k, state.f[k]);
    for (const k of MULTI) for (const v of state.f[k] || []) p.append(k, v);
    return p;
  }
  function urlParams() {
    const p = apiParams();
    if (state.sort !== "newest") p.set("sort", state.sort);
    if (state.page) p.set("page", String(state.page));
    if (state.map) p.set("map", state.map);
    if (state.tl) p.set("tl", state.tl);
    if (state.selected) p.set("event", state.selected);
    return p;
  }
  function writeUrl(push) {
    const q = urlParams().toString();
    const url = location.pathname + (q ? "?" + q : "");
    if (url === location.pathname + location.search) return;
    if (push) history.pushState(null, "", url); else history.replaceState(null, "", url);
    updateDownload();
  }
  function readUrl() {
    const p = new URLSearchParams(location.search);
    state.f = {};
    for (const k of FIELDS) { const v = p.get(k); if (v) state.f[k] = v; }
    for (const k of MULTI) { const v = p.getAll(k).filter(Boolean); if (v.length) state.f[k] = v; }
    state.sort = p.get("sort") || "newest";
    state.page = Math.max(0, parseInt(p.get("page") || "0", 10) || 0);
    state.map = p.get("map");
    state.tl = p.get("tl");
    state.selected = p.get("event");
  }
  function fillForm() {
    const form = $("filters");
    for (const k of FIELDS) {
      const input = form.elements[k];
      if (!input) continue;
      if (input.type === "checkbox") input.checked = !!state.f[k]; else input.value = state.f[k] || "";
    }
    for (const k of MULTI) {
      const chosen = new Set(state.f[k] || []);
      for (const box of form.querySelectorAll('.options[data-name="' + k + '"] input')) box.checked = chosen.has(box.value);
      const sum = form.querySelector('.options[data-name="' + k + '"]').parentElement.querySelector("summary");
      sum.textContent = k + (chosen.size ? " (" + chosen.size + ")" : "");
    }
    $("range-label").textContent = state.f.since || state.f.until ?
      (state.f.since || "…") + " – " + (state.f.until || "…") : "";
  }
  function readForm() {
    const form = $("filters");
    const f = {};
    for (const k of FIELDS) {
      const input = form.elements[k];
      if (!input) continue;
      const v = input.type === "checkbox" ? (input.checked ? "true" : "") : String(input.value).trim();
      if (v) f[k] = v;
    }
    for (const k of MULTI) {
      const v = [...form.querySelectorAll('.options[data-name="' + k + '"] input:checked')].map((b) => b.value);
      if (v.length) f[k] = v;
    }
    state.f = f;
  }
  function updateDownload() {
    const p = apiParams();
    p.set("format", $("download-format").value);
    $("download").href = "/api/export?" + p;
  }
  async function getJSON(url) {
    const r = await fetch(url, { headers: { Accept: "application/json" } });
    if (!r.ok) {
      let detail = "";
      try { const body = await r.json(); detail = (body.detail && body.detail[0] && body.detail[0].msg) || body.detail || ""; } catch (e) { /* not JSON */ }
      throw new Error("HTTP " + r.status + (detail ? ": " + detail : ""));
    }
    return r.json();
  }

  // ------------------------------------------------------------------ map
  function initMap() {
    if (!window.L) {
      $("map").append(el("p", { class: "hint" }, "Map libraries missing: run ./setup.sh (needs npm)."));
      return;
    }
    map = L.map("map", { worldCopyJump: true, minZoom: 1, maxZoom: 14 }).setView([25, 20], 2);
    getJSON("/static/vendor/countries-110m.json").then((world) => {
      if (!window.topojson) return;
      const shapes = topojson.feature(world, world.objects.countries);
      // Antarctica (ISO 010) is left out: no events, and in Web Mercator its ring along the
      // pole is a strip the width of the world
      shapes.features = shapes.features.filter((f) => String(f.id) !== "010");
      for (const f of shapes.features) unwrapAntimeridian(f.geometry);
      L.geoJSON(shapes, {
        style: { color: "#78909c", weight: 0.7, fillColor: "#fff", fillOpacity: 1 },
        interactive: false,
      }).addTo(map).bringToBack();
    }).catch(() => {});
    map.on("moveend", () => {
      const c = map.getCenter();
      state.map = map.getZoom() + "/" + c.lat.toFixed(3) + "/" + c.lng.toFixed(3);
      writeUrl(false);
    });
    if (state.map) restoreMap();
  }
  // A ring that crosses the antimeridian jumps from +180 to -180; drawn as is it becomes a
  // band across the whole map (Fiji, Chukotka). Unwrap each ring so no step exceeds 180°.
  function unwrapAntimeridian(geom) {
    if (!geom) return;
    const polys = geom.type === "Polygon" ? [geom.coordinates]
      : geom.type === "MultiPolygon" ? geom.coordinates : [];
    const near = (lon, ref) => { while (lon - ref > 180) lon -= 360; while (ref - lon > 180) lon += 360; return lon; };
    const anchor = polys.length && polys[0][0] && polys[0][0][0] ? polys[0][0][0][0] : 0;
    for (const poly of polys) {
      for (const ring of poly) {
        if (!ring.length) continue;
        // the parts of one country stay together (Fiji's islands on both sides of 180°)
        ring[0] = [near(ring[0][0], anchor), ring[0][1]];
        for (let i = 1; i < ring.length; i++) ring[i] = [near(ring[i][0], ring[i - 1][0]), ring[i][1]];
      }
    }
  }
  function restoreMap() {
    const m = (state.map || "").split("/").map(Number);
    if (m.length === 3 && m.every((v) => !isNaN(v))) { map.setView([m[1], m[2]], m[0]); fitNext = false; }
  }
  function drawMarkers(data) {
    if (!map) return;
    if (markerLayer) map.removeLayer(markerLayer);
    markers = new Map();
    selectedMarker = null;
    const pts = data.points;
    // events at one place are one counted marker (spiderfied when clicked at full zoom);
    // a large set also groups neighbours
    markerLayer = L.markerClusterGroup
      ? L.markerClusterGroup({ maxClusterRadius: pts.length > 200 ? 30 : 3, chunkedLoading: true })
      : L.featureGroup();
    if (markerLayer.on) markerLayer.on("animationend", () => markSelected(false));
    const list = [];
    for (const [id, lat, lon, type, killed, place] of pts) {
      const m = L.circleMarker([lat, lon], {
        radius: 5 + 2.5 * Math.sqrt(Math.min(killed, 400)), color: "#222", weight: 1,
        fillColor: color(type), fillOpacity: 0.8, className: "fp-marker",
      });
      m.bindTooltip(type + (place ? " — " + place : "") + (killed ? " · " + killed + " killed" : ""));
      m.on("click", () => select(id, "marker"));
      m.on("add", () => { const p = m.getElement(); if (p) p.dataset.eventId = id; });
      markers.set(id, m);
      list.push(m);
    }
    if (markerLayer.addLayers) markerLayer.addLayers(list); else list.forEach((m) => markerLayer.addLayer(m));
    markerLayer.addTo(map);
    if (fitNext && pts.length) {
      const b = L.latLngBounds(pts.map((p) => [p[1], p[2]]));
      map.fitBounds(b, { padding: [30, 30], maxZoom: 6, animate: false });
    }
    fitNext = false;
    $("unplaced").textContent = data.total ? data.unplaced + " of " + data.total +
      " have no place: listed in the table" + (data.points.length < data.located ? " · map shows the newest " + data.points.length : "") : "";
    markSelected();
  }
  function markSelected(pan) {
    if (selectedMarker) { selectedMarker.setStyle({ weight: 1, color: "#222" }); selectedMarker = null; }
    for (const n of document.querySelectorAll("#map .fp-cluster-selected")) n.classList.remove("fp-cluster-selected");
    const m = state.selected && markers.get(state.selected);
    if (!m || !map) return;
    selectedMarker = m;
    m.setStyle({ weight: 4, color: "#ffea00" });
    // a marker inside a cluster: ring the cluster that holds it (no zoom into a pile of
    // markers at one place); pan when it is off screen
    const shown = markerLayer.getVisibleParent ? markerLayer.getVisibleParent(m) : m;
    if (shown && shown !== m && shown._icon) shown._icon.classList.add("fp-cluster-selected");
    if (shown === m && m.bringToFront) m.bringToFront();
    const p = m.getElement && m.getElement();
    if (p) p.classList.add("fp-selected");
    if (pan && !map.getBounds().contains(m.getLatLng())) map.panTo(m.getLatLng());
  }
  function drawLegend(types) {
    const box = $("legend");
    box.replaceChildren("Type:");
    for (const t of types) {
      const sw = el("span", { class: "sw" });
      sw.style.background = color(t.type);
      box.append(sw, el("span", {}, t.type + " (" + t.count + ")"));
    }
    box.append(el("span", { class: "hint" }, "  size = fatalities · yellow ring = selected"));
  }

  // ------------------------------------------------------------------ timeline
  const timeline = window.FPTimeline.create({
    main: $("timeline"), overview: $("timeline-overview"), label: $("tl-label"),
    onBrush: (a, b) => {
      state.f.since = a || undefined; state.f.until = b || undefined;
      if (!a) { delete state.f.since; delete state.f.until; }
      state.page = 0; fitNext = true;
      fillForm(); writeUrl(true); loadAll(true);
    },
    onView: (a, b) => { state.tl = a + "," + b; writeUrl(false); },
  });

  // ------------------------------------------------------------------ table
  function dateLabel(e) {
    if (!e.date_start) return "no date";
    if (e.date_kind === "article") return "reported by " + (e.article_published || e.date_end);
    if (e.date_kind === "day" || e.date_start === e.date_end) return e.date_start;
    return e.date_start + " – " + e.date_end;
  }
  function drawTable(data) {
    const body = document.querySelector("#events-table tbody");
    body.replaceChildren();
    for (const e of data.events) {
      const killed = e.fatalities_best === null ? "" : e.fatalities_best;
      const row = el("tr", { "data-event-id": e.event_id, tabindex: "0" },
        el("td", { class: "date" }, dateLabel(e)), el("td", { class: "kind" }, e.date_kind === "article" ? "article" : (e.date_kind || "")),
        el("td", {}, e.plover_type || ""),
        el("td", {}, e.acled_sub_event_type || e.acled_event_type || ""),
        el("td", {}, e.actor1_name || ""), el("td", {}, e.actor2_name || ""),
        el("td", {}, e.location_name || (e.location_country ? "(" + e.location_country + ")" : "—")),
        el("td", {}, killed), el("td", {}, e.modality || ""), el("td", {}, e.n_sources));
      if (e.location_lat === null) row.classList.add("unplaced");
      if (e.event_id === state.selected) row.classList.add("selected");
      row.addEventListener("click", () => select(e.event_id, "row"));
      row.addEventListener("keydown", (k) => { if (k.key === "Enter") select(e.event_id, "row"); });
      body.append(row);
    }
    const first = data.total ? data.offset + 1 : 0, last = data.offset + data.events.length;
    $("page-label").textContent = " " + first + "–" + last + " of " + data.total + " ";
    $("prev").disabled = data.offset === 0;
    $("next").disabled = last >= data.total;
    for (const th of document.querySelectorAll("#events-table th[data-sort]")) {
      const on = th.dataset.sort === state.sort || (th.dataset.sort === "newest" && state.sort === "oldest");
      th.classList.toggle("sorted", on);
      th.dataset.dir = th.dataset.sort === "newest" ? (state.sort === "oldest" ? "▲" : "▼") : "▼";
    }
  }

  // ------------------------------------------------------------------ panel
  let selectSeq = 0;
  async function select(id, fromUser) {
    state.selected = id;
    const seq = ++selectSeq;
    for (const row of document.querySelectorAll("#events-table tbody tr")) {
      const on = row.dataset.eventId === id;
      row.classList.toggle("selected", on);
      if (on && fromUser === "marker") row.scrollIntoView({ block: "nearest" });
    }
    if (fromUser) writeUrl(true);
    markSelected(fromUser === "row");
    const panel = $("panel-body");
    document.body.classList.add("sheet-open");
    let d;
    try { d = await getJSON("/api/events/" + encodeURIComponent(id)); } catch (err) {
      panel.replaceChildren(el("p", { class: "hint" }, String(err))); return;
    }
    if (seq !== selectSeq) return;
    window.FPPanel.render(panel, d);
    document.body.dataset.selected = id;
  }
  function closePanel(fromHistory) {
    document.body.classList.remove("sheet-open");
    state.selected = null; markSelected();
    if (fromHistory !== true) writeUrl(true);
    delete document.body.dataset.selected;
    $("panel-body").replaceChildren(el("p", { class: "hint" }, "Select an event on the map or in the table."));
    for (const row of document.querySelectorAll("#events-table tbody tr.selected")) row.classList.remove("selected");
  }

  // ------------------------------------------------------------------ loading
  let loadSeq = 0;
  async function loadTable() {
    const seq = loadSeq;
    const p = apiParams();
    p.set("limit", String(PAGE)); p.set("offset", String(state.page * PAGE)); p.set("sort", state.sort);
    const data = await getJSON("/api/events?" + p);
    if (seq !== loadSeq) return;
    drawTable(data);
  }
  async function loadAll(keepView) {
    const seq = ++loadSeq;
    const t0 = performance.now();
    const q = apiParams();
    try {
      const undated = new URLSearchParams(q);  // the timeline shows every date, the brush the range
      undated.delete("since"); undated.delete("until");
      const ranged = q.has("since") || q.has("until");
      const [stats, pts, , whole] = await Promise.all([
        getJSON("/api/stats?" + q), getJSON("/api/points?" + q), loadTable(),
        ranged ? getJSON("/api/stats?" + undated) : null]);
      if (seq !== loadSeq) return;
      timeline.setData((whole || stats).by_day, keepView);
      timeline.setRange(state.f.since, state.f.until);
      drawLegend(stats.by_type);
      const plural = (n, w) => n + " " + w + (n === 1 ? "" : "s");
      $("count").textContent = plural(stats.total, "event") + " (" + plural(stats.clusters, "cluster") +
        ") · " + stats.fatalities + " killed";
      drawMarkers(pts);
      document.body.dataset.firstRenderMs = String(Math.round(performance.now() - t0));
      document.body.dataset.loaded = String(seq);
    } catch (err) {
      if (seq === loadSeq) showError(err);
    }
  }
  function showError(err) {
    $("count").textContent = "Error: " + (err && err.message ? err.message : String(err));
    document.body.dataset.loaded = "error";
    if (window.console) console.error(err);
  }
  async function loadFacets() {
    let f;
    try { f = await getJSON("/api/facets"); } catch (e) { return; }
    const fill = (id, items, value, label) => $(id).replaceChildren(
      ...items.map((it) => { const o = el("option", { value: value(it) }); if (label) o.label = label(it); return o; }));
    fill("country-list", f.countries, (c) => c.name, (c) => c.iso3 + " · " + c.n);
    fill("admin1-list", f.admin1, (a) => a.name);
    fill("actor-list", f.actors, (a) => a.name, (a) => String(a.n));
    const box = document.querySelector('.options[data-name="type"]');
    const chosen = new Set(state.f.type || []);
    const names = f.types.map((t) => t.name);
    for (const t of chosen) if (!names.includes(t)) names.push(t);
    box.replaceChildren(...names.map((n) => {
      const c = el("input", { type: "checkbox", value: n });
      c.checked = chosen.has(n);
      const count = f.types.find((t) => t.name === n);
      return el("label", {}, c, n + (count ? " (" + count.n + ")" : ""));
    }));
  }

  // ------------------------------------------------------------------ wiring
  $("filters").addEventListener("submit", (ev) => {
    ev.preventDefault();
    readForm(); state.page = 0; fitNext = true; fillForm(); writeUrl(true); loadAll(false);
  });
  $("filters").addEventListener("change", (ev) => {
    if (ev.target.closest(".options")) { readForm(); fillForm(); }
  });
  $("reset").addEventListener("click", () => {
    state.f = {}; state.page = 0; state.sort = "newest"; fitNext = true;
    fillForm(); writeUrl(true); loadAll(false);
  });
  $("download-format").addEventListener("change", updateDownload);
  $("clear-range").addEventListener("click", () => {
    delete state.f.since; delete state.f.until; state.page = 0; fitNext = true;
    fillForm(); writeUrl(true); loadAll(true);
  });
  $("tl-in").addEventListener("click", () => timeline.zoom(0.5));
  $("tl-out").addEventListener("click", () => timeline.zoom(2));
  $("tl-fit").addEventListener("click", () => timeline.fit());
  $("prev").addEventListener("click", () => { state.page = Math.max(0, state.page - 1); writeUrl(true); loadTable().catch(showError); });
  $("next").addEventListener("click", () => { state.page += 1; writeUrl(true); loadTable().catch(showError); });
  for (const th of document.querySelectorAll("#events-table th[data-sort]")) {
    th.addEventListener("click", () => {
      const s = th.dataset.sort;
      state.sort = s === "newest" && state.sort === "newest" ? "oldest" : s;
      state.page = 0; writeUrl(true); loadTable().catch(showError);
    });
  }
  $("close-panel").addEventListener("click", () => closePanel(false));
  $("toggle-filters").addEventListener("click", () => {
    const open = document.body.classList.toggle("filters-open");
    $("toggle-filters").setAttribute("aria-expanded", String(open));
  });
  window.addEventListener("popstate", () => {
    readUrl(); fillForm(); if (map && state.map) restoreMap();
    if (state.tl) { const [a, b] = state.tl.split(","); timeline.setView(a, b); }
    loadAll(true);
    if (state.selected) select(state.selected, false); else closePanel(true);
  });
  let resizeTimer = null;
  window.addEventListener("resize", () => { clearTimeout(resizeTimer); resizeTimer = setTimeout(() => timeline.redraw(), 150); });

  readUrl();
  fillForm();
  updateDownload();
  initMap();
  if (state.tl) { const [a, b] = state.tl.split(","); timeline.setView(a, b); }
  loadFacets().then(fillForm);
  loadAll(!!state.tl);
  if (state.selected) select(state.selected, false);
})();
