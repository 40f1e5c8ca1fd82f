// "Clear everything this course saved on this device" (the Privacy page): quiz answers, progress and
// assignments under "course:<site path>:", and Material's own settings for this site (colour scheme, search).
// Other sites, and other courses on the same web server, are left alone.
(function () {
  "use strict";
  var button = document.querySelector(".course-clear-all");
  if (!button) return;
  var me = document.currentScript;
  var site = me ? new URL("../..", me.src).pathname : "/";
  var status = document.querySelector(".course-clear-all-status");
  // Its words come from the page (clear.js.* messages on this script's element, in the site's language).
  var T = JSON.parse((me && me.getAttribute("data-messages")) || "{}");
  var ours = function (key) { return key.indexOf("course:" + site + ":") === 0 || key.indexOf(site + ".__") === 0; };

  function clear(storage) {
    var count = 0;
    try {
      Object.keys(storage).filter(ours).forEach(function (key) { storage.removeItem(key); count += 1; });
    } catch (e) { /* storage blocked: nothing was saved either */ }
    return count;
  }

  button.hidden = false;
  button.addEventListener("click", function () {
    var count = clear(window.localStorage) + clear(window.sessionStorage);
    if (status) status.textContent = count ? T.done : T.nothing;
  });
})();
