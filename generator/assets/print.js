// Printing: the "Print this lesson" button, and every <details> opened on paper.
// print.css opens them too (::details-content) where the browser supports it; this covers the others.
(function () {
  "use strict";

  // print.css writes out link targets; a link that shows its own address is marked so it is not printed twice.
  document.querySelectorAll(".md-typeset a[href^='http']").forEach(function (link) {
    if (link.textContent.trim().replace(/\/$/, "") === link.getAttribute("href").replace(/\/$/, "")) {
      link.classList.add("course-bare-link");
    }
  });

  document.querySelectorAll(".course-print").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });

  // The quiz's own "Show the answer" blocks stay shut: on paper the worksheet and answer key replace the quiz.
  var opened = [];
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details:not([open])").forEach(function (details) {
      if (details.closest(".course-quiz")) return;
      details.open = true;
      opened.push(details);
    });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (details) { details.open = false; });
    opened = [];
  });
})();
