// On every page of a SCORM package (never on the normal site): tells the launch page around it
// what the patient did. Opened on its own, outside the launch page, it does nothing.
//
// The contract with the other scripts of the page, as DOM events on `document`:
//   course:quiz-result  {lesson, score, total, percent, passed}  quiz.js, when a quiz is finished
//   course:lesson-read  {lesson}  this script, when the end of a lesson page has been on screen
(function () {
  "use strict";

  const lesson = document.currentScript && document.currentScript.dataset.lesson;
  let host = null;
  try {
    host = window.parent !== window ? window.parent.CourseScorm : null;
  } catch (error) {
    host = null; // framed by a page of another origin: not our launch page
  }
  if (!host) return;

  document.addEventListener("course:quiz-result", (event) => host.quizResult(event.detail || {}));
  document.addEventListener("course:lesson-read", (event) => host.lessonRead((event.detail || {}).lesson));

  document.addEventListener("DOMContentLoaded", () => {
    // Links that leave the course open in a new tab: many sites refuse to be shown in a frame.
    for (const link of document.querySelectorAll("a[href]")) {
      if (/^https?:$/.test(link.protocol) && link.origin !== location.origin) {
        link.target = "_blank";
        link.rel = "noopener";
      }
    }
    if (lesson) watchTheEnd(lesson);
  });

  // A lesson counts as read once its last line has been on screen.
  function watchTheEnd(id) {
    const article = document.querySelector("article") || document.body;
    const end = document.createElement("div");
    end.className = "course-lesson-end";
    end.setAttribute("aria-hidden", "true");
    end.style.height = "1px"; // an element with no area may never count as seen
    article.appendChild(end);
    const observer = new IntersectionObserver((entries) => {
      if (!entries.some((entry) => entry.isIntersecting)) return;
      observer.disconnect();
      document.dispatchEvent(new CustomEvent("course:lesson-read", { detail: { lesson: id } }));
    });
    observer.observe(end);
  }
})();
