// Small behaviours htmx does not give by itself; no inline script anywhere (see the CSP).
(function () {
  function flash(text) {
    var bar = document.getElementById('flash');
    if (!bar) return;
    bar.textContent = text;
    bar.hidden = false;
    clearTimeout(flash.timer);
    flash.timer = setTimeout(function () { bar.hidden = true; }, 6000);
  }
  document.addEventListener('htmx:responseError', function (e) {
    var xhr = e.detail.xhr;
    flash(xhr.responseText && xhr.responseText.length < 300 ? xhr.responseText : 'The server refused: ' + xhr.status);
  });
  document.addEventListener('htmx:sendError', function () {
    flash('The server cannot be reached; your change was not sent.');
  });
  document.addEventListener('htmx:sseOpen', function () {
    document.body.dataset.live = 'on';
  });
  document.addEventListener('htmx:sseError', function () {
    document.body.dataset.live = 'off';
  });
  // times: relative to now ("3 min ago"), the exact local time on hover; kept current each minute
  var relative = window.Intl && Intl.RelativeTimeFormat ? new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' }) : null;
  var units = [['year', 31536000], ['month', 2592000], ['week', 604800], ['day', 86400], ['hour', 3600], ['minute', 60]];
  function showTimes(root) {
    if (!relative || !root.querySelectorAll) return;
    root.querySelectorAll('time[datetime]').forEach(function (el) {
      var at = new Date(el.getAttribute('datetime'));
      if (isNaN(at)) return;
      var seconds = Math.round((at.getTime() - Date.now()) / 1000);
      var text = Math.abs(seconds) < 45 ? relative.format(0, 'second') : null;
      for (var i = 0; !text && i < units.length; i++) {
        if (Math.abs(seconds) >= units[i][1] * 0.9 || units[i][0] === 'minute') {
          text = relative.format(Math.round(seconds / units[i][1]), units[i][0]);
        }
      }
      el.textContent = text;
      el.title = at.toLocaleString();
    });
  }
  document.addEventListener('DOMContentLoaded', function () { showTimes(document); });
  document.addEventListener('htmx:load', function (e) { showTimes(e.detail.elt); });
  setInterval(function () { showTimes(document); }, 60000);
  // a form being edited is not replaced by a live refresh: its save merges with what changed
  document.addEventListener('input', function (e) {
    var form = e.target.closest && e.target.closest('form[data-keep-edits]');
    if (form) form.dataset.edited = 'true';
  });
  document.addEventListener('htmx:confirm', function (e) {
    var box = e.detail.elt;
    if (e.detail.verb === 'get' && box.querySelector && box.querySelector('form[data-edited]')) e.preventDefault();
  });
})();
