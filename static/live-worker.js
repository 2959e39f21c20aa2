// One stream of changes for every tab of the tracker in this browser. As a SharedWorker it holds
// the only /events connection (a browser keeps at most six per site, and htmx needs the rest), and
// fans each change out to the tabs; a tab that joins late gets the changes made since its page was
// rendered, so none falls between its render and its joining. Without SharedWorker the same
// script runs as a tab's own worker.
var ports = [];
var source = null;
var recent = []; // the changes since the stream started, oldest first: {id, events}
var pending = []; // events of the change whose id has not come yet (only a change's last event carries it)
var lastId = null;
var coveredFrom = null; // every change after this id is in recent
var MOST_KEPT = 2000;

function send(port, message) {
  try {
    port.postMessage(message);
  } catch (gone) {
    drop(port);
  }
}

function broadcast(message) {
  ports.slice().forEach(function (port) { send(port, message); });
}

function drop(port) {
  ports = ports.filter(function (p) { return p !== port; });
  if (ports.length === 0 && source) {
    source.close(); // the last tab left: nothing to keep live
    source = null;
    recent = [];
    pending = [];
    lastId = null;
    coveredFrom = null;
  }
}

function onEvent(e) {
  pending.push({ type: e.type, data: e.data });
  broadcast({ events: [{ type: e.type, data: e.data }] });
  var id = e.lastEventId ? Number(e.lastEventId) : null;
  if (id !== null && id !== lastId) {
    recent.push({ id: id, events: pending });
    pending = [];
    lastId = id;
    if (recent.length > MOST_KEPT) {
      coveredFrom = recent.shift().id;
    }
  }
}

function connect(since) {
  source = new EventSource('/events' + (since ? '?since=' + encodeURIComponent(since) : ''));
  coveredFrom = since ? Number(since) : null;
  ['task-created', 'task-deleted', 'task-updated', 'group-updated', 'imported'].forEach(function (name) { source.addEventListener(name, onEvent); });
  // the server had more to replay than it sends: every tab reloads its live parts instead
  source.addEventListener('reset', function (e) {
    recent = [];
    pending = [];
    lastId = e.lastEventId ? Number(e.lastEventId) : lastId;
    coveredFrom = lastId;
    broadcast({ refresh: true });
  });
  source.onopen = function () { broadcast({ live: 'on' }); };
  source.onerror = function () {
    broadcast({ live: 'off' }); // EventSource reconnects by itself, with Last-Event-ID...
    if (source && source.readyState === 2) {
      // ...unless the answer was not a stream (signed out, a proxy's error page): try again a little later
      var closed = source;
      var resume = lastId !== null ? lastId : coveredFrom;
      setTimeout(function () {
        if (source === closed && ports.length) {
          connect(resume);
          broadcast({ refresh: true });
        }
      }, 5000);
    }
  };
}

function join(port, since) {
  ports.push(port);
  if (!source) {
    connect(since);
    return;
  }
  if (source.readyState === 1) {
    send(port, { live: 'on' });
  }
  var from = since ? Number(since) : null;
  if (from === null || coveredFrom === null || from < coveredFrom) {
    send(port, { refresh: true }); // its page may be older than what is kept: it reloads its live parts
    return;
  }
  var missed = [];
  recent.forEach(function (change) {
    if (change.id > from) {
      missed = missed.concat(change.events);
    }
  });
  missed = missed.concat(pending); // a change whose last event has not come yet
  if (missed.length) {
    send(port, { events: missed });
  }
}

function listen(port) {
  port.onmessage = function (e) {
    if (e.data && e.data.join !== undefined) {
      join(port, e.data.join);
    } else if (e.data && e.data.leave) {
      drop(port);
    }
  };
  if (port.start) {
    port.start();
  }
}

if (typeof SharedWorkerGlobalScope !== 'undefined' && self instanceof SharedWorkerGlobalScope) {
  onconnect = function (e) { listen(e.ports[0]); };
} else {
  listen(self); // a tab's own worker: the worker scope is the port
}
