/* Where the course keeps what a patient does: this browser only, nothing is ever sent.
   Every script of the course reads and writes through window.courseStore, so one switch decides where
   progress lives: localStorage (kept; forgotten after `expiry_days` without use) or, in shared-device mode,
   sessionStorage (gone when the browser closes). Keys: "course:<site path>:<name>", one set for the site and
   its translated trees, so the switch and the progress follow a patient who changes language.
   Material keeps its own settings (colour scheme, search) under "<tree path>.__<name>" through the global
   __md_get/__md_set of its base template: this script runs in the head, just after them, and sends them to
   sessionStorage too in shared mode, so nothing at all stays in localStorage. */
(() => {
  "use strict";
  if (window.courseStore) return;
  const me = document.currentScript;
  const config = (me && me.dataset) || {};
  const here = me ? me.src : location.href;
  const SITE = new URL(config.root || "../..", here).pathname;
  const PREFIX = "course:" + SITE + ":";
  const SHARED = PREFIX + "shared";
  const LAST = PREFIX + "last-used";
  const DAY = 864e5;
  const expiryDays = Number(config.expiryDays || 30);
  let trees = [""];
  try { trees = JSON.parse(config.trees || '[""]'); } catch (e) { /* the site alone */ }
  const THEME = trees.map((tree) => new URL(tree, new URL(SITE, here)).pathname + ".__");

  const area = (name) => { try { const s = window[name]; s.getItem(SHARED); return s; } catch (e) { return null; } };
  const local = area("localStorage");
  const session = area("sessionStorage");
  const mine = (k) => k.startsWith(PREFIX) || THEME.some((t) => k.startsWith(t));
  const ours = (s) => (s ? Object.keys(s).filter(mine) : []);
  const isShared = () => !!(session && session.getItem(SHARED));
  const store = () => (isShared() ? session : local);
  const changed = (name) => document.dispatchEvent(new CustomEvent("course:store", { detail: { name } }));

  // Material's settings follow the same switch (its functions take the storage as an optional argument).
  const [mdGet, mdSet] = [window.__md_get, window.__md_set];
  const place = (s) => ((s === undefined || s === local) && isShared() ? session : s);
  if (typeof mdGet === "function" && typeof mdSet === "function") {
    window.__md_get = (key, s, scope) => mdGet(key, place(s), scope);
    window.__md_set = (key, value, s, scope) => mdSet(key, value, place(s), scope);
  }

  const api = {
    prefix: PREFIX,
    get(name) { try { return JSON.parse(store().getItem(PREFIX + name)); } catch (e) { return null; } },
    set(name, value) {
      const s = store();
      try {
        s.setItem(PREFIX + name, JSON.stringify(value));
        if (s === local) s.setItem(LAST, String(Date.now()));
      } catch (e) { /* full or blocked: the page still works, unsaved */ }
      changed(name);
    },
    remove(name) { try { store().removeItem(PREFIX + name); } catch (e) {} },
    names(start = "") {
      return ours(store()).filter((k) => k.startsWith(PREFIX)).map((k) => k.slice(PREFIX.length))
        .filter((n) => n.startsWith(start) && n !== "shared" && n !== "last-used");
    },
    shared: isShared,
    /* Shared-device mode: what was saved (Material's settings too) moves to sessionStorage and nothing stays
       in localStorage; switched off, it moves back. */
    setShared(on) {
      if (!session || !local || on === isShared()) return;
      const [from, to] = on ? [local, session] : [session, local];
      try {
        for (const k of ours(from)) { if (k !== SHARED) to.setItem(k, from.getItem(k)); from.removeItem(k); }
        if (on) session.setItem(SHARED, "1");
        else { session.removeItem(SHARED); local.setItem(LAST, String(Date.now())); }
      } catch (e) { /* full or blocked: what could not move is left where it was */ }
      changed("*");
    },
    /* "Forget me on this device": everything this site stored, in both places, in one action. */
    forgetAll() {
      for (const s of [local, session]) for (const k of ours(s)) s.removeItem(k);
      changed("*");
    },
  };

  // Progress not touched for `expiry_days` is forgotten on the next visit.
  if (local && !isShared()) {
    const last = Number(local.getItem(LAST) || 0);
    if (last && Date.now() - last > expiryDays * DAY) for (const k of ours(local)) { if (k.startsWith(PREFIX)) local.removeItem(k); }
  }
  window.courseStore = api;
})();
