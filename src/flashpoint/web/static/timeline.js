// flashpoint timeline: counts (dated / "reported by") and fatalities per day, week or
// month as bars; the wheel zooms around the pointer, dragging on the chart selects a date
// range, the overview strip below pans (drag the window) or zooms (brush a new window).
// Only numbers and dates are drawn; labels are set with textContent.
"use strict";
window.FPTimeline = (function () {
  const DAY = 86400000, NS = "http://www.w3.org/2000/svg";
  const iso = (t) => new Date(t).toISOString().slice(0, 10);
  const node = (tag, attrs) => {
    const n = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs || {})) n.setAttribute(k, v);
    return n;
  };
  function bucketOf(span) { return span <= 120 * DAY ? "day" : span <= 2 * 366 * DAY ? "week" : "month"; }
  function floorTo(t, unit) {
    const d = new Date(t);
    if (unit === "day") return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
    if (unit === "week") {
      const day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
      return day - ((new Date(day).getUTCDay() + 6) % 7) * DAY;  // Monday
    }
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  }
  function nextOf(t, unit) {
    if (unit === "day") return t + DAY;
    if (unit === "week") return t + 7 * DAY;
    const d = new Date(t);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  }

  function create(opts) {
    const main = opts.main, over = opts.overview;
    const tl = { days: [], full: null, view: null, range: null, drag: null, label: opts.label };

    function width(svg) { return svg.clientWidth || svg.getBoundingClientRect().width || 600; }
    function setData(byDay, keepView) {
      tl.days = byDay.map((d) => ({ t: Date.parse(d.day), n: d.count, f: d.fatalities || 0,
                                    r: d.reported || 0 })).filter((d) => !isNaN(d.t));
      if (!tl.days.length) { tl.full = null; draw(); return; }
      const t0 = tl.days[0].t, t1 = tl.days[tl.days.length - 1].t + DAY;
      tl.full = [t0 - DAY, t1 + DAY];
      if (tl.pending) { tl.view = tl.pending; tl.pending = null; } else if (!keepView || !tl.view) tl.view = defaultView();
      draw();
    }
    // the span holding 99% of the events (a single mention of 1914 does not squash 2024)
    function defaultView() {
      const total = tl.days.reduce((s, d) => s + d.n, 0);
      let seen = 0, lo = tl.days[0].t;
      for (const d of tl.days) { seen += d.n; if (seen >= total * 0.01) { lo = d.t; break; } }
      const hi = tl.full[1];
      return [Math.min(lo - DAY, hi - 7 * DAY), hi];
    }
    function setView(a, b, quiet) {
      if (!tl.full) return;
      let span = Math.max(3 * DAY, b - a);
      const fullSpan = tl.full[1] - tl.full[0];
      span = Math.min(span, fullSpan * 1.2 + 14 * DAY);
      let mid = (a + b) / 2;
      const lo = tl.full[0] - span / 2, hi = tl.full[1] + span / 2;
      mid = Math.max(lo, Math.min(hi, mid));
      tl.view = [mid - span / 2, mid + span / 2];
      draw();
      if (!quiet && opts.onView) opts.onView(iso(tl.view[0]), iso(tl.view[1]));
    }
    function zoom(factor, at) {
      if (!tl.view) return;
      const [a, b] = tl.view, c = at === undefined ? (a + b) / 2 : at;
      setView(c - (c - a) * factor, c + (b - c) * factor);
    }
    function buckets(unit, from, to) {
      const map = new Map();
      for (const d of tl.days) {
        if (d.t < from - 40 * DAY || d.t > to + 40 * DAY) continue;
        const k = floorTo(d.t, unit);
        const b = map.get(k) || { t: k, n: 0, f: 0, r: 0 };
        b.n += d.n; b.f += d.f; b.r += d.r;
        map.set(k, b);
      }
      return [...map.values()].sort((x, y) => x.t - y.t);
    }
    function draw() {
      main.replaceChildren();
      over.replaceChildren();
      if (!tl.full) {
        main.removeAttribute("data-view-start"); main.removeAttribute("data-view-end");
        if (tl.label) tl.label.textContent = "no dated events";
        return;
      }
      const w = width(main), h = Number(main.getAttribute("height")) || 100, pad = 14;
      const [v0, v1] = tl.view, unit = bucketOf(v1 - v0);
      const x = (t) => ((t - v0) / (v1 - v0)) * w;
      main.dataset.viewStart = iso(v0); main.dataset.viewEnd = iso(v1); main.dataset.bucket = unit;
      const bs = buckets(unit, v0, v1);
      const inView = bs.filter((b) => nextOf(b.t, unit) > v0 && b.t < v1);
      const maxN = Math.max(1, ...inView.map((b) => b.n)), maxF = Math.max(1, ...inView.map((b) => b.f));
      const plotH = h - 2 * pad;
      for (const b of inView) {
        const x0 = x(b.t), bw = Math.max(1, x(nextOf(b.t, unit)) - x0 - 1);
        const dated = b.n - b.r, hd = (plotH * dated) / maxN, hr = (plotH * b.r) / maxN;
        const title = node("title");
        title.textContent = iso(b.t) + " (" + unit + "): " + b.n + " events (" + b.r +
          " known only as reported by this date), " + b.f + " killed";
        const g = node("g", { class: "tl-bucket", "data-day": iso(b.t), "data-count": b.n });
        g.append(title,
          node("rect", { x: x0, y: h - pad - hd, width: bw, height: hd, class: "tl-bar dated" }),
          node("rect", { x: x0, y: h - pad - hd - hr, width: bw, height: hr, class: "tl-bar reported" }));
        if (b.f > 0) {
          const fh = Math.max(1, (plotH * 0.9 * b.f) / maxF), fw = Math.max(1, bw / 3);
          g.append(node("rect", { x: x0 + bw - fw, y: h - pad - fh, width: fw, height: fh, class: "tl-bar killed" }));
        }
        main.append(g);
      }
      // axis: a few dates
      const ticks = Math.max(2, Math.min(6, Math.floor(w / 120)));
      for (let i = 0; i <= ticks; i++) {
        const t = v0 + ((v1 - v0) * i) / ticks;
        const label = node("text", { x: Math.max(0, Math.min(w - 62, x(t) - 30)), y: h - 2, class: "tl-tick" });
        label.textContent = unit === "month" ? iso(t).slice(0, 7) : iso(t);
        main.append(label);
      }
      const brush = node("rect", { class: "brush", y: 0, height: h - pad, width: 0, x: 0 });
      if (tl.range) {
        const a = x(Date.parse(tl.range[0])), b = x(Date.parse(tl.range[1]) + DAY);
        brush.setAttribute("x", Math.max(-1, a));
        brush.setAttribute("width", Math.max(1, Math.min(w + 1, b) - Math.max(-1, a)));
      }
      main.append(brush);
      const before = tl.days.filter((d) => d.t < v0).reduce((s, d) => s + d.n, 0);
      const after = tl.days.filter((d) => d.t >= v1).reduce((s, d) => s + d.n, 0);
      if (tl.label) {
        tl.label.textContent = iso(v0) + " – " + iso(v1) + " · per " + unit +
          (before ? " · " + before + " earlier off view" : "") + (after ? " · " + after + " later off view" : "");
      }
      drawOverview();
    }
    function drawOverview() {
      const w = width(over), h = Number(over.getAttribute("height")) || 24;
      const [f0, f1] = tl.full, unit = bucketOf(f1 - f0);
      const x = (t) => ((t - f0) / (f1 - f0)) * w;
      const bs = buckets(unit, f0, f1), maxN = Math.max(1, ...bs.map((b) => b.n));
      for (const b of bs) {
        const bh = Math.max(1, ((h - 4) * b.n) / maxN);
        over.append(node("rect", { x: x(b.t), y: h - bh, width: Math.max(1, x(nextOf(b.t, unit)) - x(b.t)), height: bh, class: "ov-bar" }));
      }
      const a = Math.max(0, x(tl.view[0])), b = Math.min(w, x(tl.view[1]));
      over.append(node("rect", { class: "ov-window", x: a, y: 0, width: Math.max(3, b - a), height: h }));
    }
    function timeAt(svg, px, span) {
      return span[0] + (px / width(svg)) * (span[1] - span[0]);
    }
    const pxOf = (svg, ev) => Math.max(0, Math.min(width(svg), ev.clientX - svg.getBoundingClientRect().left));

    main.addEventListener("wheel", (ev) => {
      if (!tl.view) return;
      ev.preventDefault();
      zoom(ev.deltaY > 0 ? 1.25 : 0.8, timeAt(main, pxOf(main, ev), tl.view));
    }, { passive: false });
    main.addEventListener("pointerdown", (ev) => {
      if (!tl.view) return;
      tl.drag = { a: pxOf(main, ev) };
      main.setPointerCapture(ev.pointerId);
    });
    main.addEventListener("pointermove", (ev) => {
      if (!tl.drag) return;
      const b = pxOf(main, ev), brush = main.querySelector(".brush");
      brush.setAttribute("x", Math.min(tl.drag.a, b));
      brush.setAttribute("width", Math.abs(b - tl.drag.a));
    });
    main.addEventListener("pointerup", (ev) => {
      if (!tl.drag) return;
      const a = tl.drag.a, b = pxOf(main, ev);
      tl.drag = null;
      if (Math.abs(b - a) < 3) { opts.onBrush(null, null); return; }
      opts.onBrush(iso(timeAt(main, Math.min(a, b), tl.view)),
                   iso(timeAt(main, Math.max(a, b), tl.view) - 1));
    });
    over.addEventListener("pointerdown", (ev) => {
      if (!tl.full) return;
      const px = pxOf(over, ev), t = timeAt(over, px, tl.full);
      const inside = t >= tl.view[0] && t <= tl.view[1];
      tl.odrag = { px, t, inside, view: tl.view.slice() };
      over.setPointerCapture(ev.pointerId);
    });
    over.addEventListener("pointermove", (ev) => {
      if (!tl.odrag) return;
      const t = timeAt(over, pxOf(over, ev), tl.full), d = tl.odrag;
      if (d.inside) setView(d.view[0] + (t - d.t), d.view[1] + (t - d.t), true);
      else if (Math.abs(t - d.t) > DAY) setView(Math.min(t, d.t), Math.max(t, d.t), true);
    });
    over.addEventListener("pointerup", () => {
      if (!tl.odrag) return;
      tl.odrag = null;
      if (opts.onView) opts.onView(iso(tl.view[0]), iso(tl.view[1]));
    });
    return {
      setData,
      setView: (a, b) => {
        const v = [Date.parse(a), Date.parse(b) + DAY];
        if (isNaN(v[0]) || isNaN(v[1]) || v[1] <= v[0]) return;
        if (tl.full) setView(v[0], v[1], true); else tl.pending = v;
      },
      zoom, fit: () => { if (tl.full) setView(tl.full[0], tl.full[1]); },
      setRange: (a, b) => { tl.range = a && b ? [a, b] : null; draw(); },
      redraw: draw, view: () => (tl.view ? [iso(tl.view[0]), iso(tl.view[1])] : null),
    };
  }
  return { create };
})();
