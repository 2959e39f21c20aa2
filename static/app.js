// Small behaviours htmx does not give by itself; no inline script anywhere (see the CSP).
(function () {
  document.documentElement.classList.add('scripted'); // controls only a page without script needs hide
  function flash(text, signIn) {
    var bar = document.getElementById('flash');
    if (!bar) return;
    bar.textContent = text;
    if (signIn) {
      var link = document.createElement('a');
      link.href = '/login';
      link.textContent = 'Sign in';
      bar.append(' ', link);
    }
    bar.hidden = false;
    clearTimeout(flash.timer);
    flash.timer = setTimeout(function () { bar.hidden = true; }, 6000);
  }
  document.addEventListener('htmx:responseError', function (e) {
    var xhr = e.detail.xhr;
    flash(xhr.responseText && xhr.responseText.length < 300 ? xhr.responseText : 'The server refused: ' + xhr.status,
      xhr.status === 401);
    // nothing was saved: an inline control (a row's status) goes back to what the page showed
    var form = e.detail.elt && e.detail.elt.closest && e.detail.elt.closest('form.inline');
    if (form) form.reset();
  });
  document.addEventListener('htmx:sendError', function () {
    flash('The server cannot be reached; your change was not sent.');
  });
  // live updates: the shared worker holds the browser's one event stream (static/live-worker.js);
  // an element with hx-trigger="sse:task-42" reloads when task 42 changes
  function wanting(name) {
    return Array.prototype.filter.call(document.querySelectorAll('[hx-trigger*="sse:"]'), function (el) {
      return el.getAttribute('hx-trigger').split(',').some(function (spec) {
        return spec.trim().split(/\s+/)[0] === 'sse:' + name;
      });
    });
  }
  function fire(name) {
    wanting(name).forEach(function (el) { htmx.trigger(el, 'sse:' + name); });
  }
  function changed(event) {
    fire(event.type);
    if (event.type === 'task-updated') fire('task-' + event.data);
    if (event.type === 'group-updated') fire('group-' + event.data);
  }
  function refreshAll() {
    Array.prototype.forEach.call(document.querySelectorAll('[hx-trigger*="sse:"]'), function (el) {
      el.getAttribute('hx-trigger').split(',').forEach(function (spec) {
        var name = spec.trim().split(/\s+/)[0];
        if (name.indexOf('sse:') === 0) htmx.trigger(el, name);
      });
    });
  }
  function goLive() {
    var hub = window.SharedWorker ? new SharedWorker('/static/live-worker.js', { name: 'tracker-live' })
      : (window.Worker ? new Worker('/static/live-worker.js') : null);
    if (!hub) return;
    var port = hub.port || hub;
    port.onmessage = function (e) {
      if (e.data.live) document.body.dataset.live = e.data.live;
      if (e.data.refresh) refreshAll();
      (e.data.events || []).forEach(changed);
    };
    if (port.start) port.start();
    port.postMessage({ join: document.body.dataset.since || '' });
    window.addEventListener('pagehide', function () { port.postMessage({ leave: true }); });
    window.addEventListener('pageshow', function (e) {
      if (e.persisted) port.postMessage({ join: document.body.dataset.since || '' }); // back from the browser's cache
    });
  }
  document.addEventListener('DOMContentLoaded', goLive);
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
  // light or dark: the system's choice until the person picks one with the header's toggle
  var root = document.documentElement;
  try {
    if (localStorage.getItem('theme')) root.dataset.theme = localStorage.getItem('theme');
  } catch (noStorage) { /* private mode: the system's choice */ }
  document.addEventListener('click', function (e) {
    if (!e.target.closest || !e.target.closest('[data-theme-toggle]')) return;
    var dark = root.dataset.theme ? root.dataset.theme === 'dark'
      : window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches;
    root.dataset.theme = dark ? 'light' : 'dark';
    try { localStorage.setItem('theme', root.dataset.theme); } catch (noStorage) { /* kept for this page */ }
  });

  // keyboard shortcuts (? lists them); never while typing in a field
  var pendingG = false;
  function rows() { return Array.prototype.slice.call(document.querySelectorAll('tr[id^="task-row-"]')); }
  function move(step) {
    var all = rows();
    if (!all.length) return;
    var at = all.findIndex(function (r) { return r.classList.contains('selected-row'); });
    if (at >= 0) all[at].classList.remove('selected-row');
    var next = all[Math.max(0, Math.min(all.length - 1, at < 0 ? 0 : at + step))];
    next.classList.add('selected-row');
    next.scrollIntoView({ block: 'nearest' });
    var link = next.querySelector('a');
    if (link) link.focus();
  }
  function shortcuts(show) {
    var box = document.getElementById('shortcuts');
    if (box) box.hidden = !show;
  }
  document.addEventListener('keydown', function (e) {
    var t = e.target;
    if (e.ctrlKey || e.metaKey || e.altKey || (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)))) return;
    if (e.key === 'Escape') { shortcuts(false); return; }
    if (pendingG) {
      pendingG = false;
      var to = { d: '/', t: '/tasks', b: '/board', p: '/plan', g: '/groups' }[e.key];
      if (to) { e.preventDefault(); location.href = to; }
      return;
    }
    switch (e.key) {
      case 'g': pendingG = true; setTimeout(function () { pendingG = false; }, 1500); break;
      case '?': shortcuts(document.getElementById('shortcuts').hidden); break;
      case 'n': location.href = '/tasks/new'; break;
      case '/':
        e.preventDefault();
        var search = document.getElementById('filter-q');
        if (search) search.focus(); else location.href = '/tasks#search';
        break;
      case 'j': move(1); break;
      case 'k': move(-1); break;
      case 's':
        var chosen = document.querySelector('tr.selected-row select[name=status]')
          || document.querySelector('#task-summary select[name=status]');
        if (chosen) { e.preventDefault(); chosen.focus(); }
        break;
      default: return;
    }
  });
  document.addEventListener('DOMContentLoaded', function () {
    if (location.hash === '#search' && document.getElementById('filter-q')) document.getElementById('filter-q').focus();
  });

  // the board: drag a card (mouse, pen or finger) onto another column; the drop goes through the
  // card's own move form, the same request as choosing the column on the card with the keyboard
  var drag = null;
  function columnAt(x, y) {
    var under = document.elementFromPoint(x, y);
    return under && under.closest ? under.closest('.board-column') : null;
  }
  function clearDrop() {
    document.querySelectorAll('.board-column.drop').forEach(function (c) { c.classList.remove('drop'); });
  }
  document.addEventListener('pointerdown', function (e) {
    var card = e.target.closest && e.target.closest('.task-card');
    if (!card || e.button !== 0 || e.target.closest('a, select, button, input, label')) return;
    drag = { card: card, x: e.clientX, y: e.clientY, moved: false };
    if (card.setPointerCapture) {
      try { card.setPointerCapture(e.pointerId); } catch (notCapturable) { /* the document still hears the moves */ }
    }
  });
  function endDrag() {
    if (!drag) return;
    drag.card.style.transform = '';
    drag.card.classList.remove('dragging');
    clearDrop();
    drag = null;
  }
  document.addEventListener('pointercancel', endDrag); // a finger that scrolls instead: the card goes back
  document.addEventListener('pointermove', function (e) {
    if (!drag) return;
    if (!(e.buttons & 1)) { endDrag(); return; } // released outside the window
    if (!drag.moved && Math.abs(e.clientX - drag.x) + Math.abs(e.clientY - drag.y) < 6) return;
    drag.moved = true;
    drag.card.classList.add('dragging');
    drag.card.style.transform = 'translate(' + (e.clientX - drag.x) + 'px, ' + (e.clientY - drag.y) + 'px)';
    clearDrop();
    var over = columnAt(e.clientX, e.clientY);
    if (over) over.classList.add('drop');
  });
  document.addEventListener('pointerup', function (e) {
    if (!drag) return;
    var done = drag;
    drag = null;
    done.card.style.transform = '';
    done.card.classList.remove('dragging');
    clearDrop();
    var to = done.moved ? columnAt(e.clientX, e.clientY) : null;
    var from = done.card.closest('.board-column');
    if (!to || !from || to.dataset.status === from.dataset.status) return;
    var form = done.card.querySelector('form.move');
    form.querySelector('select[name=status]').value = to.dataset.status;
    htmx.trigger(form, 'submit');
  });

  // the tasks chosen in a list stay chosen when a row or the table refreshes live
  var chosen = new Set();
  document.addEventListener('change', function (e) {
    if (e.target.name === 'task_ids') {
      if (e.target.checked) chosen.add(e.target.value); else chosen.delete(e.target.value);
    }
  });
  document.addEventListener('htmx:afterSwap', function (e) {
    if (!e.detail.elt || !e.detail.elt.querySelectorAll) return;
    e.detail.elt.querySelectorAll('input[name=task_ids]').forEach(function (box) { box.checked = chosen.has(box.value); });
    if (e.detail.requestConfig && e.detail.requestConfig.path === '/tasks/bulk-change' && e.detail.xhr.status === 200) {
      chosen.clear();
      document.querySelectorAll('input[name=task_ids]').forEach(function (box) { box.checked = false; });
    }
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

  // a graph wider than the screen opens with the task it is about in view, not at its left edge
  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('.table-scroll').forEach(function (box) {
      var centre = box.querySelector('svg.graph .node.centre rect');
      if (!centre || box.scrollWidth <= box.clientWidth) return;
      var at = centre.getBoundingClientRect(), frame = box.getBoundingClientRect();
      box.scrollLeft += at.left + at.width / 2 - (frame.left + frame.width / 2);
    });
  });
})();
