// One small DOM builder for the grid editor's scripts (schedule-editor.js and
// schedule-availability.js): h("p", {className: "hint", text: "..."}, [child, "text"]).
// Attributes: text, className, on<event> handlers, anything else as an attribute (true: present,
// null/undefined/false: left out). Children: nodes, strings or numbers; null, undefined and false
// are skipped, so `cond && node` can be passed as is.
window.edcampDom = (function () {
  "use strict";
  function h(tag, attrs, children) {
    var el = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      var v = attrs[k];
      if (v === null || v === undefined || v === false) return;
      if (k === "text") el.textContent = v;
      else if (k === "className") el.className = v;
      else if (k.slice(0, 2) === "on") el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? "" : v);
    });
    (children || []).forEach(function (c) {
      if (c === null || c === undefined || c === false) return;
      el.appendChild(typeof c === "object" ? c : document.createTextNode(String(c)));
    });
    return el;
  }
  return { h: h };
})();
