/* The course's decks: fit every slide to 1280 x 720 by layout, then start reveal.js.
   Each slide is a column of blocks (.blk). A block that runs past the bottom moves, with everything
   after it, to a new slide of the same section; a block too tall for a slide of its own is split
   (table rows, list items, lines of text, words of a paragraph). Text is never shrunk.
   The result is the same on every screen (the slide is always laid out at 1280 x 720), so the
   speaker view's previews, which load this page again, see the same slides. */
(function () {
  "use strict";
  var HEIGHT = 720, PAD_BOTTOM = 24;

  function blocksOf(slide) {
    var body = slide.querySelector(":scope > .body");
    return Array.prototype.filter.call(body.children, function (b) { return b.classList.contains("blk"); });
  }
  // A block that belongs with the next one: a heading, or a short bold title (a card's name).
  function isHeading(b) {
    if (b.children.length !== 1) return false;
    var el = b.firstElementChild;
    if (/^H[1-4]$/.test(el.tagName)) return true;
    return !el.querySelector("img, audio, video, table, pre") && (el.textContent || "").length <= 120 &&
      parseInt(getComputedStyle(el).fontWeight, 10) >= 600;
  }
  function bottom(el) { return el.getBoundingClientRect().bottom; }

  function continuation(slide) {
    var next = document.createElement("section");
    next.className = slide.className.replace(/\b(title|video)\b/g, "").replace(/\s+/g, " ").trim() + " cont";
    var body = document.createElement("div");
    body.className = "body";
    var title = slide.getAttribute("data-title");
    if (title) next.setAttribute("data-title", title);
    if (title && !slide.classList.contains("video")) {
      var head = document.createElement("div");
      head.className = "runhead";
      head.textContent = title;
      body.appendChild(head);
    }
    next.appendChild(body);
    var notes = slide.querySelector(":scope > aside.notes");
    if (notes) next.appendChild(notes.cloneNode(true));
    slide.parentNode.insertBefore(next, slide.nextSibling);
    return next;
  }

  function splitList(list, limit) {
    var items = Array.prototype.filter.call(list.children, function (li) { return li.tagName === "LI"; });
    var k = items.findIndex(function (li) { return bottom(li) > limit; });
    if (k <= 0) return null;
    var rest = list.cloneNode(false);
    if (list.tagName === "OL") rest.setAttribute("start", String(parseInt(list.getAttribute("start") || "1", 10) + k));
    items.slice(k).forEach(function (li) { rest.appendChild(li); });
    return rest;
  }

  function splitTable(table, limit) {
    var rows = Array.prototype.slice.call(table.querySelectorAll(":scope > tbody > tr, :scope > tr"));
    var head = table.querySelector(":scope > thead");
    var headRow = null;
    if (!head && rows.length && rows[0].querySelector("th") && !rows[0].querySelector("td")) headRow = rows.shift();
    var k = rows.findIndex(function (r) { return bottom(r) > limit; });
    if (k <= 0) return null;
    var rest = table.cloneNode(false);
    if (head) rest.appendChild(head.cloneNode(true));
    var tbody = document.createElement("tbody");
    if (headRow) tbody.appendChild(headRow.cloneNode(true));
    rows.slice(k).forEach(function (r) { tbody.appendChild(r); });
    rest.appendChild(tbody);
    return rest;
  }

  function splitPre(pre, limit) {
    var full = pre.textContent, lines = full.split("\n");
    if (lines.length < 2) return splitInline(pre, limit);
    var lo = 1, hi = lines.length - 1, best = 0;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      pre.textContent = lines.slice(0, mid).join("\n");
      if (bottom(pre) <= limit) { best = mid; lo = mid + 1; } else { hi = mid - 1; }
    }
    if (best === 0) { pre.textContent = full; return splitInline(pre, limit); }
    pre.textContent = lines.slice(0, best).join("\n");
    var rest = pre.cloneNode(false);
    rest.textContent = lines.slice(best).join("\n");
    return rest;
  }

  function splitInline(el, limit) {
    var walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT), points = [], node, m;
    while ((node = walker.nextNode())) {
      var re = /\s+/g;
      while ((m = re.exec(node.data))) points.push([node, m.index + m[0].length]);
    }
    if (!points.length) return null;
    var range = document.createRange(), lo = 0, hi = points.length - 1, best = -1;
    range.setStart(el, 0);
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      range.setEnd(points[mid][0], points[mid][1]);
      if (range.getBoundingClientRect().bottom <= limit) { best = mid; lo = mid + 1; } else { hi = mid - 1; }
    }
    if (best < 0) return null;
    var tail = document.createRange();
    tail.setStart(points[best][0], points[best][1]);
    tail.setEndAfter(el.lastChild);
    var rest = el.cloneNode(false);
    rest.appendChild(tail.extractContents());
    return rest;
  }

  function isLabel(el, nextEl) {
    if (el.nodeType !== 1 || el.querySelector("img, audio, video, table, pre")) return false;
    if ((el.textContent || "").length > 200) return false;
    if (/^H[1-6]$/.test(el.tagName)) return true;
    var bold = parseInt(getComputedStyle(el).fontWeight, 10) >= 600;
    return bold || (nextEl && (nextEl.tagName === "IMG" || nextEl.classList.contains("crop")));
  }

  // Cut el at limit: a clone of el holding what does not fit (moved out of el), or null.
  function cut(el, limit) {
    var tag = el.tagName;
    if (tag === "UL" || tag === "OL") return splitList(el, limit);
    if (tag === "TABLE") return splitTable(el, limit);
    if (tag === "PRE") return splitPre(el, limit);
    var kids = Array.prototype.filter.call(el.children, function (c) { return c.tagName !== "BR"; });
    var ownText = Array.prototype.some.call(el.childNodes, function (n) { return n.nodeType === 3 && n.data.trim(); });
    if (kids.length === 1 && !ownText) {
      var only = cut(kids[0], limit);
      if (!only) return null;
      var wrap = el.cloneNode(false);
      wrap.appendChild(only);
      return wrap;
    }
    if (kids.length > 1) {
      var k = kids.findIndex(function (c) { return bottom(c) > limit; }), first = k;
      while (k > 0 && isLabel(kids[k - 1], kids[k])) k--;
      if (k === 0 && first > 0) k = first;
      var rest = el.cloneNode(false), from;
      if (k > 0) {
        from = kids[k];
      } else if (k === 0) {
        var inner = cut(kids[0], limit);
        if (!inner) return null;
        rest.appendChild(inner);
        from = kids[0].nextSibling;
      } else {
        return null;
      }
      while (from) { var nxt = from.nextSibling; rest.appendChild(from); from = nxt; }
      return rest;
    }
    if (/^(P|DIV|SPAN|LI|BLOCKQUOTE|H[1-6])$/.test(tag) && !el.querySelector("img, video, audio, table")) return splitInline(el, limit);
    return null;
  }

  // Split the block b (too tall for a slide of its own) at limit; returns the new block, or null.
  function split(b, limit) {
    var rest = cut(b, limit);
    if (!rest) return null;
    b.parentNode.insertBefore(rest, b.nextSibling);
    return rest;
  }

  function fit(slide, queue) {
    for (var guard = 0; guard < 400; guard++) {
      var limit = slide.getBoundingClientRect().top + HEIGHT - PAD_BOTTOM + 0.5;
      var blocks = blocksOf(slide);
      var over = blocks.findIndex(function (b) { return bottom(b) > limit; });
      if (over < 0) return;
      var cut = over;
      while (cut > 0 && isHeading(blocks[cut - 1])) cut--;
      if (cut > 0) {
        var next = continuation(slide), body = next.querySelector(":scope > .body");
        blocks.slice(cut).forEach(function (b) { body.appendChild(b); });
        queue.push(next);
        return;
      }
      if (!split(blocks[over], limit)) {          // cannot be cut: leave it, move on what follows it
        slide.setAttribute("data-overflow", "1");
        if (over + 1 < blocks.length) {
          var after = continuation(slide), into = after.querySelector(":scope > .body");
          blocks.slice(over + 1).forEach(function (b) { into.appendChild(b); });
          queue.push(after);
        }
        return;
      }
    }
  }

  function paginate() {
    var reveal = document.querySelector(".reveal");
    reveal.classList.add("paginating");
    var slides = Array.prototype.slice.call(document.querySelectorAll(".reveal .slides section.pg"));
    for (var i = 0; i < slides.length; i++) {
      var queue = [];
      fit(slides[i], queue);
      while (queue.length) {
        var s = queue.shift();
        fit(s, queue);
      }
    }
    reveal.classList.remove("paginating");
  }

  function start() {
    var t0 = performance.now();
    try { paginate(); } catch (err) { if (window.console) console.warn("deck layout:", err); }
    Reveal.initialize({
      hash: true, width: 1280, height: 720, margin: 0, minScale: 0.05, maxScale: 4, center: false,
      controls: true, progress: true, slideNumber: "c/t", navigationMode: "linear",
      transition: "fade", transitionSpeed: "fast", backgroundTransition: "none",
      plugins: [RevealNotes]
    }).then(function () {
      document.documentElement.setAttribute("data-deck-ready", "1");
      document.documentElement.setAttribute("data-layout-ms", String(Math.round(performance.now() - t0)));
    });
  }

  var fonts = document.fonts && document.fonts.ready ? document.fonts.ready : Promise.resolve();
  window.addEventListener("load", function () { fonts.then(start, start); });
})();
