// SCORM 1.2 launch page: the one place that talks to the LMS.
//
// It finds the LMS API, calls LMSInitialize once, shows the course's own pages in a frame and
// hears from them (page.js) when a lesson was read or a quiz finished. After every change it
// sets the status, score and progress and calls LMSCommit; when the page goes away it calls
// LMSFinish once. No answers to single questions are sent (no cmi.interactions): they stay on
// the patient's device, as on the site.
(function () {
  "use strict";

  const course = JSON.parse(document.getElementById("course-scorm-data").textContent);
  const frame = document.querySelector(".course-scorm-frame");
  const progress = document.querySelector(".course-scorm-progress");
  const exitButton = document.querySelector(".course-scorm-exit");
  const closedNote = document.querySelector(".course-scorm-closed");
  const lessons = new Map(course.lessons.map((lesson) => [lesson.id, lesson]));
  const quizLessons = course.lessons.filter((lesson) => lesson.quiz);
  const started = Date.now();

  const api = findApi();
  if (!api) {
    // Not launched by an LMS: the package is just the site.
    location.replace(course.start);
    return;
  }
  if (String(api.LMSInitialize("")) !== "true") {
    progress.textContent = "Your learning system did not answer: your progress is not being saved.";
    frame.src = course.start;
    return;
  }

  let finished = false;
  let reportedStatus = get("cmi.core.lesson_status");
  const state = restore(get("cmi.suspend_data"));
  if (!state.at) state.at = knownPage(get("cmi.core.lesson_location"));

  // ------------------------------------------------------------ the LMS

  // The standard search: this window's parents, then the window that opened it and its parents.
  function findApi() {
    return searchUp(window) || (window.opener ? searchUp(window.opener) : null);
  }

  function searchUp(start) {
    let win = start;
    for (let hops = 0; win && hops < 10; hops++) {
      try {
        if (win.API) return win.API;
      } catch (error) {
        // A window of another origin: its API cannot be ours; keep climbing.
      }
      if (win.parent === win) break;
      win = win.parent;
    }
    return null;
  }

  function get(element) {
    const value = api.LMSGetValue(element);
    return value == null ? "" : String(value);
  }

  const sent = new Map();

  function set(element, value) {
    api.LMSSetValue(element, String(value));
    sent.set(element, String(value));
  }

  // Only what changed goes to the LMS, so each commit carries the change and nothing else.
  function update(element, value) {
    if (sent.get(element) !== String(value)) set(element, value);
  }

  // ------------------------------------------------------------ progress

  function emptyState() {
    return { v: 1, at: "", read: [], quiz: {} };
  }

  // What a former launch saved, keeping only lessons and pages this package still has.
  function restore(saved) {
    const fresh = emptyState();
    let data;
    try {
      data = JSON.parse(saved);
    } catch (error) {
      return fresh;
    }
    if (!data || data.v !== 1) return fresh;
    fresh.at = knownPage(data.at);
    fresh.read = Array.isArray(data.read) ? data.read.filter((id) => lessons.has(id)) : [];
    for (const [id, result] of Object.entries(data.quiz || {})) {
      if (lessons.has(id) && lessons.get(id).quiz && validResult(result)) fresh.quiz[id] = result;
    }
    return fresh;
  }

  function validResult(result) {
    return Array.isArray(result) && result.length === 3 && result.every((n) => Number.isInteger(n) && n >= 0);
  }

  function knownPage(page) {
    return typeof page === "string" && course.pages.includes(page) ? page : "";
  }

  function courseStatus() {
    if (quizLessons.length === 0) {
      return course.lessons.every((lesson) => state.read.includes(lesson.id)) ? "completed" : "incomplete";
    }
    return quizLessons.every((lesson) => state.quiz[lesson.id] && state.quiz[lesson.id][2] === 1) ? "passed" : "incomplete";
  }

  // Questions right in each quiz's best attempt, as a percent of all questions of the course.
  function courseScore() {
    let right = 0;
    let total = 0;
    for (const lesson of quizLessons) {
      const result = state.quiz[lesson.id];
      right += result ? result[0] : 0;
      total += result ? result[1] : lesson.quiz.questions;
    }
    return total ? Math.round((100 * right) / total) : 0;
  }

  function save() {
    if (finished) return;
    const data = JSON.stringify(state);
    if (data.length <= course.suspend_data_limit) update("cmi.suspend_data", data);
    if (state.at) update("cmi.core.lesson_location", state.at);
    const status = courseStatus();
    // A status the LMS already holds as done is never taken back.
    const done = reportedStatus === "passed" || reportedStatus === "completed";
    if (status !== reportedStatus && !(done && status === "incomplete")) {
      set("cmi.core.lesson_status", status);
      reportedStatus = status;
    }
    if (quizLessons.length) update("cmi.core.score.raw", courseScore());
    api.LMSCommit("");
    show();
  }

  function show() {
    const read = state.read.length;
    const passed = quizLessons.filter((lesson) => state.quiz[lesson.id] && state.quiz[lesson.id][2] === 1).length;
    let text = `Lessons read: ${read} of ${course.lessons.length}.`;
    if (quizLessons.length) text += ` Quizzes passed: ${passed} of ${quizLessons.length}.`;
    progress.textContent = `${text} Your progress is saved.`;
  }

  function finish() {
    if (finished) return;
    set("cmi.core.exit", "suspend");
    set("cmi.core.session_time", timespan(Date.now() - started));
    api.LMSCommit("");
    api.LMSFinish("");
    finished = true;
  }

  // SCORM 1.2 CMITimespan: HHHH:MM:SS.SS
  function timespan(ms) {
    const centiseconds = Math.floor(ms / 10);
    const hours = Math.min(9999, Math.floor(centiseconds / 360000));
    const minutes = Math.floor(centiseconds / 6000) % 60;
    const seconds = Math.floor(centiseconds / 100) % 60;
    const pad = (n, width) => String(n).padStart(width, "0");
    return `${pad(hours, 4)}:${pad(minutes, 2)}:${pad(seconds, 2)}.${pad(centiseconds % 100, 2)}`;
  }

  // ------------------------------------------------------------ what the pages report (page.js)

  window.CourseScorm = {
    lessonRead(id) {
      if (!lessons.has(id) || state.read.includes(id)) return;
      state.read.push(id);
      save();
    },
    quizResult(detail) {
      const lesson = detail && lessons.get(detail.lesson);
      if (!lesson || !lesson.quiz) return;
      const score = Number(detail.score);
      const total = Number(detail.total);
      if (!Number.isInteger(score) || !Number.isInteger(total) || total <= 0 || score < 0 || score > total) return;
      const passed = typeof detail.passed === "boolean" ? detail.passed : (100 * score) / total >= lesson.quiz.pass_mark;
      const before = state.quiz[lesson.id];
      // The best attempt counts, and a quiz once passed stays passed.
      const next = !before || score / total >= before[0] / before[1] ? [score, total, 0] : before.slice();
      next[2] = passed || (before && before[2] === 1) ? 1 : 0;
      if (before && before.join() === next.join()) return;
      state.quiz[lesson.id] = next;
      save();
    },
  };

  frame.addEventListener("load", () => {
    let page;
    try {
      const url = new URL(frame.contentWindow.location.href);
      page = url.href.slice(0, url.href.length - url.hash.length - url.search.length);
      page = page.startsWith(packageBase()) ? page.slice(packageBase().length) : "";
    } catch (error) {
      return; // a page of another site, opened from a link: nothing to remember
    }
    if (knownPage(page) && page !== state.at) {
      state.at = page;
      save();
    }
  });

  function packageBase() {
    return new URL(".", location.href).href;
  }

  exitButton.hidden = false;
  exitButton.addEventListener("click", () => {
    finish();
    frame.remove();
    exitButton.hidden = true;
    closedNote.hidden = false;
  });
  window.addEventListener("pagehide", finish);
  window.addEventListener("beforeunload", finish);

  if (reportedStatus === "" || reportedStatus === "not attempted") {
    set("cmi.core.lesson_status", "incomplete");
    reportedStatus = "incomplete";
  }
  if (quizLessons.length) {
    set("cmi.core.score.min", 0);
    set("cmi.core.score.max", 100);
  }
  save();
  frame.src = state.at || course.start;
})();
