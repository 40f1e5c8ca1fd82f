/* The assignment builder, for clinicians: the ticked lessons, a due date and a short note become a link to
   the patient's list on My lessons, its QR code and a printable sheet. Nothing here is saved or sent.
   The link is a fragment (never sent to a server): my-lessons.html#a=id,id&due=YYYY-MM-DD&n=<note>.
   The QR code is drawn by qrcode-generator (qrcode-generator.js, shipped with the site). */
(() => {
  "use strict";
  if (window.courseAssign) return; // run again by instant navigation: the document$ subscription does the work
  window.courseAssign = 1;

  // Every text this script shows comes from the page (assign.js.* messages on the form, in its language),
  // read for each page; {name} is filled in.
  let T = {};

  const $ = (node, css) => node.querySelector(css);
  const $$ = (node, css) => [...node.querySelectorAll(css)];
  const fmt = (text, values) => text.replace(/\{(\w+)\}/g, (_, name) => values[name]);
  const SVG = "http://www.w3.org/2000/svg";

  const showDate = (text) => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
    if (!m) return "";
    const options = { weekday: "long", year: "numeric", month: "long", day: "numeric" };
    return new Date(+m[1], +m[2] - 1, +m[3]).toLocaleDateString(document.documentElement.lang || undefined, options);
  };

  // The QR code as an SVG of one path: sharp at any size, on screen and on paper. Throws when the text is too long.
  function qrCode(text) {
    const qr = window.qrcode(0, "M"); // smallest version that holds the text; 15% of it may be damaged
    qr.addData(text); // byte mode; the link is ASCII (the note is percent-encoded)
    qr.make();
    const count = qr.getModuleCount();
    const quiet = 4; // the blank border a scanner needs
    const size = count + 2 * quiet;
    let d = "";
    for (let row = 0; row < count; row += 1) {
      for (let col = 0; col < count; col += 1) {
        if (qr.isDark(row, col)) d += `M${col + quiet} ${row + quiet}h1v1h-1z`;
      }
    }
    const svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", `0 0 ${size} ${size}`);
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", T.qr);
    svg.setAttribute("shape-rendering", "crispEdges");
    svg.setAttribute("class", "course-qr");
    const back = document.createElementNS(SVG, "rect");
    back.setAttribute("width", size);
    back.setAttribute("height", size);
    back.setAttribute("fill", "#fff");
    const path = document.createElementNS(SVG, "path");
    path.setAttribute("d", d);
    path.setAttribute("fill", "#000");
    svg.append(back, path);
    return svg;
  }

  function init(form) {
    if (form.dataset.ready) return;
    form.dataset.ready = 1;
    T = JSON.parse(form.dataset.messages || "{}");
    const result = $(document, ".course-assign-result");
    const target = $(document, "a.course-assign-target");
    const base = target ? target.href.split("#")[0] : new URL("my-lessons.html", location.href).href;
    const boxes = $$(form, 'input[name="lesson"]');
    const due = $(form, "#assign-due");
    const note = $(form, "#assign-note");
    const max = +form.dataset.noteMax || 140;
    const status = $(form, ".course-assign-status");
    const count = $(form, "#assign-note-count");
    const linkField = $(result, ".course-assign-link");
    const sheet = $(result, ".course-sheet");
    const copied = $(result, ".course-assign-copied");
    let said = "";

    function update() {
      const chosen = boxes.filter((box) => box.checked);
      const text = [...note.value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, " ")].slice(0, max).join("").trim();
      count.textContent = fmt(T.count, { n: [...note.value].length, max });
      const date = showDate(due.value) ? due.value : "";
      const minutes = chosen.reduce((sum, box) => sum + (+box.dataset.minutes || 0), 0);
      copied.textContent = "";
      if (!chosen.length) {
        result.hidden = true;
        status.textContent = said || T.none;
        said = "";
        return;
      }
      const link = base + "#a=" + chosen.map((box) => box.value).join(",")
        + (date ? "&due=" + date : "") + (text ? "&n=" + encodeURIComponent(text) : "");
      linkField.value = link;

      const lessons = $(sheet, ".course-sheet-lessons");
      lessons.replaceChildren(...chosen.map((box) => {
        const li = document.createElement("li");
        li.textContent = fmt(T.item, { title: box.dataset.title, minutes: box.dataset.minutes });
        return li;
      }));
      $(sheet, ".course-sheet-total").textContent = fmt(chosen.length === 1 ? T.totalOne : T.total, { n: chosen.length, minutes });
      const dueLine = $(sheet, ".course-sheet-due");
      dueLine.hidden = !date;
      dueLine.textContent = date ? fmt(T.due, { date: showDate(date) }) : "";
      const noteLine = $(sheet, ".course-sheet-note");
      noteLine.hidden = !text;
      noteLine.replaceChildren();
      if (text) {
        const label = document.createElement("strong");
        label.textContent = T.note;
        noteLine.append(label, text);
      }
      $(sheet, ".course-sheet-link").textContent = link;
      const qr = $(sheet, ".course-sheet-qr");
      try {
        qr.replaceChildren(qrCode(link));
      } catch (error) {
        const p = document.createElement("p");
        p.textContent = T.tooLong;
        qr.replaceChildren(p);
      }
      result.hidden = false;
      status.textContent = said || fmt(chosen.length === 1 ? T.tickedOne : T.ticked, { n: chosen.length, minutes });
      said = "";
    }

    form.addEventListener("change", update);
    form.addEventListener("input", update);
    form.addEventListener("submit", (event) => event.preventDefault()); // Enter in the date field sends nothing
    form.addEventListener("click", (event) => {
      const button = event.target.closest("button");
      if (!button) return;
      if (button.matches(".course-assign-set")) {
        const ids = button.dataset.lessons.split(" ");
        boxes.forEach((box) => { box.checked = ids.includes(box.value); });
        said = fmt(T.set, { n: ids.length, title: button.textContent.replace(/\s*\(.*\)$/, "") });
      } else if (button.matches(".course-assign-none")) {
        boxes.forEach((box) => { box.checked = false; });
      } else {
        return;
      }
      update();
    });
    $(result, ".course-assign-copy").addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(linkField.value);
        copied.textContent = T.copied;
      } catch (error) {
        linkField.select();
        copied.textContent = document.execCommand && document.execCommand("copy") ? T.copied : T.copyByHand;
      }
    });
    $(result, ".course-assign-file").hidden = location.protocol !== "file:";
    $$(document, ".course-needs-js").forEach((node) => { node.hidden = true; });
    form.hidden = false;
    update();
  }

  const run = () => $$(document, "form.course-assign").forEach(init);
  if (window.document$) window.document$.subscribe(run); // Material: on load and after each instant navigation
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
  else run();
})();
