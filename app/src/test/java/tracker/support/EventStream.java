package tracker.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A test's Server-Sent Events client: the events of {@code /events}, parsed, as they arrive. */
public final class EventStream implements AutoCloseable {

  /** One event: its id, name and data. */
  public record Event(String id, String name, String data) {}

  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final CompletableFuture<HttpResponse<Stream<String>>> response;

  /** Connects; with {@code lastEventId}, as a client reconnecting after that event. */
  public EventStream(int port, String query, String lastEventId, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/events" + query))
        .header("Accept", "text/event-stream");
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    if (lastEventId != null) {
      request.header("Last-Event-ID", lastEventId);
    }
    response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
        .sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines());
    Stream<String> lines = response.get(5, TimeUnit.SECONDS).body();
    Thread reader = new Thread(() -> {
      String[] current = new String[3];
      lines.forEach(line -> {
        if (line.isEmpty()) {
          if (current[1] != null) {
            events.add(new Event(current[0], current[1], current[2]));
          }
          current[0] = current[1] = current[2] = null;
        } else if (line.startsWith("id:")) {
          current[0] = line.substring(3).trim();
        } else if (line.startsWith("event:")) {
          current[1] = line.substring(6).trim();
        } else if (line.startsWith("data:")) {
          current[2] = line.substring(5).trim();
        }
      });
    });
    reader.setDaemon(true);
    reader.start();
  }

  /** The next event within {@code millis}, or null. */
  public Event next(long millis) throws InterruptedException {
    return events.poll(millis, TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    response.cancel(true);
  }
}
