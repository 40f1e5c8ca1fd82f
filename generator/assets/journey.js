/* The patient's journey, kept on this device only: My lessons, the completion record, and each lesson's
   progress line. Everything goes through window.courseStore (store.js), under these names:
     assignment      {lessons: [ids], due: "YYYY-MM-DD" | null, note, received: "YYYY-MM-DD"}  from a link
     read:<lesson>   {date}   here: the end of the lesson was on screen, or "Mark as read" was pressed
     result:<lesson> {score, total, percent, passed, date}   quiz.js, when a quiz is finished
     last:           {lesson, url}   here: the last lesson opened, for "Continue where I left off"
   An assignment link is a fragment, which browsers never send to a server:
     my-lessons.html#a=lesson-id,lesson-id&due=2026-12-01&n=<note, URL-encoded>
   It is checked when opened: unknown lessons and a malformed date are reported and the valid rest kept. */
(() => {
  "use strict";
  if (window.courseJourney) return; // run again by instant navigation: the document$ subscription does the work
  window.courseJourney = 1;

  // Every text this script shows comes from the page (journey.js.* messages on the element it fills, in the
  // page's language), read again on each page (run); {name} is filled in.
  let T = {};

  const $ = (node, css) => node.querySelector(css);
  const $$ = (node, css) => [...node.querySelectorAll(css)];
  const fmt = (text, values) => text.replace(/\{(\w+)\}/g, (_, name) => values[name]);
  const make = (tag, attrs, ...kids) => {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (name === "class") node.className = value;
      else if (name === "text") node.textContent = value;
      else node.setAttribute(name, value);
    }
    node.append(...kids.filter((kid) => kid != null && kid !== false));
    return node;
  };
  const store = () => window.courseStore;
  const lang = () => document.documentElement.lang || undefined;

  // ---------------------------------------------------------------- dates ("YYYY-MM-DD", local time)
  const pad = (n) => String(n).padStart(2, "0");
  const today = () => { const d = new Date(); return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`; };
  const asDate = (text) => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(typeof text === "string" ? text : "");
    if (!m) return null;
    const d = new Date(+m[1], +m[2] - 1, +m[3]);
    return d.getFullYear() === +m[1] && d.getMonth() === +m[2] - 1 && d.getDate() === +m[3] ? d : null;
  };
  const showDate = (text, long) => {
    const d = asDate(text);
    if (!d) return "";
    const style = long ? { weekday: "long", year: "numeric", month: "long", day: "numeric" } : { year: "numeric", month: "short", day: "numeric" };
    return d.toLocaleDateString(lang(), style);
  };

  // ---------------------------------------------------------------- what the page and the store say

  // The lessons of the site, from the page (journey-lessons.html.j2), in course order.
  const pageLessons = () => $$(document, ".course-lesson-data > li[data-lesson]").map((li) => {
    const link = $(li, "a");
    return {
      id: li.dataset.lesson,
      moduleTitle: li.dataset.moduleTitle,
      minutes: +li.dataset.minutes || 0,
      questions: +li.dataset.questions || 0,
      passMark: li.dataset.passMark ? +li.dataset.passMark : null,
      title: link ? link.textContent : li.dataset.lesson,
      href: link ? link.href : "#",
    };
  });

  const record = (name) => { const v = store().get(name); return v && typeof v === "object" && !Array.isArray(v) ? v : null; };
  const quizResult = (id) => {
    const r = record("result:" + id);
    return r && Number.isFinite(r.score) && Number.isFinite(r.total) && r.total > 0 ? r : null;
  };

  // Where the patient is with one lesson. A lesson with a quiz is done when the quiz is passed; without, when read.
  function progress(lesson) {
    const read = record("read:" + lesson.id);
    const result = quizResult(lesson.id);
    const passed = !!(result && result.passed);
    const done = lesson.questions ? passed : !!read;
    const percent = result ? (Number.isFinite(result.percent) ? result.percent : Math.round((result.score * 100) / result.total)) : 0;
    const values = result ? { score: result.score, total: result.total, percent, mark: lesson.passMark || "" } : {};
    const status = result ? fmt(passed ? T.passed : T.tried, values) : read ? T.read : T.notStarted;
    const completed = done ? (lesson.questions ? result.date : read.date) : null;
    return { read, result, passed, done, started: !!(read || result), status, completed, values };
  }

  function assignment(known) {
    const a = record("assignment");
    if (!a || !Array.isArray(a.lessons)) return null;
    const lessons = a.lessons.filter((id) => known.has(id));
    return lessons.length ? { ...a, lessons } : null;
  }

  // ---------------------------------------------------------------- an assignment link

  const isLink = (hash) => /(?:^#|&)(?:a|due|n)=/.test(hash);
  const shorten = (text) => (text.length > 40 ? text.slice(0, 39) + "…" : text);

  function readLink(hash, known, noteMax) {
    const params = new URLSearchParams(hash.replace(/^#/, ""));
    const problems = [];
    const ids = [];
    const unknown = [];
    for (const id of (params.get("a") || "").split(",").map((s) => s.trim()).filter(Boolean)) {
      const list = known.has(id) ? ids : unknown;
      if (!list.includes(id)) list.push(id);
    }
    if (unknown.length) problems.push(fmt(unknown.length === 1 ? T.unknownOne : T.unknownMany, { ids: unknown.slice(0, 5).map(shorten).join(", ") + (unknown.length > 5 ? ", …" : "") }));
    let due = (params.get("due") || "").trim() || null;
    if (due && !asDate(due)) {
      problems.push(fmt(T.badDate, { date: shorten(due) }));
      due = null;
    }
    let note = [...(params.get("n") || "").replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, " ").trim()];
    if (note.length > noteMax) {
      problems.push(fmt(T.longNote, { max: noteMax }));
      note = note.slice(0, noteMax);
    }
    if (!ids.length) problems.push(T.noLessons);
    else if (problems.length) problems.push(T.rest);
    return { ids, due, note: note.join("").trim(), problems };
  }

  // ---------------------------------------------------------------- My lessons

  let messages = []; // what opening a link said, shown until the page is left
  let saved = false;
  let removed = false;

  function openLink(root, lessons) {
    messages = [];
    saved = removed = false;
    if (!isLink(location.hash)) return;
    const known = new Set(lessons.map((l) => l.id));
    const link = readLink(location.hash, known, +root.dataset.noteMax || 140);
    messages = link.problems;
    saved = link.ids.length > 0;
    if (saved) store().set("assignment", { lessons: link.ids, due: link.due, note: link.note, received: today() });
    // The list is saved; the address bar and the history keep no note and no list.
    history.replaceState(history.state, "", location.pathname + location.search);
  }

  function lessonItem(lesson, withModule) {
    const p = progress(lesson);
    const meta = withModule ? `${lesson.moduleTitle} · ${lesson.minutes} min` : `${lesson.minutes} min`;
    const state = p.done ? "done" : p.started ? "started" : "new";
    return make("li", { class: `course-journey-item course-journey-${state}`, "data-lesson": lesson.id },
      make("span", { class: "course-journey-icon", "aria-hidden": "true", text: p.done ? "✓" : p.started ? "◐" : "○" }),
      make("span", { class: "course-journey-text" },
        make("a", { href: lesson.href, text: lesson.title }),
        make("span", { class: "course-journey-meta", text: meta }),
        make("span", { class: "course-journey-status", text: p.status })));
  }

  function renderMyLessons(root) {
    const lessons = pageLessons();
    const known = new Set(lessons.map((l) => l.id));
    const byId = new Map(lessons.map((l) => [l.id, l]));
    const a = assignment(known);
    const list = a ? a.lessons.map((id) => byId.get(id)) : lessons;
    const states = new Map(list.map((l) => [l.id, progress(l)]));
    const doneCount = list.filter((l) => states.get(l.id).done).length;
    const view = make("div", { class: "course-journey-view" });

    if (messages.length) {
      view.append(make("div", { class: "admonition warning course-journey-notice", role: "alert" },
        make("p", { class: "admonition-title", text: T.linkTitle }),
        make("ul", {}, ...messages.map((m) => make("li", { text: m })))));
    } else if (saved) {
      view.append(make("p", { class: "course-journey-saved", role: "status", text: T.saved }));
    }
    if (removed) view.append(make("p", { class: "course-journey-saved", role: "status", text: T.removed }));

    const minutes = list.reduce((sum, l) => sum + l.minutes, 0);
    if (a) {
      view.append(make("h2", { id: "your-list", text: T.yourList }));
      view.append(make("p", { class: "course-journey-summary", text: fmt(list.length === 1 ? T.listSummaryOne : T.listSummary, { n: list.length, minutes }) }));
      if (a.due && asDate(a.due)) {
        const late = a.due < today() && doneCount < list.length;
        view.append(make("p", { class: "course-journey-due", text: fmt(late ? T.duePassed : T.due, { date: showDate(a.due, true) }) }));
      }
      if (typeof a.note === "string" && a.note) {
        view.append(make("p", { class: "course-journey-note" }, make("strong", { text: T.note }), " ", make("span", { text: a.note })));
      }
    } else {
      view.append(make("p", { class: "course-journey-nolist", text: T.noList }));
    }

    const doneText = fmt(T.done, { n: doneCount, total: list.length });
    view.append(make("p", { class: "course-journey-progress" },
      make("progress", { max: String(list.length), value: String(doneCount), "aria-label": doneText }),
      " ", make("span", { text: doneText })));

    const last = record("last:");
    const resume = list.find((l) => last && l.id === last.lesson && !states.get(l.id).done);
    const next = resume || list.find((l) => !states.get(l.id).done);
    if (next) {
      const label = fmt(resume || list.some((l) => states.get(l.id).started) ? T.continue : T.start, { title: next.title });
      view.append(make("p", { class: "course-journey-continue" }, make("a", { class: "md-button md-button--primary", href: next.href, text: label })));
    } else {
      view.append(make("p", { class: "course-journey-alldone", text: T.allDone }));
    }

    if (a) {
      view.append(make("ol", { class: "course-journey-list" }, ...list.map((l) => lessonItem(l, true))));
    } else {
      let current = null;
      for (const lesson of list) {
        if (!current || current.dataset.module !== lesson.moduleTitle) {
          view.append(make("h2", { text: lesson.moduleTitle }));
          current = view.appendChild(make("ol", { class: "course-journey-list", "data-module": lesson.moduleTitle }));
        }
        current.append(lessonItem(lesson));
      }
    }

    const recordLink = $(document, "a.course-journey-record");
    const actions = make("p", { class: "course-journey-actions" },
      recordLink ? make("a", { class: "md-button", href: recordLink.href, text: T.record }) : null);
    if (a) {
      const button = make("button", { type: "button", class: "md-button course-journey-remove", text: T.remove });
      button.addEventListener("click", () => {
        store().remove("assignment");
        messages = [];
        saved = false;
        removed = true;
        render();
        const said = $(root, ".course-journey-view .course-journey-saved");
        if (said) {
          said.setAttribute("tabindex", "-1");
          said.focus(); // the pressed button is gone: keep the focus where the news is
        }
      });
      actions.append(" ", button);
    }
    view.append(actions);

    const old = $(root, ".course-journey-view");
    old ? old.replaceWith(view) : root.append(view);
  }

  // ---------------------------------------------------------------- Completion record

  function renderRecord(root) {
    const lessons = pageLessons();
    const known = new Set(lessons.map((l) => l.id));
    const byId = new Map(lessons.map((l) => [l.id, l]));
    const a = assignment(known);
    const list = a ? a.lessons.map((id) => byId.get(id)) : lessons.filter((l) => progress(l).started);
    const view = make("div", { class: "course-journey-view" });
    view.append(make("p", { class: "course-record-printed", text: fmt(T.printed, { date: showDate(today(), true) }) }));
    if (a) {
      const received = showDate(a.received, true);
      const lines = [received ? fmt(T.recordFor, { received }) : "", a.due && asDate(a.due) ? fmt(T.recordDue, { date: showDate(a.due, true) }) : ""];
      view.append(make("p", { class: "course-record-list", text: lines.filter(Boolean).join(" ") }));
    } else {
      view.append(make("p", { class: "course-record-list", text: list.length ? T.recordNoList : T.recordNothing }));
    }
    if (list.length) {
      const cell = (text, cls) => make("td", cls ? { class: cls, text } : { text });
      const rows = list.map((lesson) => {
        const p = progress(lesson);
        return make("tr", { class: p.done ? "course-record-done" : "" },
          make("th", { scope: "row", text: lesson.title }),
          cell(String(lesson.minutes), "course-number"),
          cell(p.read ? showDate(p.read.date) || T.read : T.notYet),
          cell(!lesson.questions ? T.noQuiz : p.result ? fmt(T.scoreCell, p.values) : T.notYet),
          cell(lesson.passMark ? `${lesson.passMark}%` : "–"),
          cell(p.done ? showDate(p.completed) || T.read : T.notYet));
      });
      view.append(make("table", { class: "course-record-table" },
        make("caption", { text: T.caption }),
        make("thead", {}, make("tr", {}, ...[T.colLesson, T.colMinutes, T.colRead, T.colScore, T.colPassMark, T.colCompleted]
          .map((c) => make("th", { scope: "col", text: c })))),
        make("tbody", {}, ...rows)));
      const done = list.filter((l) => progress(l).done).length;
      const minutes = list.reduce((sum, l) => sum + l.minutes, 0);
      view.append(make("p", { class: "course-record-total", text: fmt(T.total, { n: done, total: list.length, minutes }) }));
    }
    view.append(make("p", { class: "course-record-private", text: T.privateNote }));
    const old = $(root, ".course-journey-view");
    old ? old.replaceWith(view) : root.append(view);
  }

  // ---------------------------------------------------------------- a lesson page

  let observer = null;

  function lessonPage(box) {
    const id = box.dataset.lesson;
    store().set("last:", { lesson: id, url: location.pathname + location.search });
    const status = $(box, ".course-progress-status");
    const button = $(box, ".course-mark-read");
    // Saving dispatches "course:store", and render() then shows (and the live region announces) "Read on <date>".
    const markRead = () => { if (!record("read:" + id)) store().set("read:" + id, { date: today() }); };
    button.addEventListener("click", () => {
      markRead();
      status.setAttribute("tabindex", "-1");
      status.focus(); // the button goes away: keep the focus on what replaced it
    });
    box.hidden = false;

    // The end of the lesson (before the help box) counts once it has been on screen.
    if (observer) observer.disconnect();
    const article = box.closest("article") || document.body;
    const end = make("div", { class: "course-read-end", "aria-hidden": "true" });
    article.insertBefore(end, $(article, ".course-help") || null);
    if ("IntersectionObserver" in window) {
      observer = new IntersectionObserver((entries) => {
        if (!entries.some((e) => e.isIntersecting)) return;
        observer.disconnect();
        markRead();
      });
      observer.observe(end);
    }
  }

  function updateLesson(box) {
    const id = box.dataset.lesson;
    const quiz = $(document, `.course-quiz[data-lesson="${CSS.escape(id)}"]`);
    const lesson = { id, questions: quiz ? 1 : 0, passMark: quiz ? +quiz.dataset.passMark : null };
    const p = progress(lesson);
    const parts = [p.read ? fmt(T.readOn, { date: showDate(p.read.date) }) : T.notRead];
    if (p.result) parts.push(p.status + ".");
    const text = parts.join(" ");
    const status = $(box, ".course-progress-status");
    if (status.textContent !== text) status.textContent = text;
    $(box, ".course-mark-read").hidden = !!p.read;
  }

  // ---------------------------------------------------------------- start

  function render() {
    // A store event (quiz.js restoring answers) can come before run() has read the page's texts: run() renders then.
    if (!Object.keys(T).length) return;
    const mine = $(document, ".course-my-lessons");
    if (mine) renderMyLessons(mine);
    const rec = $(document, ".course-record");
    if (rec) renderRecord(rec);
    const box = $(document, ".course-progress[data-lesson]");
    if (box) updateLesson(box);
  }

  function run() {
    const holder = $(document, ".course-journey[data-messages], .course-progress[data-messages]");
    if (holder) T = JSON.parse(holder.dataset.messages);
    const pageRoot = $(document, ".course-my-lessons, .course-record");
    if (pageRoot) {
      $$(document, ".course-needs-js, .course-lesson-data").forEach((n) => { n.hidden = true; });
      if (pageRoot.matches(".course-my-lessons")) openLink(pageRoot, pageLessons());
    }
    const box = $(document, ".course-progress[data-lesson]");
    if (box && !box.dataset.ready) {
      box.dataset.ready = 1;
      lessonPage(box);
    }
    render();
  }

  let started = false;
  const start = () => {
    if (started || !window.courseStore) return; // without store.js the pages stay as they are without JavaScript
    started = true;
    document.addEventListener("course:store", render);
    document.addEventListener("course:quiz-result", render);
    window.addEventListener("storage", render); // another tab of this site
    window.addEventListener("hashchange", () => { if (isLink(location.hash)) run(); });
    if (window.document$) window.document$.subscribe(run); // Material: on load and after each instant navigation
    else run();
  };
  // store.js comes after the page's own scripts (all deferred, in order): wait for it when it is not there yet.
  if (window.courseStore) start();
  else {
    document.addEventListener("DOMContentLoaded", start, { once: true });
    window.addEventListener("load", start, { once: true });
  }
})();
