package tracker.app;

import io.ebean.datasource.DataSourcePool;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jetty.JettyServerThreadPoolMetrics;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.thread.ThreadPool;
import tracker.activity.ActivityStream;
import tracker.db.Transactions;

/**
 * What an operator scrapes at {@code /metrics} (Prometheus text format, via Micrometer):
 * requests by route template, method and status with latency histograms; the database pool;
 * waits for SQLite's single writer and writes run again after a collision; open event streams
 * and the entries sent on them; the history's actions (claims, lease expiries, refused stale
 * writes, …) and how long after its commit an entry reached this instance; JVM and Jetty.
 */
final class Metrics {

  private static final String START = "tracker.request.start";

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  /** Loads the registry's classes with a throwaway registry (see WebApp.warmUp). */
  static void warmUp() {
    PrometheusMeterRegistry throwaway = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(throwaway);
    new JvmThreadMetrics().bindTo(throwaway);
    throwaway.scrape();
    throwaway.close();
  }

  Metrics(Tracker tracker) {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);

    DataSourcePool pool = (DataSourcePool) tracker.database().ebean().dataSource();
    Gauge.builder("tracker.db.pool.busy", pool, p -> p.status(false).busy())
        .description("database connections in use").register(registry);
    Gauge.builder("tracker.db.pool.free", pool, p -> p.status(false).free())
        .description("idle database connections").register(registry);
    Gauge.builder("tracker.db.pool.waiting", pool, p -> p.status(false).waiting())
        .description("threads waiting for a database connection").register(registry);
    DataSourcePool statements = tracker.database().statementPool();
    Gauge.builder("tracker.db.statement.pool.busy", statements, p -> p.status(false).busy())
        .description("connections in use for reads of one statement (autocommit)").register(registry);
    Gauge.builder("tracker.db.statement.pool.waiting", statements, p -> p.status(false).waiting())
        .description("threads waiting for a connection to read one statement").register(registry);

    Timer writerWait = Timer.builder("tracker.db.writer.wait")
        .description("time a write waited for SQLite's single writer").publishPercentileHistogram()
        .register(registry);
    Counter retried = Counter.builder("tracker.db.transactions.retried")
        .description("write transactions run again after meeting a concurrent write").register(registry);
    tracker.database().transactions().observe(new Transactions.Observer() {
      @Override
      public void waitedForWriter(long nanos) {
        if (tracker.database().kind().hasSingleWriter()) {
          writerWait.record(Duration.ofNanos(nanos));
        }
      }

      @Override
      public void retried() {
        retried.increment();
      }
    });

    ActivityStream stream = tracker.activityStream();
    Gauge.builder("tracker.events.streams", stream, ActivityStream::subscribers)
        .description("open /events streams").register(registry);
    io.micrometer.core.instrument.FunctionCounter.builder("tracker.events.sent", stream, ActivityStream::delivered)
        .description("history entries sent on /events streams").register(registry);
    Timer lag = Timer.builder("tracker.activity.lag")
        .description("from an entry's commit (any instance) to this instance seeing it").publishPercentileHistogram()
        .register(registry);
    stream.watch(entry -> {
      Counter.builder("tracker.activity.entries").description("history entries by action (claims, lease expiries,"
          + " refused stale writes, ...)").tag("action", entry.action()).register(registry).increment();
      lag.record(Duration.between(entry.at(), Instant.now()).abs());
    });
  }

  /** Binds the Jetty thread pool once the server exists. */
  void bindJetty(Server server) {
    ThreadPool threads = server.getThreadPool();
    new JettyServerThreadPoolMetrics(threads, List.of()).bindTo(registry);
  }

  /** Before every request: when it started. */
  void started(Context ctx) {
    ctx.attribute(START, System.nanoTime());
  }

  /** After every request (refused ones too): its time under its route template, method and status. */
  void finished(Context ctx) {
    Long start = ctx.attribute(START);
    if (start == null) {
      return;
    }
    String route = tracker.web.RequestLog.route(ctx); // the template: one series per route, not per id
    Timer.builder("http.server.requests").description("requests by route template, method and status")
        .tag("method", ctx.method().name()).tag("route", route).tag("status", String.valueOf(ctx.statusCode()))
        .publishPercentileHistogram().register(registry)
        .record(Duration.ofNanos(System.nanoTime() - start));
  }

  /** {@code GET /metrics}. */
  void scrape(Context ctx) {
    ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape());
  }
}
