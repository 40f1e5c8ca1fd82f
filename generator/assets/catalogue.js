/* The lesson catalogue (clinicians): filter the rows by module and audience, sort by a column. All in the page,
   nothing saved or sent. Rows carry data-module and data-audience; sortable headings carry data-sort. */
(() => {
  "use strict";
  if (window.courseCatalogue) return; // run again by instant navigation: the document$ subscription does the work
  window.courseCatalogue = 1;

  const fmt = (text, values) => text.replace(/\{(\w+)\}/g, (_, name) => values[name]);

  function init(filters) {
    if (filters.dataset.ready) return;
    filters.dataset.ready = 1;
    // Every text this script shows comes from the page (catalogue.js.* messages, in its language); {name} is filled in.
    const T = JSON.parse(filters.dataset.messages || "{}");
    const table = filters.parentNode.querySelector("table.course-catalogue");
    if (!table) return;
    const body = table.tBodies[0];
    const rows = [...body.rows];
    const count = document.querySelector(".course-catalogue-count");
    const selects = [...filters.querySelectorAll("select[data-filter]")];

    function filter() {
      const wanted = Object.fromEntries(selects.map((s) => [s.dataset.filter, s.value]));
      let shown = 0;
      for (const row of rows) {
        const visible = (!wanted.module || row.dataset.module === wanted.module)
          && (!wanted.audience || row.dataset.audience.split(" ").includes(wanted.audience));
        row.hidden = !visible;
        shown += visible;
      }
      if (count) count.textContent = fmt(shown === rows.length ? T.all : T.some, { n: shown, total: rows.length });
    }

    // Sorting: a button in each sortable heading; aria-sort tells screen readers the order.
    const headings = [...table.tHead.rows[0].cells];
    headings.forEach((th, column) => {
      if (!th.dataset.sort) return;
      const button = document.createElement("button");
      button.type = "button";
      button.className = "course-sort";
      button.textContent = th.textContent;
      button.title = fmt(T.sortBy, { column: th.textContent });
      const arrow = document.createElement("span");
      arrow.className = "course-sort-arrow";
      arrow.setAttribute("aria-hidden", "true");
      button.append(arrow);
      th.replaceChildren(button);
      button.addEventListener("click", () => {
        const ascending = th.getAttribute("aria-sort") !== "ascending";
        headings.forEach((other) => other.removeAttribute("aria-sort"));
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        const key = (row) => {
          const cell = row.cells[column];
          const value = cell.dataset.sortValue || cell.textContent.trim();
          return th.dataset.sort === "number" ? parseFloat(value) || 0 : value.toLocaleLowerCase();
        };
        const sorted = rows.slice().sort((a, b) => {
          const x = key(a);
          const y = key(b);
          const order = x < y ? -1 : x > y ? 1 : rows.indexOf(a) - rows.indexOf(b); // ties keep the course order
          return ascending ? order : -order;
        });
        body.append(...sorted);
      });
    });

    selects.forEach((select) => select.addEventListener("change", filter));
    filters.addEventListener("submit", (event) => event.preventDefault());
    filters.hidden = false;
    filter();
  }

  const run = () => document.querySelectorAll(".course-catalogue-filters").forEach(init);
  if (window.document$) window.document$.subscribe(run); // Material: on load and after each instant navigation
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
  else run();
})();
