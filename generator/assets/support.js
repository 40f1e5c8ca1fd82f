/* Support for patients who may be anxious, ashamed or sharing a computer. Everything is kept through
   window.courseStore (store.js), so shared-computer mode applies, and nothing is ever sent:
     note-hidden:<lesson>          true        the patient hid the lesson's content note
     confidence:<lesson>           {before: {<id>: 1..5}, after: {<id>: 1..5}}
     reflect:<lesson>:<question>   {prompt, answer, choice, date}   a reflective quiz question (never scored)
   It also runs "I'm on a shared computer" and "Forget me on this device" (theme: partials/course-shared.html),
   and shows the confidence change (and, if the patient ticks it, their reflections) on My lessons and the record.
   Every text comes from the message catalogue (support.js.*), in this script's data-messages attribute. */
(() => {
  "use strict";
  if (window.courseSupport) return; // run again by instant navigation: the document$ subscription does the work
  window.courseSupport = 1;

  const me = document.currentScript;
  let T = {};
  try { T = JSON.parse((me && me.dataset.messages) || "{}"); } catch (e) { /* no texts: controls stay as rendered */ }

  const $ = (node, css) => node.querySelector(css);
  const $$ = (node, css) => [...node.querySelectorAll(css)];
  const fmt = (text, values) => String(text || "").replace(/\{(\w+)\}/g, (_, name) => values[name]);
  const make = (tag, attrs, ...kids) => {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (name === "text") node.textContent = value;
      else node.setAttribute(name, value);
    }
    node.append(...kids.filter((kid) => kid != null));
    return node;
  };
  const store = () => window.courseStore;
  const record = (name) => { const v = store().get(name); return v && typeof v === "object" && !Array.isArray(v) ? v : null; };
  const pad = (n) => String(n).padStart(2, "0");
  const today = () => { const d = new Date(); return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`; };
  // Restoring saved answers is not news: live regions stay quiet while the page is filled in.
  const quietly = (regions, fill) => {
    regions.forEach((r) => r.setAttribute("aria-live", "off"));
    fill();
    setTimeout(() => regions.forEach((r) => r.setAttribute("aria-live", "polite")), 500);
  };

  // ---------------------------------------------------------------- content note

  function contentNote(note) {
    const key = "note-hidden:" + note.dataset.lesson;
    const again = $(document, ".course-content-note-again");
    const hide = $(note, ".course-content-note__hide");
    const show = again && $(again, "button");
    if (!hide || !show) return;
    const apply = (hidden) => { note.hidden = hidden; again.hidden = !hidden; };
    if (!note.dataset.ready) {
      note.dataset.ready = 1;
      note.setAttribute("tabindex", "-1");
      hide.hidden = false;
      hide.addEventListener("click", () => {
        store().set(key, true);
        apply(true);
        show.focus(); // the pressed button is gone: the focus stays where the note was
      });
      show.addEventListener("click", () => {
        store().remove(key);
        apply(false);
        note.focus(); // read the note from its start
      });
    }
    apply(!!store().get(key));
  }

  // ---------------------------------------------------------------- confidence before and after

  const change = (saved, id) => {
    const before = (saved.before || {})[id];
    const after = (saved.after || {})[id];
    if (before && after) return fmt(T.change, { before, after });
    if (before) return fmt(T.changeBefore, { before });
    return after ? fmt(T.changeAfter, { after }) : "";
  };

  function confidence(box) {
    const key = "confidence:" + box.dataset.lesson;
    const when = box.dataset.when;
    const saved = () => record(key) || {};
    if (!box.dataset.ready) {
      box.dataset.ready = 1;
      box.addEventListener("change", (e) => {
        const question = e.target.closest("fieldset");
        if (!question) return;
        const value = saved();
        value[when] = { ...(value[when] || {}), [question.dataset.question]: +e.target.value };
        store().set(key, value);
        $(box, ".course-confidence__status").textContent = when === "after" ? change(value, question.dataset.question) : T.saved;
      });
      box.hidden = false;
    }
    const mine = saved()[when] || {};
    $$(box, "fieldset").forEach((question) => {
      $$(question, "input").forEach((input) => { input.checked = +input.value === mine[question.dataset.question]; });
    });
  }

  // ---------------------------------------------------------------- reflective questions (never scored)

  function reflective(question) {
    const key = `reflect:${question.dataset.lesson}:${question.dataset.question}`;
    const feedback = $(question, ".course-reflective-feedback");
    const help = $(question, "template.course-reflective-help");
    const label = (input) => $(input.closest(".course-option"), "label").textContent.trim();
    // A choice's own kind word (or a thank-you), and for a flagged choice the help lines at once, in the live region.
    const respond = (input) => {
      const response = $(input.closest(".course-option"), ".course-reflective-response");
      feedback.replaceChildren(make("p", {}, ...(response ? [...response.cloneNode(true).childNodes] : [T.thanks])));
      if (input.dataset.flag && help) feedback.append(help.content.cloneNode(true));
    };
    if (!question.dataset.ready) {
      question.dataset.ready = 1;
      question.addEventListener("change", (e) => {
        const input = e.target;
        store().set(key, { prompt: $(question, "legend").textContent.trim(), answer: label(input), choice: +input.value, date: today() });
        respond(input);
      });
    }
    const saved = record(key);
    const input = saved ? $$(question, "input")[saved.choice] : null;
    $$(question, "input").forEach((i) => { i.checked = false; });
    quietly([feedback], () => {
      feedback.replaceChildren();
      // Only if the quiz still offers the same answer: a changed question starts fresh.
      if (input && label(input) === saved.answer) {
        input.checked = true;
        respond(input);
      }
    });
  }

  // "Clear my answers on this device" (quiz.js) clears the reflective answers too.
  document.addEventListener("click", (e) => {
    if (!e.target.closest(".course-quiz .course-clear")) return;
    store().names("reflect:").forEach((name) => store().remove(name));
    $$(document, ".course-reflective").forEach(reflective);
  });

  // ---------------------------------------------------------------- shared computer, forget me

  const expiryDays = () => { const s = $(document, "script[data-expiry-days]"); return (s && +s.dataset.expiryDays) || 30; };

  function sharedControls(controls) {
    if (controls.dataset.ready) return;
    controls.dataset.ready = 1;
    const toggle = $(controls, ".course-shared__toggle");
    const status = $(controls, ".course-shared__status");
    toggle.addEventListener("change", () => {
      store().setShared(toggle.checked);
      status.textContent = toggle.checked ? T.sharedOn : fmt(T.sharedOff, { days: expiryDays() });
    });
    $(controls, ".course-shared__forget").addEventListener("click", () => {
      store().forgetAll(); // the course's keys and Material's settings, in both storage areas
      status.textContent = T.forgotten;
    });
  }

  function shared() {
    const bar = $(document, ".course-shared-bar");
    if (!bar) return;
    bar.hidden = false;
    // The privacy page has a place for the same controls in its text.
    $$(document, ".course-shared-switch").forEach((slot) => {
      if (!$(slot, ".course-shared")) slot.append($(bar, ".course-shared").cloneNode(true));
    });
    $$(document, ".course-shared").forEach((controls) => {
      controls.removeAttribute("data-ready");
      sharedControls(controls);
    });
  }

  // ---------------------------------------------------------------- My lessons and the completion record

  const pageLessons = () => $$(document, ".course-lesson-data > li[data-lesson]").map((li) => {
    let questions = [];
    try { questions = JSON.parse(li.dataset.confidence || "[]"); } catch (e) { /* none */ }
    const link = $(li, "a");
    return { id: li.dataset.lesson, title: link ? link.textContent : li.dataset.lesson, questions };
  });

  let includeReflections = false; // never kept: the patient chooses each time they print

  function summary(root) {
    const onRecord = root.matches(".course-record");
    const lessons = pageLessons();
    const rows = [];
    for (const lesson of lessons) {
      const saved = record("confidence:" + lesson.id);
      if (!saved) continue;
      for (const q of lesson.questions) {
        const text = change(saved, q.id);
        if (text) rows.push(make("tr", {}, make("th", { scope: "row", text: lesson.title }), make("td", { text: q.prompt }), make("td", { text })));
      }
    }
    const view = make("section", { class: "course-support-summary", "data-search-exclude": "" });
    if (rows.length) {
      view.append(
        make("h2", { text: onRecord ? T.recordTitle : T.myTitle }),
        onRecord ? null : make("p", { text: T.myIntro }),
        make("table", { class: "course-support-table course-confidence-table" },
          make("thead", {}, make("tr", {}, ...[T.colLesson, T.colQuestion, T.colChange].map((c) => make("th", { scope: "col", text: c })))),
          make("tbody", {}, ...rows)));
    }
    if (onRecord) {
      const box = make("input", { type: "checkbox", class: "course-support-include-box" });
      box.checked = includeReflections;
      box.addEventListener("change", () => {
        includeReflections = box.checked;
        render();
        $(document, ".course-support-include-box").focus();
      });
      view.append(make("p", {}, make("label", { class: "course-support-include" }, box, T.include)));
      if (includeReflections) {
        const order = new Map(lessons.map((l, i) => [l.id, i]));
        const byLesson = new Map(lessons.map((l) => [l.id, l]));
        const items = store().names("reflect:")
          .map((name) => ({ lesson: name.split(":")[1], value: record(name) }))
          .filter((r) => byLesson.has(r.lesson) && r.value && r.value.prompt && r.value.answer)
          .sort((a, b) => order.get(a.lesson) - order.get(b.lesson));
        view.append(make("h2", { text: T.reflectTitle }));
        view.append(items.length
          ? make("ul", { class: "course-reflections" }, ...items.map((r) => make("li", {},
            make("strong", { text: byLesson.get(r.lesson).title + ": " }), r.value.prompt, " ", make("em", { text: r.value.answer }))))
          : make("p", { text: T.reflectNone }));
      }
    }
    const old = root.parentNode.querySelector(":scope > .course-support-summary");
    old ? old.replaceWith(view) : root.after(view);
  }

  // ---------------------------------------------------------------- start

  function render() {
    $$(document, ".course-content-note[data-lesson]").forEach(contentNote);
    $$(document, ".course-confidence[data-lesson]").forEach(confidence);
    $$(document, ".course-reflective[data-lesson]").forEach(reflective);
    $$(document, ".course-shared__toggle").forEach((t) => { t.checked = store().shared(); });
    const journey = $(document, ".course-my-lessons, .course-record");
    if (journey) summary(journey);
  }

  function run() {
    shared();
    render();
  }

  // The language switcher (theme: partials/alternate.html) links this same page in each language. Material
  // takes such a click over and, unless that language's sitemap lists the page (only with a site_url), opens
  // the language's home page instead: the click stops here, and the link goes where it says.
  document.addEventListener("click", (e) => {
    if (e.target instanceof Element && e.target.closest(".md-select__link[hreflang]")) e.stopPropagation();
  }, true);

  if (!window.courseStore) return; // without store.js nothing could be kept: the page stays as it is without JavaScript
  // Re-read only when everything changed (shared mode switched, forgotten) or another tab changed it.
  document.addEventListener("course:store", (e) => { if (e.detail && e.detail.name === "*") render(); });
  document.addEventListener("course:quiz-result", render);
  window.addEventListener("storage", render);
  if (window.document$) window.document$.subscribe(run); // Material: on load and after each instant navigation
  else run();
})();
