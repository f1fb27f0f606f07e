// The scripts' words in the page's language: gettext, ngettext, pgettext and interpolate,
// as in Python. The catalog (GET /i18n/<lang>/catalog.js, loaded just before this file)
// sets window.edcampCatalog; without it (English pages) every word stays as written.
//   gettext("Saved")
//   ngettext("%(num)d vote", "%(num)d votes", n)      // %(num)d is filled in with n
//   interpolate(gettext("Room %(name)s"), {name: room})
(function () {
  "use strict";
  var catalog = window.edcampCatalog || {messages: {}, plural: function (n) { return Number(n !== 1); }};
  var messages = catalog.messages || {};

  function interpolate(text, values) {
    values = values || {};
    return String(text).replace(/%(?:\(([A-Za-z_][A-Za-z0-9_]*)\))?([sd%])/g, function (match, name, kind) {
      if (kind === "%") {
        return name === undefined ? "%" : match;
      }
      if (name === undefined || !Object.prototype.hasOwnProperty.call(values, name)) {
        return match;  // not ours to fill: left for a later interpolate()
      }
      var value = values[name];
      return kind === "d" ? String(Math.trunc(Number(value))) : String(value);
    });
  }

  function gettext(msgid) {
    var found = messages[msgid];
    return typeof found === "string" ? found : msgid;
  }

  function pick(key, singular, plural, n) {
    var forms = messages[key];
    if (Array.isArray(forms)) {
      var index = catalog.plural(n);
      if (forms[index] !== undefined) {
        return forms[index];
      }
    }
    return n === 1 ? singular : plural;
  }

  function ngettext(singular, plural, n) {
    return pick(singular, singular, plural, n).replace(/%\(num\)[ds]/g, String(n));
  }

  function pgettext(context, msgid) {
    var found = messages[context + "\u0004" + msgid];
    return typeof found === "string" ? found : msgid;
  }

  window.gettext = gettext;
  window.ngettext = ngettext;
  window.pgettext = pgettext;
  window.interpolate = interpolate;
})();
