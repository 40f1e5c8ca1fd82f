/* Self-check quizzes. Progress stays on this device: "course:<site path>:<lesson>:<quiz key>" (the site path from
   this file's URL, <site>/assets/course/quiz.js; the key hashes the quiz, so a changed quiz starts fresh).
   A finished quiz dispatches "course:quiz-result" on document. */
(() => {
  "use strict";
  // Run again by instant navigation: the document$ subscription does the work.
  if (window.courseQuiz) return;
  window.courseQuiz = 1;

  const $ = (node, css) => node.querySelector(css);
  const $$ = (node, css) => [...node.querySelectorAll(css)];
  const fmt = (text, values) => text.split(/\{(\w+)\}/).flatMap((part, i) => (i % 2 ? values[part] : part));
  const make = (tag, cls, ...kids) => {
    const node = document.createElement(tag);
    node.className = cls;
    node.append(...kids);
    return node;
  };
  const icon = (ok, sign) => {
    const node = make("span", ok ? "course-icon" : "course-icon course-x", sign || (ok ? "✓" : "✗"));
    node.setAttribute("aria-hidden", "true");
    return node;
  };
  // Author text is already rendered and escaped in the page: copy its nodes, never parse it again.
  const copy = (node) => [...node.cloneNode(true).childNodes];

  // Saved through the course's store (store.js) when the page has it, so its shared-computer mode applies;
  // else in localStorage, the same way. Storage blocked or full: the quiz works, unsaved.
  let ls;
  try { ls = localStorage; } catch (e) {}
  const me = document.currentScript;
  const PREFIX = "course:" + (me ? new URL("../..", me.src).pathname : "/") + ":";
  const local = {
    names: () => Object.keys(ls).filter((k) => k.startsWith(PREFIX)).map((k) => k.slice(PREFIX.length)),
    get: (name) => JSON.parse(ls.getItem(PREFIX + name)),
    set: (name, value) => ls.setItem(PREFIX + name, JSON.stringify(value)),
    remove: (name) => ls.removeItem(PREFIX + name),
  };
  const store = (method, ...args) => { try { return (window.courseStore || local)[method](...args); } catch (e) {} };
  const quizNames = (start) => (store("names") || []).filter((n) => n.startsWith(start) && /:[0-9a-f]{12}$/.test(n));

  // An answer is a list of strings: the chosen values, the chosen matches, or the items' order.
  const read = (q) => q.type === "matching" ? $$(q.el, "select").map((s) => s.value)
    : q.type === "ordering" ? $$(q.el, ".course-order-item").map((li) => li.dataset.index)
    : $$(q.el, "input:checked").map((i) => i.value);

  const write = (q, answer) => {
    const a = Array.isArray(answer) ? answer.map(String) : [];
    if (q.type === "matching") {
      $$(q.el, "select").forEach((s, i) => { s.value = a[i] || ""; });
    } else if (q.type === "ordering") {
      const items = $$(q.el, ".course-order-item");
      if (a.slice().sort().join() === q.want) a.forEach((x) => items[0].parentNode.append(items.find((li) => li.dataset.index === x)));
      $$(q.el, ".course-order-item").forEach((li, i, all) => {
        $(li, ".course-up").disabled = !i;
        $(li, ".course-down").disabled = i === all.length - 1;
      });
    } else {
      $$(q.el, "input").forEach((i) => { i.checked = a.includes(i.value); });
    }
  };

  function init(root) {
    if (root.dataset.ready) return;
    root.dataset.ready = 1;
    const data = JSON.parse(root.dataset.quiz);
    // Every text shown to patients comes from the page (quiz.js.* messages, in its language); {name} is filled in.
    const T = JSON.parse(root.dataset.messages || "{}");
    const lesson = data.lesson + ":";
    const key = lesson + root.dataset.quizKey;
    // Forget the answers to older versions of this quiz.
    quizNames(lesson).forEach((n) => n !== key && store("remove", n));
    const result = $(root, ".course-result");
    const next = $(root, ".course-next");
    const qs = $$(root, ".course-question").map((el, i) => {
      const d = data.questions[i];
      const want = d.count ? [...Array(d.count).keys()] : [].concat(d.correct);
      return { el, d, type: d.type, id: d.id, want: want.join(), fb: $(el, ".course-feedback"), ok: null };
    });
    let st = store("get", key);
    if (!(st && st.answers && Array.isArray(st.checked))) st = { answers: {}, checked: [] };

    function check(q) {
      const a = read(q);
      const type = q.type;
      q.fb.className = "course-feedback";
      if (!a.length || a.includes("")) return q.fb.replaceChildren(make("p", "", type === "matching" ? T.firstMatch : T.first));
      const ok = (q.ok = a.join() === q.want);
      const lines = make(type === "ordering" ? "ol" : "ul", "course-lines");
      // One line: icon (unless null), words, the option's text, then its feedback from the page.
      const line = (good, words, node, text) => lines.append(make("li", "", ...(good == null ? [] : [icon(good)]),
        make("strong", "", ...[].concat(words)), " ", ...text, " · ", ...copy($(node, ".course-option-feedback"))));
      if (type === "matching") {
        $$(q.el, ".course-pair").forEach((pair, i) => {
          const good = a[i] === "" + i;
          const match = $(pair, `option[value="${i}"]`).text;
          line(good, good ? T.isRight : T.notQuite, pair, fmt(T.goesWith, { item: copy($(pair, "label")), match }));
        });
      } else if (type === "ordering") {
        const items = $$(q.el, ".course-order-item");
        items.slice().sort((x, y) => x.dataset.index - y.dataset.index).forEach((li) => {
          const at = items.indexOf(li);
          const good = at === +li.dataset.index;
          line(good, good ? T.inPlace : fmt(T.outOfPlace, { n: at + 1 }), li, copy($(li, ".course-order-text")));
        });
      } else {
        $$(q.el, ".course-option").forEach((option, i) => {
          const input = $(option, "input");
          const right = type === "true_false" ? input.value === q.want : q.d.correct.includes(i);
          if (input.checked) line(right, right ? T.isRight : T.notThis, option, copy($(option, "label")));
          else if (right && type === "multiple") line(null, T.alsoRight, option, copy($(option, "label")));
        });
      }
      q.fb.classList.add(ok ? "course-ok" : "course-no");
      q.fb.replaceChildren(
        make("p", "course-verdict", icon(ok), ok ? T.right : T.why),
        ...(type === "ordering" ? [make("p", "", T.order)] : []),
        lines,
        $(q.el, ".course-answer .course-explanation").cloneNode(true),
        $(q.el, ".course-answer .course-review").cloneNode(true),
      );
      q.el.classList.add("course-done");
      st.answers[q.id] = a;
      if (!st.checked.includes(q.id)) st.checked.push(q.id);
    }

    function uncheck(q) {
      q.ok = null;
      q.fb.className = "course-feedback";
      q.fb.replaceChildren();
      q.el.classList.remove("course-done");
      st.checked = st.checked.filter((id) => id !== q.id);
    }

    // "Re-read: <heading of the section>", a link to the section a missed question names
    const reread = (q) => {
      const link = $(q.el, ".course-answer .course-review a").cloneNode();
      const heading = document.getElementById(decodeURIComponent(link.hash.slice(1)));
      link.append(T.reread, heading ? heading.textContent.replace(/¶\s*$/, "").trim() : link.hash);
      return link;
    };

    // Show the score once every question is checked, save, and return the score (or nothing).
    function update() {
      const done = qs.every((q) => q.ok != null);
      if (st.checked.length || st.shown || Object.keys(st.answers).length) store("set", key, st);
      else store("remove", key);
      $(root, ".course-show-answers").hidden = !done;
      if (next) next.hidden = !done;
      result.className = "course-result";
      if (!done) return result.replaceChildren();
      const score = qs.filter((q) => q.ok).length;
      const percent = Math.round((score * 100) / qs.length);
      const passed = percent >= data.pass_mark;
      const seen = new Set();
      const missed = qs.filter((q) => !q.ok).map(reread).filter((a) => !seen.has(a.href) && seen.add(a.href));
      result.classList.add(passed ? "course-ok" : "course-no");
      result.replaceChildren(
        make("p", "course-verdict", icon(passed, passed ? "" : "↻"), ...fmt(T.score, { n: score, total: qs.length, p: percent })),
        make("p", "", ...fmt(passed ? T.pass : T.again, { m: data.pass_mark })),
        ...(missed.length ? [...(passed ? [make("p", "", T.missed)] : []), make("ul", "", ...missed.map((a) => make("li", "", a)))] : []),
        ...(next ? [make("p", "", T.next)] : []),
      );
      return { lesson: data.lesson, score, total: qs.length, percent, passed };
    }

    function show(on) {
      st.shown = on;
      root.classList.toggle("course-shown", on);
      $$(root, ".course-answer").forEach((d) => { d.open = on; });
    }

    function edited(q) {
      uncheck(q);
      st.answers[q.id] = read(q);
      update();
    }

    function reset() {
      st = { answers: {}, checked: [] };
      qs.forEach((q) => { write(q, q.start); uncheck(q); });
      show(false);
      update();
    }

    root.addEventListener("change", (e) => {
      const q = qs.find((x) => x.el.contains(e.target));
      if (q) edited(q);
    });

    root.addEventListener("click", (e) => {
      const button = e.target.closest("button");
      if (!button) return;
      const q = qs.find((x) => x.el.contains(button));
      const is = (css) => button.matches(css);
      if (is(".course-check")) {
        check(q);
        const detail = update();
        if (detail) {
          // My lessons and the completion record read the finished result; SCORM listens for the event.
          store("set", "result:" + detail.lesson, { ...detail, date: new Date().toISOString().slice(0, 10) });
          document.dispatchEvent(new CustomEvent("course:quiz-result", { detail }));
        }
      } else if (is(".course-up, .course-down")) {
        const li = button.closest("li");
        const up = is(".course-up");
        const other = up ? li.previousElementSibling : li.nextElementSibling;
        if (!other) return;
        // Move the neighbour, so the pressed button keeps the focus.
        up ? li.after(other) : li.before(other);
        write(q, read(q));
        if (button.disabled) $(li, up ? ".course-down" : ".course-up").focus();
        edited(q);
        const items = $$(q.el, ".course-order-item");
        q.fb.append(...fmt(T.moved, { item: $(li, ".course-order-text").textContent, n: items.indexOf(li) + 1, total: items.length }));
      } else if (is(".course-retry")) {
        reset();
        $(qs[0].el, "input, select, button:not(:disabled)").focus();
      } else if (is(".course-clear")) {
        // The answers to every quiz of this course; whatever else the course saved stays.
        quizNames("").forEach((n) => store("remove", n));
        reset();
        result.append(make("p", "", T.cleared));
      } else if (is(".course-show-answers")) {
        show(true);
        update();
      }
    });

    // Show what needs JavaScript; restore saved answers without announcing each of them again.
    root.classList.add("course-js");
    $$(root, ".course-check, .course-order-buttons, .course-js-hint, .course-quiz-controls").forEach((n) => { n.hidden = false; });
    const live = st.checked.length ? $$(root, "[aria-live]") : [];
    live.forEach((r) => r.setAttribute("aria-live", "off"));
    qs.forEach((q) => {
      q.start = read(q);
      write(q, st.answers[q.id] || q.start);
    });
    qs.forEach((q) => { if (st.checked.includes(q.id)) check(q); });
    st.checked = qs.filter((q) => q.ok != null).map((q) => q.id);
    if (st.shown) show(true);
    update();
    setTimeout(() => live.forEach((r) => r.setAttribute("aria-live", "polite")), 500);
  }

  const run = () => document.querySelectorAll(".course-quiz").forEach(init);
  // Material: on load and after each instant navigation.
  if (window.document$) window.document$.subscribe(run);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
  else run();
})();
