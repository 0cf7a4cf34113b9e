// The scoring grid's front end: one ES module for anywidget, no dependencies, nothing fetched.
// A piano roll on the cue's own clock (seconds across, bar lines where the tempo map puts them),
// the scene on it (hits, dialogue, the cue's in and out), a still of the animatic at the playhead,
// and the cue's sound. Every user string reaches the page through textContent, never as HTML.

const CSS = `
.sg{--bg:#14171c;--panel:#1c2128;--edge:#30363d;--text:#e6edf3;--muted:#a8b3bf;--accent:#ffd33d;
  font:13px/1.35 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--text);background:var(--bg);
  border:1px solid var(--edge);border-radius:8px;padding:10px;box-sizing:border-box;max-width:100%}
.sg *{box-sizing:border-box}
.sg-top{display:flex;gap:12px;align-items:stretch;margin-bottom:8px}
.sg-controls{flex:1;display:flex;flex-direction:column;gap:7px;min-width:0}
.sg-row{display:flex;flex-wrap:wrap;gap:6px 12px;align-items:center}
.sg-title{font-weight:650;font-size:14px;margin-right:4px}
.sg-scene{color:var(--muted)}
.sg button,.sg select,.sg input{font:inherit;color:var(--text)}
.sg button,.sg select{background:#2a313a;border:1px solid #4a535e;border-radius:5px;padding:4px 9px;cursor:pointer}
.sg button:hover,.sg select:hover{background:#353e49}
.sg button:disabled{opacity:.45;cursor:default}
.sg button.sg-go{background:#1f7a34;border-color:#2ea043;font-weight:650;min-width:84px}
.sg button.sg-go[aria-pressed=true]{background:#9e3a19;border-color:#d1552a}
.sg button.sg-pic{background:#1d4f91;border-color:#3b7fd6;font-weight:650}
.sg button.sg-pic[aria-pressed=true]{background:#9e3a19;border-color:#d1552a}
.sg :focus-visible{outline:2px solid var(--accent);outline-offset:1px}
.sg label{display:inline-flex;gap:6px;align-items:center;color:var(--muted)}
.sg input[type=range]{width:110px;accent-color:#58a6ff}
.sg select{max-width:230px}
.sg-clock{font:650 15px/1 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#0b0e12;
  border:1px solid var(--edge);border-radius:5px;padding:6px 9px;color:#7ee787;letter-spacing:.02em}
.sg-clock b{color:var(--text);font-weight:650;margin-right:10px}
.sg-chips{display:flex;flex-wrap:wrap;gap:5px}
.sg .sg-chip{display:inline-flex;align-items:center;gap:6px;padding:2px 8px;font-size:12px;background:#20262e}
.sg .sg-chip[aria-pressed=true]{background:#2f3945;border-color:#c9d1d9}
.sg-chip i{width:11px;height:11px;border-radius:2px;display:inline-block}
.sg-monitor{margin:0;width:258px;flex:none;align-self:flex-start;background:#000;border:1px solid var(--edge);border-radius:6px;overflow:hidden;
  display:flex;flex-direction:column}
.sg-monitor [hidden]{display:none!important}
.sg-monitor img,.sg-monitor video{display:block;width:256px;height:144px;object-fit:contain;background:#000}
.sg-monitor figcaption{font:11.5px/1.3 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;color:var(--muted);
  padding:4px 7px;display:flex;justify-content:space-between;gap:6px;background:#0b0e12}
.sg-stale{color:#f0b429}
.sg-waiting{width:256px;height:144px;display:flex;align-items:center;justify-content:center;color:var(--muted);font-size:12px}
.sg-scroll{position:relative;overflow:auto;height:418px;border:1px solid var(--edge);border-radius:6px;background:#101318;
  overscroll-behavior:contain}
.sg-canvas{position:sticky;left:0;top:0;display:block;touch-action:none;outline:none}
.sg .sg-canvas:focus-visible{outline:none}
.sg-summary{margin:7px 0 0;color:var(--muted);font-size:12.5px}
.sg-message{margin:4px 0 0;min-height:1.35em;color:#ff8b80;font-weight:650}
.sg-status{color:#79c0ff;margin-left:auto;font-size:12px}
.sg-keys{color:var(--muted);font-size:11.5px}
.sg-sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
`;

const LAYER_COLOURS = ["#4ea1ff", "#ff9f43", "#3ddc84", "#ff6bcb", "#b39dff", "#ffd166", "#2ee6d6", "#ff6b6b"];
const ROW = 14, KEYS = 60, RULER = 26, LANE = 42, HEAD = RULER + LANE, VIEW = 400;
const SNAP_STEPS = { eighth: 0.5, sixteenth: 0.25, off: 1 / 16 };
const SNAP_LABELS = { beat: "beat", eighth: "eighth (♪)", sixteenth: "sixteenth (♬)", off: "off" };
const BLACK = new Set([1, 3, 6, 8, 10]);

function h(tag, attrs = {}, ...kids) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else node.setAttribute(k, v === true ? "" : String(v));
  }
  for (const kid of kids) node.append(kid);
  return node;
}

function bsearch(list, value, key) {
  // the last index i with key(list[i]) <= value (0 if none)
  let lo = 0, hi = list.length - 1, at = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (key(list[mid]) <= value) { at = mid; lo = mid + 1; } else hi = mid - 1;
  }
  return at;
}

const pad2 = (n) => String(n).padStart(2, "0");

function render({ model, el }) {
  // ------------------------------------------------------------------ the page
  const root = h("div", { class: "sg" });
  root.append(h("style", { text: CSS }));
  const title = h("span", { class: "sg-title" });
  const sceneName = h("span", { class: "sg-scene" });
  const status = h("span", { class: "sg-status", "aria-live": "polite" });
  const play = h("button", { class: "sg-go", type: "button", "aria-pressed": "false",
    "aria-label": "Play the cue alone (space)", title: "Play the cue alone (space)", text: "▶ Play" });
  const withPicture = h("button", { class: "sg-pic", type: "button", "aria-pressed": "false",
    "aria-label": "Play the cue against the animatic (rendered by the kernel on request)",
    title: "Play against the animatic (rendered on request)", text: "▶ With picture" });
  const stop = h("button", { type: "button", "aria-label": "Stop and go back to the cue's start",
    title: "Stop and go back to the start", text: "■ Stop" });
  const clock = h("span", { class: "sg-clock", role: "timer", "aria-label": "playhead position" });
  const layerSelect = h("select", { "aria-label": "Layer to edit" });
  const instrument = h("select", { "aria-label": "Instrument of the layer" });
  const addLayer = h("button", { type: "button", text: "+ Layer", "aria-label": "Add a layer" });
  const dropLayer = h("button", { type: "button", text: "− Layer", "aria-label": "Remove this layer (only when it is empty)" });
  const snap = h("select", { "aria-label": "Snap notes to" });
  for (const [value, label] of Object.entries(SNAP_LABELS)) snap.append(h("option", { value, text: label }));
  const zoom = h("input", { type: "range", min: "8", max: "400", step: "1", "aria-label": "Zoom (pixels per second)" });
  const remove = h("button", { type: "button", text: "Delete", "aria-label": "Delete the selected notes (Delete key)" });
  const undo = h("button", { type: "button", text: "↶ Undo", "aria-label": "Undo (Ctrl+Z)" });
  const chips = h("div", { class: "sg-chips", role: "group", "aria-label": "Layers" });
  const still = h("img", { alt: "the animatic at the playhead", width: "256", height: "144", hidden: true });
  const waiting = h("div", { class: "sg-waiting", text: "the picture is being prepared…" });
  const video = h("video", { playsinline: true, preload: "auto", hidden: true, "aria-label": "the animatic with the cue" });
  const tc = h("span", { text: "--:--:--:--" });
  const stale = h("span", { class: "sg-stale" });
  const monitor = h("figure", { class: "sg-monitor" }, waiting, still, video, h("figcaption", {}, tc, stale));
  const canvas = h("canvas", { class: "sg-canvas", tabindex: "0", role: "application",
    "aria-roledescription": "scoring grid", "data-lm-suppress-shortcuts": "true" });
  const spacer = h("div", {}, canvas);
  const scroller = h("div", { class: "sg-scroll" }, spacer);
  const summary = h("p", { class: "sg-summary", "aria-live": "polite" });
  const message = h("p", { class: "sg-message", role: "alert" });
  const audio = h("audio", { preload: "auto", "aria-label": "the cue's sound" });
  const help = h("span", { class: "sg-keys",
    text: "click or Enter: add · drag: move · drag the right edge: lengthen · double-click or Delete: remove · "
      + "arrows: move (Shift: by a bar or an octave) · Ctrl+Z: undo · space: play" });

  root.append(
    h("div", { class: "sg-top" },
      h("div", { class: "sg-controls" },
        h("div", { class: "sg-row" }, title, sceneName, status),
        h("div", { class: "sg-row" }, play, withPicture, stop, clock),
        h("div", { class: "sg-row" }, h("label", {}, "Layer", layerSelect), h("label", {}, "Instrument", instrument),
          addLayer, dropLayer),
        h("div", { class: "sg-row" }, h("label", {}, "Snap", snap), h("label", {}, "Zoom", zoom), remove, undo),
        chips),
      monitor),
    scroller, summary, message, help, audio);
  el.append(root);
  const ctx = canvas.getContext("2d");
  const hatch = (() => {
    const tile = document.createElement("canvas");
    tile.width = tile.height = 10;
    const g = tile.getContext("2d");
    g.strokeStyle = "rgba(240,136,62,0.22)"; g.lineWidth = 1.5;
    g.beginPath(); g.moveTo(0, 10); g.lineTo(10, 0); g.stroke();
    return ctx.createPattern(tile, "repeat");
  })();

  // ------------------------------------------------------------------ state
  const st = {
    notes: [], sel: new Set(), drag: null, hover: null, playhead: 0, playing: null, pps: 60,
    history: [], future: [], lastEdit: 0, wantPicture: false, raf: 0, urls: {}, frame: -1, sized: false,
  };
  let tl = model.get("timeline");
  let layers = model.get("layers");

  // ------------------------------------------------------------------ the clock: beats <-> seconds
  const pts = () => tl.points;
  function b2s(b) {
    const p = pts();
    const i = bsearch(p, b, (q) => q[0]);
    const j = Math.min(i + 1, p.length - 1);
    const [b0, s0] = p[i], [b1, s1] = p[j];
    if (j === i || b1 === b0) {
      const [pb, ps] = p[Math.max(0, i - 1)];
      return b0 === pb ? s0 : s0 + (b - b0) * (s0 - ps) / (b0 - pb);
    }
    return s0 + (b - b0) * (s1 - s0) / (b1 - b0);
  }
  function s2b(s) {
    const p = pts();
    const i = bsearch(p, s, (q) => q[1]);
    const j = Math.min(i + 1, p.length - 1);
    const [b0, s0] = p[i], [b1, s1] = p[j];
    if (j === i || s1 === s0) return b0;
    if (b1 === b0) return b0;                    // inside a hold: the clock stands still
    return b0 + (s - s0) * (b1 - b0) / (s1 - s0);
  }
  const barAt = (b) => (b >= tl.length - 1e-9 ? [tl.length, tl.end_bar, tl.bars[tl.bars.length - 1][2], ""]
    : tl.bars[bsearch(tl.bars, b + 1e-9, (q) => q[0])]);
  const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;
  const unitAt = (b) => barAt(b)[2];
  function barLength(b) {
    const i = bsearch(tl.bars, b + 1e-9, (q) => q[0]);
    return (i + 1 < tl.bars.length ? tl.bars[i + 1][0] : tl.length) - tl.bars[i][0];
  }
  function step(b) { return model.get("snap") === "beat" ? unitAt(b) : SNAP_STEPS[model.get("snap")]; }
  function snapTo(b, how) {
    const bar = barAt(b), s = step(b), k = (b - bar[0]) / s;
    const n = how === "floor" ? Math.floor(k + 1e-9) : how === "ceil" ? Math.ceil(k - 1e-9) : Math.round(k);
    return Math.max(0, bar[0] + n * s);
  }
  function barBeat(b) {
    const bar = barAt(b);
    return `${bar[1]}|${Math.floor((b - bar[0]) / bar[2] + 1e-6) + 1}`;
  }
  function timecode(t) {
    const nominal = Math.round(tl.fps);
    let f = tl.tc_frames + Math.round(t * tl.real_fps);
    if (tl.drop_frame) {
      const d = Math.floor(f / 17982), m = f % 17982;
      f += 18 * d + (m > 1 ? 2 * Math.floor((m - 2) / 1798) : 0);
    }
    const ff = f % nominal, ss = Math.floor(f / nominal) % 60, mm = Math.floor(f / (nominal * 60)) % 60;
    return `${pad2(Math.floor(f / (nominal * 3600)))}:${pad2(mm)}:${pad2(ss)}${tl.drop_frame ? ";" : ":"}${pad2(ff)}`;
  }

  // ------------------------------------------------------------------ geometry
  const sx = () => scroller.scrollLeft, sy = () => scroller.scrollTop;
  const X = (t) => KEYS + t * st.pps - sx();
  const T = (x) => (x - KEYS + sx()) / st.pps;
  const Y = (p) => HEAD + (127 - p) * ROW - sy();
  const P = (y) => 127 - Math.floor((y - HEAD + sy()) / ROW);
  const colour = (i) => LAYER_COLOURS[i % LAYER_COLOURS.length];
  const active = () => Math.min(model.get("layer"), layers.length - 1);
  const names = () => tl.names;

  function size() {
    const w = Math.max(320, scroller.clientWidth), dpr = window.devicePixelRatio || 1;
    canvas.width = Math.round(w * dpr);
    canvas.height = Math.round(VIEW * dpr);
    canvas.style.width = `${w}px`;
    canvas.style.height = `${VIEW}px`;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    spacer.style.width = `${KEYS + tl.seconds * st.pps + 40}px`;
    spacer.style.height = `${HEAD + 128 * ROW}px`;
    canvas.dataset.pixelsPerSecond = String(st.pps);     // for tests and tools: where a time is drawn
  }
  function showLayer() {
    // bring the active layer's notes into view when none of them is on screen
    const mine = st.notes.filter((r) => r[0] === active());
    if (!mine.length) return;
    const top = sy() + HEAD, bottom = sy() + VIEW;
    const seen = mine.some((r) => { const y = HEAD + (127 - r[1]) * ROW; return y >= top && y + ROW <= bottom; });
    if (!seen) centrePitch();
  }
  function fitZoom() {
    const w = Math.max(320, scroller.clientWidth) - KEYS - 40;
    const beat = b2s(1) - b2s(0) || 0.5;
    st.pps = Math.max(8, Math.min(400, Math.max(w / Math.max(tl.seconds, 1), 30 / beat)));
    zoom.value = String(Math.round(st.pps));
  }
  function centrePitch() {
    const mine = st.notes.filter((r) => r[0] === active());
    const ps = (mine.length ? mine : st.notes).map((r) => r[1]);
    const mid = ps.length ? (Math.min(...ps) + Math.max(...ps)) / 2 : 64;
    scroller.scrollTop = Math.max(0, HEAD + (127 - mid) * ROW - (VIEW + HEAD) / 2);
  }

  // ------------------------------------------------------------------ drawing
  function noteBox(r) {
    const x0 = X(b2s(r[2])), x1 = X(b2s(r[2] + r[3]));
    return { x0, x1, y: Y(r[1]) };
  }
  function draw() {
    const W = canvas.width / (window.devicePixelRatio || 1), H = VIEW;
    const t0 = T(KEYS), t1 = T(W);
    const lay = layers[active()] || { lo: 0, hi: 127 };
    ctx.clearRect(0, 0, W, H);
    // pitch rows: white and black keys, rows the active instrument cannot play shaded
    const pTop = Math.min(127, P(HEAD) + 1), pBottom = Math.max(0, P(H) - 1);
    for (let p = pBottom; p <= pTop; p++) {
      const y = Y(p);
      ctx.fillStyle = BLACK.has(p % 12) ? "#171b21" : "#1f252c";
      ctx.fillRect(KEYS, y, W - KEYS, ROW);
      if (p < lay.lo || p > lay.hi) { ctx.fillStyle = "rgba(0,0,0,0.45)"; ctx.fillRect(KEYS, y, W - KEYS, ROW); }
      if (p % 12 === 0) { ctx.fillStyle = "#3b4450"; ctx.fillRect(KEYS, y + ROW - 1, W - KEYS, 1); }
    }
    if (st.hover && st.hover.p !== undefined && !st.drag) {
      ctx.fillStyle = "rgba(255,255,255,0.05)";
      ctx.fillRect(KEYS, Y(st.hover.p), W - KEYS, ROW);
    }
    // dialogue under everything: the music must leave it room
    for (const [a, b] of tl.lines) {
      ctx.fillStyle = "rgba(88,166,255,0.10)";
      ctx.fillRect(Math.max(KEYS, X(a)), HEAD, X(b) - Math.max(KEYS, X(a)), H - HEAD);
    }
    // after the cue's out: darker and hatched (the music should be over by now)
    if (X(tl.out) < W) {
      const x0 = Math.max(KEYS, X(tl.out));
      ctx.fillStyle = "rgba(0,0,0,0.45)";
      ctx.fillRect(x0, HEAD, W - x0, H - HEAD);
      ctx.fillStyle = hatch;
      ctx.fillRect(x0, HEAD, W - x0, H - HEAD);
    }
    // holds (fermatas): the clock stands still
    const p = pts();
    for (let i = 1; i < p.length; i++) {
      if (p[i][0] === p[i - 1][0] && p[i][1] > p[i - 1][1]) {
        ctx.fillStyle = "rgba(240,180,41,0.13)";
        ctx.fillRect(X(p[i - 1][1]), HEAD, X(p[i][1]) - X(p[i - 1][1]), H - HEAD);
      }
    }
    // bar, beat and snap lines
    const bFirst = s2b(Math.max(0, t0)), bLast = s2b(Math.min(tl.seconds, t1));
    const iFirst = bsearch(tl.bars, bFirst, (q) => q[0]);
    for (let i = iFirst; i < tl.bars.length && tl.bars[i][0] <= bLast + 1e-9; i++) {
      const [start, , unit] = tl.bars[i];
      const end = i + 1 < tl.bars.length ? tl.bars[i + 1][0] : tl.length;
      const sub = model.get("snap") === "beat" ? unit : Math.min(unit, SNAP_STEPS[model.get("snap")]);
      const subPx = (b2s(start + sub) - b2s(start)) * st.pps;
      for (let b = start; b < end - 1e-9; b += sub) {
        const x = Math.round(X(b2s(b))) + 0.5;
        if (x < KEYS || x > W) continue;
        const onBeat = Math.abs((b - start) / unit - Math.round((b - start) / unit)) < 1e-6;
        if (b === start) ctx.strokeStyle = "#8c99a8";
        else if (onBeat) ctx.strokeStyle = "#3e4752";
        else if (subPx >= 6) ctx.strokeStyle = "#272d35";
        else continue;
        ctx.lineWidth = b === start ? 1.5 : 1;
        ctx.beginPath(); ctx.moveTo(x, HEAD); ctx.lineTo(x, H); ctx.stroke();
      }
    }
    const xEnd = X(tl.seconds);
    if (xEnd < W) { ctx.fillStyle = "#0d0f13"; ctx.fillRect(xEnd, HEAD, W - xEnd, H - HEAD); }
    // notes: other layers dim, the active layer bright, the selection outlined
    const A = active();
    const order = st.notes.map((r, i) => i).sort((i, j) => (st.notes[i][0] === A) - (st.notes[j][0] === A));
    ctx.font = "600 10px ui-sans-serif, system-ui, sans-serif";
    ctx.textBaseline = "middle";
    for (const i of order) {
      const r = st.notes[i];
      const { x0, x1, y } = noteBox(r);
      if (x1 < KEYS || x0 > W || y < HEAD - ROW || y > H) continue;
      const mine = r[0] === A, w = Math.max(2, x1 - x0 - 1);
      ctx.globalAlpha = mine ? 0.55 + 0.45 * (r[4] / 127) : 0.28;
      ctx.fillStyle = colour(r[0]);
      ctx.fillRect(x0, y + 1, w, ROW - 2);
      ctx.globalAlpha = 1;
      if (mine) {
        ctx.strokeStyle = st.sel.has(i) ? "#ffffff" : "rgba(0,0,0,0.55)";
        ctx.lineWidth = st.sel.has(i) ? 2 : 1;
        ctx.strokeRect(x0 + 0.5, y + 1.5, w - 1, ROW - 3);
        if (w > 28) {
          ctx.fillStyle = "#0b0e12";
          ctx.fillText(names()[r[1]], Math.max(x0, KEYS) + 4, y + ROW / 2 + 0.5, w - 6);
        }
        if (w > 12) { ctx.fillStyle = "rgba(0,0,0,0.35)"; ctx.fillRect(x0 + w - 4, y + 3, 2, ROW - 6); }
      }
    }
    // a ghost of the note a click would add
    if (st.hover && st.hover.add && !st.drag) {
      const g = st.hover.add;
      const x0 = X(b2s(g.start)), x1 = X(b2s(g.start + g.len));
      ctx.strokeStyle = colour(A); ctx.setLineDash([3, 3]); ctx.lineWidth = 1;
      ctx.strokeRect(x0 + 0.5, Y(g.p) + 1.5, Math.max(3, x1 - x0 - 2), ROW - 3);
      ctx.setLineDash([]);
    }
    // marquee
    if (st.drag && st.drag.kind === "marquee") {
      const m = st.drag;
      ctx.fillStyle = "rgba(88,166,255,0.12)"; ctx.strokeStyle = "#58a6ff";
      ctx.fillRect(m.x0, m.y0, m.x1 - m.x0, m.y1 - m.y0); ctx.strokeRect(m.x0, m.y0, m.x1 - m.x0, m.y1 - m.y0);
    }
    // hits across the roll
    for (const [t] of tl.hits) {
      const x = Math.round(X(t)) + 0.5;
      if (x < KEYS || x > W) continue;
      ctx.strokeStyle = "rgba(255,90,79,0.85)"; ctx.lineWidth = 1.5;
      ctx.beginPath(); ctx.moveTo(x, HEAD); ctx.lineTo(x, H); ctx.stroke();
    }
    drawHead(W);
    drawKeys(H);
    // the playhead
    const xp = Math.round(X(st.playhead)) + 0.5;
    if (xp >= KEYS && xp <= W) {
      ctx.strokeStyle = "#ffd33d"; ctx.lineWidth = 2;
      ctx.beginPath(); ctx.moveTo(xp, 0); ctx.lineTo(xp, H); ctx.stroke();
      ctx.fillStyle = "#ffd33d";
      ctx.beginPath(); ctx.moveTo(xp - 6, 0); ctx.lineTo(xp + 6, 0); ctx.lineTo(xp, 8); ctx.fill();
    }
    // a focus ring for keyboard users, inside the canvas (the scroller would clip one outside it)
    if (canvas.matches(":focus-visible")) {
      ctx.strokeStyle = "#ffd33d"; ctx.lineWidth = 2; ctx.strokeRect(1, 1, W - 2, H - 2);
    }
    // corner
    ctx.fillStyle = "#1c2128"; ctx.fillRect(0, 0, KEYS, HEAD);
    ctx.fillStyle = "#a8b3bf"; ctx.font = "600 10px ui-sans-serif, system-ui, sans-serif"; ctx.textBaseline = "middle";
    ctx.fillText("BAR", 8, RULER / 2); ctx.fillText("SCENE", 8, RULER + LANE / 2);
    ctx.fillStyle = "#30363d"; ctx.fillRect(0, HEAD - 1, W, 1); ctx.fillRect(KEYS - 1, 0, 1, H);
  }

  function drawHead(W) {
    ctx.fillStyle = "#1c2128"; ctx.fillRect(KEYS, 0, W - KEYS, RULER);
    ctx.fillStyle = "#161a20"; ctx.fillRect(KEYS, RULER, W - KEYS, LANE);
    ctx.fillStyle = "#30363d"; ctx.fillRect(KEYS, RULER - 1, W - KEYS, 1);
    ctx.textBaseline = "alphabetic";
    // bar numbers, beat ticks, metre changes and tempo marks
    const bFirst = s2b(Math.max(0, T(KEYS))), bLast = s2b(Math.min(tl.seconds, T(W)));
    let lastLabel = -1e9, metre = "";
    for (let i = Math.max(0, bsearch(tl.bars, bFirst, (q) => q[0]) - 1); i < tl.bars.length; i++) {
      const [start, number, unit, ts] = tl.bars[i];
      if (start > bLast + 1e-9) break;
      const x = X(b2s(start));
      const end = i + 1 < tl.bars.length ? tl.bars[i + 1][0] : tl.length;
      const roomy = (b2s(start + unit) - b2s(start)) * st.pps > 34;
      ctx.font = "500 10px ui-sans-serif, system-ui, sans-serif";
      for (let b = start + unit, k = 2; b < end - 1e-9; b += unit, k++) {
        const xb = Math.round(X(b2s(b)));
        ctx.fillStyle = "#5c6773"; ctx.fillRect(xb, RULER - 6, 1, 5);
        if (roomy && xb > KEYS) { ctx.fillStyle = "#8b949e"; ctx.fillText(`${number}.${k}`, xb + 3, RULER - 8); }
      }
      if (x >= KEYS - 1) {
        ctx.fillStyle = "#8c99a8"; ctx.fillRect(Math.round(x), 4, 1, RULER - 5);
        if (x - lastLabel > 26) {
          ctx.fillStyle = "#f0f3f6"; ctx.font = "650 12px ui-sans-serif, system-ui, sans-serif";
          ctx.fillText(String(number), x + 4, 15);
          lastLabel = x;
        }
        if (ts !== metre && (i === 0 || ts !== tl.bars[i - 1][3])) {
          ctx.fillStyle = "#d2a8ff"; ctx.font = "600 10px ui-sans-serif, system-ui, sans-serif";
          ctx.fillText(ts, x + 4, RULER - 2);
        }
      }
      metre = ts;
    }
    ctx.font = "600 10px ui-sans-serif, system-ui, sans-serif";
    for (const [b, text] of tl.marks) {
      const x = X(b2s(b));
      if (x < KEYS - 60 || x > W) continue;
      ctx.fillStyle = "#79c0ff";
      ctx.fillText(text, Math.max(KEYS, x) + 26, 12);
    }
    // the scene: dialogue bands with the speaker, hits with their labels, the cue's in and out
    ctx.save();
    ctx.beginPath(); ctx.rect(KEYS, RULER, W - KEYS, LANE); ctx.clip();
    for (const [a, b, who, text] of tl.lines) {
      const x0 = X(a), x1 = X(b);
      if (x1 < KEYS || x0 > W) continue;
      ctx.fillStyle = "rgba(88,166,255,0.30)"; ctx.fillRect(x0, RULER + LANE - 17, x1 - x0, 15);
      ctx.fillStyle = "#cfe3ff"; ctx.font = "650 10.5px ui-sans-serif, system-ui, sans-serif";
      ctx.fillText(`${who}: ${text}`, Math.max(x0, KEYS) + 3, RULER + LANE - 6, Math.max(0, x1 - Math.max(x0, KEYS) - 5));
    }
    for (const [t, mark, fill] of [[tl.in, "IN", "#3fb950"], [tl.out, "OUT", "#f0883e"]]) {
      const x = X(t);
      if (x < KEYS - 30 || x > W + 30) continue;
      ctx.fillStyle = fill; ctx.fillRect(Math.round(x) - 1, RULER, 2, LANE);
      ctx.font = "700 10px ui-sans-serif, system-ui, sans-serif";
      ctx.fillText(mark, mark === "IN" ? x + 4 : x - 4 - ctx.measureText(mark).width, RULER + 22);
    }
    let lastHit = -1e9, row = 0;
    for (const [t, label] of tl.hits) {
      const x = X(t);
      if (x < KEYS - 100 || x > W) continue;
      ctx.fillStyle = "#ff5a4f"; ctx.fillRect(Math.round(x) - 1, RULER, 2, LANE);
      ctx.beginPath(); ctx.moveTo(x - 5, RULER); ctx.lineTo(x + 5, RULER); ctx.lineTo(x, RULER + 7); ctx.fill();
      ctx.font = "700 11px ui-sans-serif, system-ui, sans-serif";
      const wText = ctx.measureText(label).width + 8;
      row = x - lastHit < wText + 6 ? 1 - row : 0;
      const y = RULER + 2 + row * 11;
      ctx.fillStyle = "rgba(120,20,16,0.92)"; ctx.fillRect(x + 3, y, wText, 12);
      ctx.fillStyle = "#ffe2df"; ctx.fillText(label, x + 7, y + 10);
      lastHit = x;
    }
    ctx.restore();
  }

  function drawKeys(H) {
    ctx.save();
    ctx.beginPath(); ctx.rect(0, HEAD, KEYS, H - HEAD); ctx.clip();
    const pTop = Math.min(127, P(HEAD) + 1), pBottom = Math.max(0, P(H) - 1);
    const lay = layers[active()] || { lo: 0, hi: 127 };
    ctx.font = "600 9.5px ui-sans-serif, system-ui, sans-serif"; ctx.textBaseline = "middle";
    for (let p = pBottom; p <= pTop; p++) {
      const y = Y(p), black = BLACK.has(p % 12);
      const hot = st.hover && st.hover.p === p;
      ctx.fillStyle = hot ? "#ffd33d" : black ? "#22262c" : (p < lay.lo || p > lay.hi) ? "#9aa1a9" : "#e9edf1";
      ctx.fillRect(0, y, KEYS - 1, ROW);
      ctx.fillStyle = "#5b636d"; ctx.fillRect(0, y + ROW - 1, KEYS - 1, 1);
      if (p % 12 === 0 || hot) {
        ctx.fillStyle = black && !hot ? "#e9edf1" : "#11151a";
        ctx.fillText(names()[p], 6, y + ROW / 2 + 0.5);
      }
    }
    ctx.restore();
  }

  // ------------------------------------------------------------------ the text around it
  function layerLine(i) {
    const n = st.notes.filter((r) => r[0] === i).length;
    return `${layers[i].name} (${layers[i].instrument}): ${plural(n, "note")}`;
  }
  function describe() {
    const bars = tl.bars.length;
    const parts = layers.map((d, i) => layerLine(i));
    summary.textContent = `${tl.title} · ${plural(layers.length, "layer")}: ${parts.join("; ")} · `
      + `${plural(st.notes.length, "note")} in ${plural(bars, "bar")} · ${tl.tempo} · editing: ${layers[active()].name}`
      + (st.sel.size ? ` · ${st.sel.size} selected` : "");
    const hits = tl.hits.map(([t, label]) => `${label} at ${barBeat(s2b(t))}`).join(", ") || "none";
    const lines = tl.lines.map(([a, , who]) => `${who} at ${barBeat(s2b(Math.max(0, a)))}`).join(", ") || "none";
    canvas.setAttribute("aria-label", `Scoring grid of ${tl.title}: a piano roll, time across in bars and beats `
      + `(${plural(bars, "bar")}, ${tl.tempo}), pitch up. Hits: ${hits}. Dialogue: ${lines}. Click to add a note to the `
      + `${layers[active()].name} layer, drag to move, drag a note's right edge to lengthen it, arrows move the `
      + `selection, Delete removes it, space plays.`);
  }
  function say(text) { message.textContent = text || ""; }
  function fillMenus() {
    layerSelect.replaceChildren(...layers.map((d, i) =>
      h("option", { value: String(i), text: `${i + 1} ${d.name} — ${d.instrument}` })));
    layerSelect.value = String(active());
    const d = layers[active()];
    const options = model.get("instruments").map(([n]) => h("option", { value: n, text: n }));
    if (d.patch) options.unshift(h("option", { value: d.instrument, text: `${d.instrument} (synth patch)` }));
    instrument.replaceChildren(...options);
    instrument.value = d.instrument;
    chips.replaceChildren(...layers.map((x, i) => {
      const chip = h("button", { type: "button", class: "sg-chip", "aria-pressed": String(i === active()),
        "aria-label": `Edit the ${x.name} layer (${x.instrument})` }, h("i", {}), x.name);
      chip.querySelector("i").style.background = colour(i);
      chip.addEventListener("click", () => { model.set("layer", i); model.save_changes(); });
      return chip;
    }));
    addLayer.disabled = layers.length >= model.get("limits").layers;
    dropLayer.disabled = layers.length < 2 || st.notes.some((r) => r[0] === active());
    snap.value = model.get("snap");
    title.textContent = tl.title;
    sceneName.textContent = `${tl.scene} · ${tl.key} · ${tl.tempo}`;
  }
  function showTime() {
    const b = s2b(Math.max(0, st.playhead));
    clock.replaceChildren(h("b", { text: barBeat(b) }), timecode(st.playhead));
    tc.textContent = timecode(st.playhead);
    const frames = model.get("frames");
    waiting.hidden = frames.length > 0 || !video.hidden;
    if (frames.length && video.hidden) {
      still.hidden = false;
      const i = bsearch(frames, st.playhead + 1e-6, (f) => f[0]);
      if (i !== st.frame) {
        st.frame = i;
        still.src = frames[i][1];
        still.alt = `the animatic at ${timecode(frames[i][0])}, bar ${barBeat(s2b(frames[i][0]))}`;
      }
    }
  }

  // ------------------------------------------------------------------ editing
  function commit() {
    st.lastEdit = performance.now();
    model.set("notes", st.notes.map((r) => r.slice()));
    model.save_changes();
    describe();
    fillMenus();
  }
  function remember() {
    st.history.push(st.notes.map((r) => r.slice()));
    if (st.history.length > 100) st.history.shift();
    st.future = [];
  }
  function inRange(p, i = active()) {
    const d = layers[i];
    if (p < 0 || p > 127) { say(`MIDI has notes 0-127 only (${names()[Math.max(0, Math.min(127, p))]} is the edge).`); return false; }
    if (p < d.lo || p > d.hi) {
      say(`${names()[p]} is outside the ${d.instrument}'s range (${names()[d.lo]}–${names()[d.hi]}); `
        + "move it by an octave or choose another instrument.");
      return false;
    }
    return true;
  }
  function noteAt(x, y) {
    const A = active();
    for (let i = st.notes.length - 1; i >= 0; i--) {
      const r = st.notes[i];
      if (r[0] !== A) continue;
      const { x0, x1, y: top } = noteBox(r);
      if (x >= x0 && x <= Math.max(x1, x0 + 4) && y >= top && y < top + ROW) return { i, x0, x1 };
    }
    return null;
  }
  function newLength(b) { return model.get("snap") === "off" ? unitAt(b) : step(b); }
  function addNote(p, start) {
    if (st.notes.length >= model.get("limits").notes) {
      say(`The grid holds at most ${model.get("limits").notes.toLocaleString()} notes; split the cue in two.`);
      return -1;
    }
    if (!inRange(p)) return -1;
    const len = Math.min(newLength(start), tl.length - start);
    if (len < 1 / 16) return -1;
    st.notes.push([active(), p, start, len, layers[active()].velocity || 80]);
    say("");
    return st.notes.length - 1;
  }
  function deleteSelected() {
    if (!st.sel.size) return;
    remember();
    st.notes = st.notes.filter((r, i) => !st.sel.has(i));
    st.sel.clear();
    commit();
    draw();
  }
  function moveSelected(db, dp) {
    if (!st.sel.size) return false;
    const moved = [...st.sel].map((i) => {
      const r = st.notes[i].slice();
      r[1] += dp;
      r[2] = Math.max(0, Math.min(tl.length - r[3], r[2] + db));
      return [i, r];
    });
    for (const [, r] of moved) if (!inRange(r[1], r[0])) return false;
    for (const [i, r] of moved) st.notes[i] = r;
    say("");
    return true;
  }
  function undoOnce() {
    if (!st.history.length) return;
    st.future.push(st.notes.map((r) => r.slice()));
    st.notes = st.history.pop();
    st.sel.clear();
    commit(); draw();
  }
  function redoOnce() {
    if (!st.future.length) return;
    st.history.push(st.notes.map((r) => r.slice()));
    st.notes = st.future.pop();
    st.sel.clear();
    commit(); draw();
  }

  function at(e) {
    const box = canvas.getBoundingClientRect();
    return { x: e.clientX - box.left, y: e.clientY - box.top };
  }
  canvas.addEventListener("pointerdown", (e) => {
    if (e.button !== 0) return;
    const { x, y } = at(e);
    if (y < HEAD) {                                    // the ruler and the scene lane: move the playhead
      st.drag = { kind: "seek" };
      seek(T(x));
    } else if (x >= KEYS) {
      const hit = noteAt(x, y);
      const b = s2b(Math.max(0, T(x)));
      if (hit) {
        if (e.shiftKey) { st.sel.has(hit.i) ? st.sel.delete(hit.i) : st.sel.add(hit.i); }
        else if (!st.sel.has(hit.i)) st.sel = new Set([hit.i]);
        const edge = hit.x1 - hit.x0 > 10 && x > hit.x1 - 7;
        st.drag = { kind: edge ? "resize" : "move", b0: b, p0: P(y), i: hit.i, changed: false,
          orig: new Map([...st.sel].map((i) => [i, st.notes[i].slice()])), before: st.notes.map((r) => r.slice()) };
      } else if (e.shiftKey) {
        st.drag = { kind: "marquee", x0: x, y0: y, x1: x, y1: y };
      } else {
        const before = st.notes.map((r) => r.slice());
        const start = snapTo(b, "floor");
        const i = addNote(P(y), start);
        if (i >= 0) {
          st.history.push(before); st.future = [];
          st.sel = new Set([i]);
          st.drag = { kind: "create", i, start, changed: true };
        } else st.sel.clear();
      }
    }
    if (st.drag) canvas.setPointerCapture(e.pointerId);
    describe(); draw();
  });
  canvas.addEventListener("pointermove", (e) => {
    const { x, y } = at(e);
    const d = st.drag;
    if (!d) {
      hover(x, y);
      return;
    }
    if (d.kind === "seek") seek(T(x));
    else if (d.kind === "marquee") { d.x1 = x; d.y1 = y; }
    else if (d.kind === "move") {
      const b = s2b(Math.max(0, T(x)));
      const anchor = d.orig.get(d.i);
      const db = snapTo(Math.max(0, anchor[2] + b - d.b0), "round") - anchor[2];
      const dp = P(y) - d.p0;
      const next = [...d.orig].map(([i, r]) => [i, [r[0], r[1] + dp,
        Math.max(0, Math.min(tl.length - r[3], r[2] + db)), r[3], r[4]]]);
      if (next.every(([, r]) => inRange(r[1], r[0]))) {
        for (const [i, r] of next) st.notes[i] = r;
        d.changed = d.changed || db !== 0 || dp !== 0;
        if (d.changed) say("");
      }
    } else if (d.kind === "resize" || d.kind === "create") {
      const r = st.notes[d.i];
      const end = Math.min(tl.length, snapTo(s2b(Math.max(0, T(x))), "ceil"));
      const len = Math.max(model.get("snap") === "off" ? 1 / 16 : step(r[2]), end - r[2]);
      const grow = len - r[3];
      if (grow !== 0) {
        for (const i of (d.kind === "create" ? [d.i] : st.sel)) {
          const q = st.notes[i];
          q[3] = Math.max(1 / 16, Math.min(tl.length - q[2], q[3] + grow));
        }
        d.changed = true;
      }
    }
    autoscroll(x);
    draw();
  });
  function finish(e) {
    const d = st.drag;
    st.drag = null;
    if (!d) return;
    if (d.kind === "marquee") {
      const [xa, xb] = [Math.min(d.x0, d.x1), Math.max(d.x0, d.x1)], [ya, yb] = [Math.min(d.y0, d.y1), Math.max(d.y0, d.y1)];
      st.sel = new Set();
      st.notes.forEach((r, i) => {
        if (r[0] !== active()) return;
        const box = noteBox(r);
        if (box.x1 >= xa && box.x0 <= xb && box.y + ROW >= ya && box.y <= yb) st.sel.add(i);
      });
    } else if ((d.kind === "move" || d.kind === "resize") && d.changed) {
      st.history.push(d.before); st.future = [];
      commit();
    } else if (d.kind === "create") commit();
    if (e && canvas.hasPointerCapture(e.pointerId)) canvas.releasePointerCapture(e.pointerId);
    describe(); draw();
  }
  canvas.addEventListener("pointerup", finish);
  canvas.addEventListener("pointercancel", finish);
  canvas.addEventListener("pointerleave", () => { if (!st.drag) { st.hover = null; canvas.style.cursor = ""; draw(); } });
  canvas.addEventListener("dblclick", (e) => {
    const { x, y } = at(e);
    const hit = y >= HEAD && noteAt(x, y);
    if (hit) { st.sel = new Set([hit.i]); deleteSelected(); }
  });
  canvas.addEventListener("contextmenu", (e) => {
    const { x, y } = at(e);
    const hit = y >= HEAD && noteAt(x, y);
    if (hit) { e.preventDefault(); st.sel = new Set([hit.i]); deleteSelected(); }
  });
  function hover(x, y) {
    if (y < HEAD || x < KEYS) {
      st.hover = null;
      canvas.style.cursor = y < HEAD ? "text" : "default";
      draw();
      return;
    }
    const p = P(y), hit = noteAt(x, y);
    let add = null;
    if (hit) canvas.style.cursor = hit.x1 - hit.x0 > 10 && x > hit.x1 - 7 ? "ew-resize" : "grab";
    else {
      canvas.style.cursor = "crosshair";
      const start = snapTo(s2b(Math.max(0, T(x))), "floor");
      const d = layers[active()];
      if (p >= d.lo && p <= d.hi && start < tl.length) add = { p, start, len: Math.min(newLength(start), tl.length - start) };
    }
    st.hover = { p, add };
    draw();
  }
  function autoscroll(x) {
    const W = canvas.width / (window.devicePixelRatio || 1);
    if (x > W - 24) scroller.scrollLeft += 12;
    else if (x < KEYS + 12 && scroller.scrollLeft > 0) scroller.scrollLeft -= 12;
  }

  function addAtPlayhead() {
    // the keyboard's way to add a note: at the playhead, on the pitch of the last selected note
    const d = layers[active()];
    const last = [...st.sel].map((i) => st.notes[i]).filter(Boolean).pop()
      || st.notes.filter((r) => r[0] === active()).pop();
    const p = Math.max(d.lo, Math.min(d.hi, last ? last[1] : 72));
    const start = snapTo(s2b(st.playhead), "floor");
    if (start >= tl.length) return;
    const before = st.notes.map((r) => r.slice());
    const i = addNote(p, start);
    if (i < 0) return;
    st.history.push(before); st.future = [];
    st.sel = new Set([i]);
    seek(b2s(start + st.notes[i][3]));
    commit(); draw();
  }

  let keyTimer = 0;
  canvas.addEventListener("keydown", (e) => {
    const k = e.key, mod = e.ctrlKey || e.metaKey;
    let used = true;
    if (k === " " || k === "Spacebar") toggle("audio");
    else if (k === "Delete" || k === "Backspace") deleteSelected();
    else if (k === "Escape") { st.sel.clear(); describe(); draw(); }
    else if (k === "Enter" || k === "Insert") addAtPlayhead();
    else if (mod && (k === "z" || k === "Z")) (e.shiftKey ? redoOnce : undoOnce)();
    else if (mod && (k === "y" || k === "Y")) redoOnce();
    else if (mod && (k === "a" || k === "A")) {
      st.sel = new Set(st.notes.map((r, i) => (r[0] === active() ? i : -1)).filter((i) => i >= 0));
      describe(); draw();
    } else if (k.startsWith("Arrow")) {
      if (!st.sel.size) {
        if (k === "ArrowLeft" || k === "ArrowRight") {
          const b = s2b(st.playhead), s = step(b);
          seek(b2s(Math.max(0, snapTo(b, "round") + (k === "ArrowLeft" ? -s : s))));
        }
      } else {
        const first = Math.min(...[...st.sel].map((i) => st.notes[i][2]));
        const s = e.shiftKey ? barLength(first) : step(first);
        const [db, dp] = { ArrowLeft: [-s, 0], ArrowRight: [s, 0],
          ArrowUp: [0, e.shiftKey ? 12 : 1], ArrowDown: [0, e.shiftKey ? -12 : -1] }[k];
        const before = st.notes.map((r) => r.slice());
        if (moveSelected(db, dp)) {
          st.history.push(before); st.future = [];
          draw(); describe();
          clearTimeout(keyTimer);
          keyTimer = setTimeout(commit, 250);          // a held arrow sends one change, not twenty
        }
      }
    } else used = false;
    if (used) { e.preventDefault(); e.stopPropagation(); }
  });
  scroller.addEventListener("scroll", () => { st.hover = null; draw(); });
  canvas.addEventListener("focus", () => draw());
  canvas.addEventListener("blur", () => draw());
  scroller.addEventListener("wheel", (e) => {
    if (!(e.ctrlKey || e.metaKey)) return;
    e.preventDefault();
    setZoom(st.pps * (e.deltaY < 0 ? 1.15 : 1 / 1.15), at(e).x);
  }, { passive: false });
  function setZoom(pps, anchorX) {
    const x = anchorX ?? KEYS + (canvas.width / (window.devicePixelRatio || 1) - KEYS) / 2;
    const t = T(x);
    st.pps = Math.max(8, Math.min(400, pps));
    zoom.value = String(Math.round(st.pps));
    size();
    scroller.scrollLeft = Math.max(0, t * st.pps - (x - KEYS));
    draw();
  }
  zoom.addEventListener("input", () => setZoom(Number(zoom.value)));

  // ------------------------------------------------------------------ controls
  layerSelect.addEventListener("change", () => { model.set("layer", Number(layerSelect.value)); model.save_changes(); });
  snap.addEventListener("change", () => { model.set("snap", snap.value); model.save_changes(); });
  instrument.addEventListener("change", () => {
    const A = active(), chosen = model.get("instruments").find(([n]) => n === instrument.value);
    const lo = chosen ? chosen[1] : 0, hi = chosen ? chosen[2] : 127;
    const outside = st.notes.filter((r) => r[0] === A && (r[1] < lo || r[1] > hi));
    if (outside.length) {
      say(`${outside.length} note${outside.length === 1 ? "" : "s"} of ${layers[A].name} lie outside the `
        + `${instrument.value}'s range (${names()[lo]}–${names()[hi]}); move them first.`);
      instrument.value = layers[A].instrument;
      return;
    }
    layers = layers.map((d, i) => (i === A ? { ...d, instrument: instrument.value, lo, hi, patch: false } : d));
    model.set("layers", layers); model.save_changes();
    say(""); fillMenus(); describe(); draw();
  });
  addLayer.addEventListener("click", () => {
    if (layers.length >= model.get("limits").layers) return;
    let n = layers.length + 1;
    while (layers.some((d) => d.name === `layer ${n}`)) n++;
    const [piano, lo, hi] = model.get("instruments")[0];           // General MIDI program 1: the piano
    layers = [...layers, { name: `layer ${n}`, instrument: piano, articulation: "normal", lo, hi, velocity: 80,
      patch: false }];
    model.set("layers", layers);
    model.set("layer", layers.length - 1);
    model.save_changes();
    fillMenus(); describe(); draw();
  });
  dropLayer.addEventListener("click", () => {
    const A = active();
    if (layers.length < 2 || st.notes.some((r) => r[0] === A)) return;
    layers = layers.filter((d, i) => i !== A);
    st.notes = st.notes.map((r) => (r[0] > A ? [r[0] - 1, ...r.slice(1)] : r));
    model.set("layers", layers);
    model.set("notes", st.notes.map((r) => r.slice()));
    model.set("layer", Math.max(0, A - 1));
    model.save_changes();
    fillMenus(); describe(); draw();
  });
  remove.addEventListener("click", deleteSelected);
  undo.addEventListener("click", undoOnce);
  play.addEventListener("click", () => toggle("audio"));
  withPicture.addEventListener("click", () => toggle("video"));
  stop.addEventListener("click", () => { halt(); seek(0); });

  // ------------------------------------------------------------------ playing
  function seek(t) {
    st.playhead = Math.max(0, Math.min(tl.seconds, t));
    if (st.playing === "audio") audio.currentTime = st.playhead;
    if (st.playing === "video") video.currentTime = Math.max(0, st.playhead - model.get("video_start"));
    showTime(); draw();
  }
  function halt() {
    audio.pause(); video.pause();
    st.playing = null;
    cancelAnimationFrame(st.raf);
    play.textContent = "▶ Play"; play.setAttribute("aria-pressed", "false");
    withPicture.textContent = "▶ With picture"; withPicture.setAttribute("aria-pressed", "false");
  }
  function toggle(kind) {
    if (st.playing) { const was = st.playing; halt(); if (was === kind) return; }
    if (kind === "video") {
      const v = model.get("video");
      if (!v || !v.byteLength || model.get("video_stale")) {
        st.wantPicture = true;
        status.textContent = "rendering the animatic…";
        model.send({ type: "animatic" });
        return;
      }
      video.hidden = false; still.hidden = true; waiting.hidden = true;
      if (st.playhead >= tl.seconds - 0.05) st.playhead = 0;
      video.currentTime = Math.max(0, st.playhead - model.get("video_start"));
      video.play().catch(() => say("The browser did not start the video; press the button again."));
      st.playing = "video";
      withPicture.textContent = "❚❚ Pause"; withPicture.setAttribute("aria-pressed", "true");
    } else {
      if (!audio.src) { say("The sound is still being rendered; try again in a moment."); return; }
      video.hidden = true; st.frame = -1;
      if (st.playhead >= Math.min(tl.seconds, audio.duration || tl.seconds) - 0.05) st.playhead = 0;
      audio.currentTime = st.playhead;
      audio.play().catch(() => say("The browser did not start the sound; press Play again."));
      st.playing = "audio";
      play.textContent = "❚❚ Pause"; play.setAttribute("aria-pressed", "true");
    }
    const tick = () => {
      if (!st.playing) return;
      st.playhead = st.playing === "audio" ? audio.currentTime : video.currentTime + model.get("video_start");
      const W = canvas.width / (window.devicePixelRatio || 1), x = X(st.playhead);
      if (x > W - 40 || x < KEYS) scroller.scrollLeft = Math.max(0, st.playhead * st.pps - 40);
      showTime(); draw();
      st.raf = requestAnimationFrame(tick);
    };
    st.raf = requestAnimationFrame(tick);
  }
  audio.addEventListener("ended", halt);
  video.addEventListener("ended", halt);
  function blobUrl(name, view, type) {
    if (st.urls[name]) URL.revokeObjectURL(st.urls[name]);
    st.urls[name] = view && view.byteLength ? URL.createObjectURL(new Blob([view], { type })) : "";
    return st.urls[name];
  }
  function onAudio() {
    const url = blobUrl("audio", model.get("audio"), model.get("audio_type") || "audio/mpeg");
    if (!url) return;
    const playing = st.playing === "audio", t = audio.currentTime;
    audio.src = url;
    if (playing) {
      audio.addEventListener("loadedmetadata", () => { audio.currentTime = t; audio.play().catch(() => {}); }, { once: true });
    }
    if (st.lastEdit) {
      root.dataset.audioLatencyMs = String(Math.round(performance.now() - st.lastEdit));
      st.lastEdit = 0;
    }
    root.dataset.audioVersion = String(Number(root.dataset.audioVersion || 0) + 1);
  }
  function onVideo() {
    const url = blobUrl("video", model.get("video"), "video/mp4");
    video.src = url;
    staleMark();
    if (url && st.wantPicture) {
      st.wantPicture = false;
      video.addEventListener("loadedmetadata", () => toggle("video"), { once: true });
    }
  }
  function staleMark() {
    const v = model.get("video");
    stale.textContent = v && v.byteLength && model.get("video_stale") ? "picture out of date" : "";
  }

  // ------------------------------------------------------------------ the model
  function onNotes() {
    if (st.drag) return;
    st.notes = model.get("notes").map((r) => r.slice());
    st.sel = new Set([...st.sel].filter((i) => i < st.notes.length));
    describe(); fillMenus(); draw();
  }
  function onLayers() { layers = model.get("layers"); fillMenus(); describe(); draw(); }
  function onTimeline() {
    tl = model.get("timeline");
    st.history = []; st.future = []; st.sel.clear(); st.frame = -1;
    fitZoom(); size(); fillMenus(); describe(); showTime(); draw();
  }
  const handlers = {
    "change:notes": onNotes, "change:layers": onLayers, "change:timeline": onTimeline,
    "change:layer": () => { st.sel.clear(); fillMenus(); describe(); showLayer(); draw(); },
    "change:snap": () => { snap.value = model.get("snap"); draw(); },
    "change:audio": onAudio, "change:video": onVideo, "change:video_stale": staleMark,
    "change:frames": () => { st.frame = -1; showTime(); },
    "change:error": () => { say(model.get("error")); if (model.get("error")) st.wantPicture = false; },
    "change:status": () => { status.textContent = model.get("status"); },
  };
  for (const [name, fn] of Object.entries(handlers)) model.on(name, fn);

  st.notes = model.get("notes").map((r) => r.slice());
  const resize = new ResizeObserver(() => {
    if (!st.sized && scroller.clientWidth > 0) { st.sized = true; fitZoom(); centrePitch(); }
    size(); draw();
  });
  resize.observe(scroller);
  fitZoom(); size(); fillMenus(); describe(); showTime(); draw(); centrePitch();
  say(model.get("error"));
  if (model.get("audio") && model.get("audio").byteLength) onAudio();
  if (model.get("video") && model.get("video").byteLength) onVideo();
  model.send({ type: "hello" });

  return () => {
    halt();
    resize.disconnect();
    clearTimeout(keyTimer);
    for (const [name, fn] of Object.entries(handlers)) model.off(name, fn);
    for (const url of Object.values(st.urls)) if (url) URL.revokeObjectURL(url);
  };
}

export default { render };
