// "Listen": reads the lesson aloud with the browser's own speech synthesis. Nothing is sent or
// downloaded; where the browser has no voices the buttons stay hidden.
(function () {
  "use strict";

  var tools = document.querySelector(".course-listen");
  var synth = window.speechSynthesis;
  if (!tools || !synth || typeof window.SpeechSynthesisUtterance !== "function") return;

  // The button words come from the page (listen.js.* messages, in its language).
  var T = JSON.parse(tools.getAttribute("data-messages") || "{}");
  var startButton = tools.querySelector(".course-listen-start");
  var pauseButton = tools.querySelector(".course-listen-pause");
  var stopButton = tools.querySelector(".course-listen-stop");
  var article = document.querySelector(".md-content__inner") || document.body;

  // Blocks read one by one: one long utterance is cut off after a few seconds in some browsers.
  var BLOCKS = "h1, h2, h3, h4, p, li, dt, dd, summary, th, td";
  // Not read: the buttons themselves, the quiz (its answers are hidden), print-only copies, anchors.
  var SKIP = ".course-tools, .course-quiz, .course-print-only, .course-reviewed";
  var DROP = ".headerlink, .course-sr, .md-clipboard";

  var run = 0; // each Listen starts a new run; callbacks of a stopped run do nothing
  var reading = null;

  function showWhenVoices() {
    if (synth.getVoices().length > 0) tools.hidden = false;
  }
  showWhenVoices();
  if (synth.addEventListener) synth.addEventListener("voiceschanged", showWhenVoices);

  function isShown(element) {
    var details = element.closest("details:not([open])");
    return !details || (element.closest("summary") && element.closest("summary").parentElement === details);
  }

  function textOf(element) {
    var copy = element.cloneNode(true);
    copy.querySelectorAll(DROP + ", " + BLOCKS).forEach(function (inner) { inner.remove(); });
    return copy.textContent.replace(/\s+/g, " ").trim();
  }

  // The lesson's text, in reading order, up to its references (citations are not worth hearing).
  function blocks() {
    var result = [];
    var elements = article.querySelectorAll(BLOCKS);
    for (var i = 0; i < elements.length; i++) {
      var element = elements[i];
      if (element.id === "references") break;
      if (element.closest(SKIP) || !isShown(element)) continue;
      var text = textOf(element);
      if (text) result.push({ element: element, text: text });
    }
    return result;
  }

  function mark(element) {
    if (reading) reading.classList.remove("course-reading");
    reading = element;
    if (element) {
      element.classList.add("course-reading");
      element.scrollIntoView({ block: "nearest" });
    }
  }

  function setState(state) {
    tools.setAttribute("data-state", state);
    startButton.disabled = state !== "idle";
    pauseButton.disabled = state === "idle";
    stopButton.disabled = state === "idle";
    pauseButton.textContent = state === "paused" ? T.resume : T.pause;
  }

  function speak(queue, index, thisRun) {
    if (thisRun !== run) return;
    if (index >= queue.length) {
      mark(null);
      setState("idle");
      return;
    }
    var utterance = new SpeechSynthesisUtterance(queue[index].text);
    utterance.lang = document.documentElement.lang || "en";
    utterance.onend = function () { speak(queue, index + 1, thisRun); };
    utterance.onerror = function () { speak(queue, index + 1, thisRun); };
    mark(queue[index].element);
    synth.speak(utterance);
  }

  function stop() {
    run += 1;
    synth.cancel();
    mark(null);
    setState("idle");
  }

  startButton.addEventListener("click", function () {
    stop();
    setState("speaking");
    speak(blocks(), 0, run);
  });
  pauseButton.addEventListener("click", function () {
    if (tools.getAttribute("data-state") === "paused") {
      synth.resume();
      setState("speaking");
    } else {
      synth.pause();
      setState("paused");
    }
  });
  stopButton.addEventListener("click", stop);
  // Speech would otherwise go on after the reader has left the page.
  window.addEventListener("pagehide", function () { synth.cancel(); });
  setState("idle");
})();
