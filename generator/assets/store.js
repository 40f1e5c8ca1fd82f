/* Where the course keeps what a patient does: this browser only, nothing is ever sent.
   Every script of the course reads and writes through window.courseStore, so one switch decides where
   progress lives: localStorage (kept; forgotten after `expiry_days` without use) or, in shared-device mode,
   sessionStorage (gone when the browser closes). Keys: "course:<site path>:<name>". */
(() => {
  "use strict";
  if (window.courseStore) return;
  const me = document.currentScript;
  const config = (me && me.dataset) || {};
  const PREFIX = "course:" + (me ? new URL("../..", me.src).pathname : "/") + ":";
  const SHARED = PREFIX + "shared";
  const LAST = PREFIX + "last-used";
  const DAY = 864e5;
  const expiryDays = Number(config.expiryDays || 30);

  const area = (name) => { try { const s = window[name]; s.getItem(SHARED); return s; } catch (e) { return null; } };
  const local = area("localStorage");
  const session = area("sessionStorage");
  const ours = (s) => (s ? Object.keys(s).filter((k) => k.startsWith(PREFIX)) : []);
  const isShared = () => !!(session && session.getItem(SHARED));
  const store = () => (isShared() ? session : local);

  const api = {
    prefix: PREFIX,
    get(name) { try { return JSON.parse(store().getItem(PREFIX + name)); } catch (e) { return null; } },
    set(name, value) {
      const s = store();
      try {
        s.setItem(PREFIX + name, JSON.stringify(value));
        if (s === local) s.setItem(LAST, String(Date.now()));
      } catch (e) { /* full or blocked: the page still works, unsaved */ }
      document.dispatchEvent(new CustomEvent("course:store", { detail: { name } }));
    },
    remove(name) { try { store().removeItem(PREFIX + name); } catch (e) {} },
    names(start = "") {
      return ours(store()).map((k) => k.slice(PREFIX.length)).filter((n) => n.startsWith(start) && n !== "shared" && n !== "last-used");
    },
    shared: isShared,
    /* Shared-device mode: what was saved moves to sessionStorage and nothing stays in localStorage. */
    setShared(on) {
      if (!session || on === isShared()) return;
      const [from, to] = on ? [local, session] : [session, local];
      if (from && to) for (const k of ours(from)) { if (k !== SHARED) to.setItem(k, from.getItem(k)); }
      if (on) { for (const k of ours(local)) local.removeItem(k); session.setItem(SHARED, "1"); }
      else { session.removeItem(SHARED); for (const k of ours(session)) session.removeItem(k); if (local) local.setItem(LAST, String(Date.now())); }
      document.dispatchEvent(new CustomEvent("course:store", { detail: { name: "*" } }));
    },
    /* "Forget me on this device": everything this site stored, in both places, in one action. */
    forgetAll() {
      for (const s of [local, session]) for (const k of ours(s)) s.removeItem(k);
      document.dispatchEvent(new CustomEvent("course:store", { detail: { name: "*" } }));
    },
  };

  // Progress not touched for `expiry_days` is forgotten on the next visit.
  if (local && !isShared()) {
    const last = Number(local.getItem(LAST) || 0);
    if (last && Date.now() - last > expiryDays * DAY) for (const k of ours(local)) local.removeItem(k);
  }
  window.courseStore = api;
})();
