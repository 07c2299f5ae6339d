// flashpoint event panel: the event's fields, the modality in words with its speaker, the
// denials with the denial sentence highlighted, where the cluster's sources disagree, and
// every source's evidence sentence. Data is inserted only as text nodes.
"use strict";
window.FPPanel = (function () {
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
  const safeUrl = (u) => (typeof u === "string" && /^https?:\/\//i.test(u) ? u : null);

  // text with marked spans [{start, end, kind}] (non-overlapping, sorted)
  function marked(text, spans, cls) {
    const box = el(cls === "denial" ? "blockquote" : "blockquote", { class: cls || "evidence" });
    let at = 0;
    for (const h of spans || []) {
      if (h.start < at || h.end > text.length) continue;
      box.append(document.createTextNode(text.slice(at, h.start)));
      box.append(el("mark", { class: "hl-" + h.kind, title: h.field || h.kind }, text.slice(h.start, h.end)));
      at = h.end;
    }
    box.append(document.createTextNode(text.slice(at)));
    return box;
  }
  function denialBlock(d) {
    const sentence = el("mark", { class: "hl-denial" });
    const q = marked(d.sentence || "", d.highlights, "denial-text");
    sentence.append(...q.childNodes);
    return el("div", { class: "denial" },
      el("strong", { class: "denial-who" }, d.words + ":"), " ",
      el("blockquote", { class: "denial-sentence" }, sentence));
  }
  function render(panel, d) {
    const ev = d.event, c = d.cluster;
    const part = (o, k) => (o && o[k] !== null && o[k] !== undefined ? o[k] : "");
    const f = ev.fatalities;
    const fat = f ? f.best + (f.low !== f.high ? " (" + f.low + "–" + f.high + ")" : "") : "";
    const loc = ev.location;
    const place = loc ? [...new Set([loc.name, loc.admin1, loc.country].filter(Boolean))].join(", ") +
      (loc.precision ? " · geo precision " + loc.precision : "") : "no place";
    const dateWords = d.date.label + (d.date.text ? " (“" + d.date.text + "”)" : "") +
      (d.date.kind ? " · known to: " + (d.date.kind === "article" ? "the article only" : d.date.kind) : "");
    const nodes = [
      el("h2", {}, ev.plover.type + (ev.acled ? " · " + ev.acled.sub_event_type : "")),
      el("dl", {},
        el("dt", {}, "actor 1"), el("dd", {}, part(ev.actor1, "name")),
        el("dt", {}, "actor 2"), el("dd", {}, part(ev.actor2, "name")),
        el("dt", {}, "place"), el("dd", { class: "place" }, place),
        el("dt", {}, "date"), el("dd", { class: "date" }, dateWords),
        el("dt", {}, "fatalities"), el("dd", {}, fat),
        el("dt", {}, "modality"), el("dd", { class: "modality" }, d.modality_words),
        el("dt", {}, "corroboration"), el("dd", { class: "corroboration" },
          d.n_sources + " source" + (d.n_sources === 1 ? "" : "s") +
          (c && c.modalities ? " · modalities " + c.modalities.join(", ") : "")),
      ),
    ];
    if (d.denials && d.denials.length) {
      nodes.push(el("div", { class: "denials" }, ...d.denials.map(denialBlock)));
    }
    if (d.disagreements && d.disagreements.length) {
      nodes.push(el("div", { class: "conflict", role: "note" },
        el("strong", {}, "Sources disagree"),
        ...d.disagreements.map((x) => el("div", { class: "conflict-" + x.kind }, x.text))));
    }
    nodes.push(el("h3", {}, "Evidence"));
    panel.replaceChildren(...nodes);
    for (const s of d.sources) {
      const url = safeUrl(s.url);
      const head = el("div", { class: "source-head" },
        el("strong", { class: "source-title" }, s.title || s.article_id),
        s.source ? " — " + s.source : null, s.published ? " · " + s.published : null,
        " · " + (s.modality_words || s.modality || ""));
      const link = url ? el("a", { href: url, rel: "noopener noreferrer", target: "_blank" }, url)
        : (s.url ? el("span", { class: "url" }, s.url) : null);
      const own = s.event_id === ev.event_id ? [] : (s.denials || []).map(denialBlock);
      panel.append(el("div", { class: "source", "data-event-id": s.event_id },
        head, el("div", { class: "source-date hint" }, "date: " + s.date.label),
        marked((s.evidence && s.evidence.sentence) || "", s.highlights), ...own, link));
    }
  }
  return { render, el };
})();
