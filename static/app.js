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
