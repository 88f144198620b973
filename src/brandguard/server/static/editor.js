// brandguard's editor page: checks the post as you type (POST /v1/check, debounced),
// highlights each finding's span, lists the findings, applies a safe fix on a click.
// Offsets: JavaScript strings count UTF-16 code units, so spans use utf16_start/utf16_end.
"use strict";

(function () {
  const DEBOUNCE_MS = 350;
  // Built-in channel limits (brandguard's format pack; the policy's channels: override them).
  const CHANNELS = {
    linkedin: {max_chars: 3000, fold: 210},
    x: {max_chars: 280, fold: null},
    instagram: {max_chars: 2200, fold: 125},
    facebook: {max_chars: 63206, fold: 125},
    other: {max_chars: null, fold: null},
  };
  const L = {
    error: "fejl", warning: "advarsel", info: "info",
    pass: "Godkendt", warn: "Ret gerne", block: "Blokeret",
    whole: "hele opslaget", suggest: "Forslag", apply: "Ret",
    characters: "tegn", xweight: "X-vægt", fold: "»se mere« efter",
    narrative: "fortælling", tone: "tone", language: "sprog", spam: "spam",
    compliance: "regler og lov", format: "format", internal: "intern",
    none: "Ingen bemærkninger.", checking: "Tjekker …", empty: "Skriv et opslag for at få det tjekket.",
    needKey: "Serveren kræver en API-nøgle: skriv den i feltet API-nøgle.",
    failed: "Opslaget kunne ikke tjekkes: ",
  };

  const $ = (id) => document.getElementById(id);
  const text = $("text"), backdrop = $("backdrop"), list = $("list"), empty = $("empty");
  const channel = $("channel"), author = $("author"), apiKey = $("api-key"), lang = $("lang");
  const score = $("score"), verdict = $("verdict"), counts = $("counts"), error = $("error");
  let limits = JSON.parse(JSON.stringify(CHANNELS));
  let timer = null, seq = 0, controller = null, report = null, checkedText = "";

  // --- X's weighted length (twitter-text v3: a link 23, an emoji 2, Latin 1, others 2) ---
  const LIGHT = [[0x0000, 0x10FF], [0x2000, 0x200D], [0x2010, 0x201F], [0x2032, 0x2037]];
  const URL_RE = /\bhttps?:\/\/[^\s<>"]+|\bwww\.[^\s<>"]+/giu;
  const EMOJI_RE = /\p{Extended_Pictographic}/u;
  function charWeight(cp) {
    for (const [lo, hi] of LIGHT) if (cp >= lo && cp <= hi) return 1;
    return 2;
  }
  function xWeight(s) {
    let total = 0, pos = 0;
    const urls = [];
    for (const m of s.matchAll(URL_RE)) {
      const url = m[0].replace(/[.,;:!?)»"']+$/u, "");
      urls.push([m.index, m.index + url.length]);
    }
    const seg = typeof Intl !== "undefined" && Intl.Segmenter ? new Intl.Segmenter("da", {granularity: "grapheme"}) : null;
    const count = (part) => {
      if (!part) return;
      const graphemes = seg ? Array.from(seg.segment(part), (g) => g.segment) : Array.from(part);
      for (const g of graphemes) {
        if (EMOJI_RE.test(g)) total += 2;
        else for (const ch of g) total += charWeight(ch.codePointAt(0));
      }
    };
    for (const [a, b] of urls) { count(s.slice(pos, a)); total += 23; pos = b; }
    count(s.slice(pos));
    return total;
  }

  // Python counts code points; the fold is a code-point index: convert to UTF-16 units.
  function utf16Index(s, codePoints) {
    let i = 0, n = 0;
    while (i < s.length && n < codePoints) {
      const cp = s.codePointAt(i);
      i += cp > 0xFFFF ? 2 : 1;
      n += 1;
    }
    return i;
  }

  function esc(s) {
    return s.replace(/[&<>"']/g, (c) => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c]));
  }

  // --- drawing -------------------------------------------------------------------------

  function drawBackdrop() {
    const value = text.value;
    const spans = [];
    if (report && checkedText === value) {
      report.findings.forEach((f, i) => {
        if (f.span && f.span.utf16_end > f.span.utf16_start) spans.push([f.span.utf16_start, f.span.utf16_end, f.severity, i]);
      });
    }
    const lim = limits[channel.value] || {};
    let fold = null;
    if (lim.fold != null) {
      const at = utf16Index(value, lim.fold);
      if (at < value.length) fold = at;
    }
    // One sweep over the span boundaries (linear in the spans, however many overlap).
    const events = [];
    spans.forEach(([a, b, sev, i]) => { events.push([a, 1, sev, i]); events.push([b, -1, sev, i]); });
    if (fold !== null) events.push([fold, 0, null, -1]);
    events.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
    const active = new Map();
    const bySev = {info: 0, warning: 0, error: 0};
    let out = "", pos = 0;
    const flush = (to) => {
      if (to <= pos) return;
      const piece = esc(value.slice(pos, to));
      if (active.size) {
        const sev = bySev.error ? "error" : bySev.warning ? "warning" : "info";
        out += `<mark class="sev-${sev}" data-f="${Array.from(active.keys()).join(" ")}">${piece}</mark>`;
      } else {
        out += piece;
      }
      pos = to;
    };
    for (const [at, kind, sev, i] of events) {
      flush(at);
      if (kind === 0) out += '<span class="fold"></span>';
      else if (kind === 1) { active.set(i, sev); bySev[sev] += 1; }
      else if (active.delete(i)) bySev[sev] -= 1;
    }
    flush(value.length);
    // A final newline needs a character after it to take up its line.
    backdrop.innerHTML = out + "\u200b";
    backdrop.scrollTop = text.scrollTop;
  }

  function drawCounts() {
    const value = text.value;
    const lim = limits[channel.value] || {};
    const parts = [];
    const chars = Array.from(value).length;
    if (channel.value === "x") {
      const w = xWeight(value);
      const max = lim.max_chars;
      parts.push(`<span id="x-weight" class="${max != null && w > max ? "over" : ""}">${L.xweight}: ${w}${max != null ? " / " + max : ""}</span>`);
    } else {
      const max = lim.max_chars;
      parts.push(`<span id="char-count" class="${max != null && chars > max ? "over" : ""}">${chars}${max != null ? " / " + max : ""} ${L.characters}</span>`);
    }
    if (lim.fold != null) parts.push(`<span id="fold-info">${L.fold} ${lim.fold} ${L.characters}</span>`);
    counts.innerHTML = parts.join(" · ");
  }

  function drawReport() {
    list.innerHTML = "";
    if (!report) {
      score.textContent = "–"; score.className = "score";
      verdict.textContent = L.empty;
      empty.hidden = false; empty.textContent = L.none;
      return;
    }
    score.textContent = String(report.score);
    score.className = "score " + report.verdict;
    score.setAttribute("aria-label", "Score " + report.score + " af 100");
    verdict.textContent = L[report.verdict] || report.verdict;
    verdict.dataset.verdict = report.verdict;
    empty.hidden = report.findings.length > 0;
    empty.textContent = L.none;
    report.findings.forEach((f, i) => {
      const li = document.createElement("li");
      li.className = "sev-" + f.severity;
      li.dataset.rule = f.rule_id;
      li.dataset.index = String(i);
      const where = f.span ? `<span class="quote">${esc(f.span.text)}</span>` : `<em>${L.whole}</em>`;
      let html = `<div class="meta"><span class="badge">${L[f.severity]}</span><span>${esc(L[f.category] || f.category)}</span><span>${esc(f.rule_id)}</span></div>`;
      html += `<p class="msg">${esc(f.message)}</p><div class="where">${where}</div>`;
      const fixable = f.safe_fix && f.span && f.suggestion !== null;
      if (f.suggestion && !fixable) html += `<div class="sug"><b>${L.suggest}:</b> ${esc(f.suggestion)}</div>`;
      li.innerHTML = html;
      if (fixable) {
        const b = document.createElement("button");
        b.type = "button";
        b.className = "fix";
        b.textContent = `${L.apply}: »${f.span.text}« → »${f.suggestion}«`;
        b.setAttribute("aria-label", `${L.apply} »${f.span.text}« til »${f.suggestion}«`);
        b.addEventListener("click", () => applyFix(f));
        li.appendChild(b);
      }
      li.addEventListener("mouseenter", () => highlight(i, true));
      li.addEventListener("mouseleave", () => highlight(i, false));
      li.addEventListener("focusin", () => highlight(i, true));
      li.addEventListener("focusout", () => highlight(i, false));
      list.appendChild(li);
    });
  }

  function highlight(i, on) {
    backdrop.querySelectorAll("mark").forEach((m) => {
      if ((m.dataset.f || "").split(" ").includes(String(i))) m.classList.toggle("active", on);
    });
  }

  function applyFix(f) {
    const value = text.value;
    const a = f.span.utf16_start, b = f.span.utf16_end;
    if (value.slice(a, b) !== f.span.text) return schedule(0);  // the text changed meanwhile
    text.value = value.slice(0, a) + f.suggestion + value.slice(b);
    const caret = a + f.suggestion.length;
    text.focus();
    text.setSelectionRange(caret, caret);
    report = null;
    drawAll();
    schedule(0);
  }

  function drawAll() { drawBackdrop(); drawCounts(); drawReport(); }

  // --- checking ------------------------------------------------------------------------
  function schedule(delay) {
    clearTimeout(timer);
    timer = setTimeout(check, delay);
  }

  async function check() {
    const value = text.value;
    if (!value.trim()) { report = null; checkedText = ""; error.hidden = true; drawAll(); return; }
    const mine = ++seq;
    if (controller) controller.abort();
    controller = new AbortController();
    verdict.textContent = L.checking;
    const post = {text: value, channel: channel.value};
    const who = author.value.trim();
    if (who) post.author = {id: who};
    const headers = {"Content-Type": "application/json"};
    if (apiKey.value) headers.Authorization = "Bearer " + apiKey.value;
    try {
      const res = await fetch("/v1/check?lang=" + encodeURIComponent(lang.value), {method: "POST", headers, body: JSON.stringify(post), signal: controller.signal});
      const body = await res.json();
      if (mine !== seq) return;
      if (!res.ok) {
        if (res.status === 401) $("key-box").hidden = false;
        report = null;
        error.textContent = res.status === 401 ? L.needKey : L.failed + (body.detail || res.status);
        error.hidden = false;
        drawAll();
        return;
      }
      error.hidden = true;
      report = body;
      checkedText = value;
      drawAll();
    } catch (e) {
      if (e.name === "AbortError") return;
      error.textContent = L.failed + e.message;
      error.hidden = false;
    }
  }

  async function loadLimits() {
    try {
      const headers = apiKey.value ? {Authorization: "Bearer " + apiKey.value} : {};
      const res = await fetch("/v1/policy", {headers});
      if (!res.ok) return;
      const policy = await res.json();
      for (const [name, over] of Object.entries(policy.channels || {})) {
        limits[name] = Object.assign({}, limits[name] || {});
        for (const key of ["max_chars", "fold"]) if (over[key] != null) limits[name][key] = over[key];
      }
      drawBackdrop(); drawCounts();
    } catch (e) { /* the built-in limits stay */ }
  }

  text.addEventListener("input", () => { drawBackdrop(); drawCounts(); schedule(DEBOUNCE_MS); });
  text.addEventListener("scroll", () => { backdrop.scrollTop = text.scrollTop; });
  channel.addEventListener("change", () => { report = null; drawAll(); schedule(0); });
  author.addEventListener("change", () => schedule(0));
  lang.addEventListener("change", () => schedule(0));
  apiKey.addEventListener("change", () => { loadLimits(); schedule(0); });
  if (typeof ResizeObserver !== "undefined") {
    new ResizeObserver(() => { backdrop.style.height = text.offsetHeight + "px"; }).observe(text);
  }
  drawAll();
  loadLimits();
  if (text.value.trim()) schedule(0);
})();
