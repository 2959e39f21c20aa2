package tracker.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tracker.app.Tracker;
import tracker.api.ApiClient;
import tracker.support.TestDatabases;
import tracker.tasks.TaskDraft;
import tracker.app.WebApp;

/**
 * Claims and status updates per second over HTTP on one PostgreSQL, served by one instance and
 * by two instances (16 clients spread over them), in the same run. The figures are reported;
 * on this 2-core machine both instances, the clients and PostgreSQL share the same cores.
 */
@Tag("benchmark")
class PostgresTeamBenchmark {

  static final int TASKS = 3000;
  static final int CLIENTS = 16;
  static final int UPDATES_PER_CLIENT = 250;

  record Rates(double claimsPerSecond, double updatesPerSecond) {}

  @Test
  void claims_and_status_updates_per_second_with_one_and_two_instances() throws Exception {
    run(1); // warm-up: JIT, PostgreSQL caches
    Rates one = run(1);
    Rates two = run(2);
    Bench bench = new Bench("PostgreSQL: one instance vs two instances on one database, " + CLIENTS + " HTTP clients");
    bench.figure("claims/s, one instance", one.claimsPerSecond(), "1/s", "report", true);
    bench.figure("claims/s, two instances", two.claimsPerSecond(), "1/s", "report", true);
    bench.figure("claims, two instances / one", two.claimsPerSecond() / one.claimsPerSecond(), "×", "report", true);
    bench.figure("status updates/s, one instance", one.updatesPerSecond(), "1/s", "report", true);
    bench.figure("status updates/s, two instances", two.updatesPerSecond(), "1/s", "report", true);
    bench.figure("updates, two instances / one", two.updatesPerSecond() / one.updatesPerSecond(), "×", "report", true);
    System.out.println(bench.table());
  }

  /** A fresh database with TASKS ready tasks, served by {@code instances}; answers both rates. */
  private static Rates run(int instances) throws Exception {
    String url = TestDatabases.migratedPostgresUrl();
    List<Tracker> trackers = new ArrayList<>();
    List<Javalin> apps = new ArrayList<>();
    try {
      for (int i = 0; i < instances; i++) {
        Tracker tracker = Tracker.open(url);
        trackers.add(tracker);
        apps.add(WebApp.create(tracker).start("127.0.0.1", 0));
      }
      List<Long> ids = new ArrayList<>();
      for (int i = 0; i < TASKS; i++) {
        ids.add(trackers.get(0).tasks().create(new TaskDraft("T" + i, null, "Bench", 1 + i % 4, null, null, null, "s",
            null, 1.0 + i % 5, null)).id());
      }
      Set<Long> claimed = ConcurrentHashMap.newKeySet();
      AtomicInteger failures = new AtomicInteger();
      double claimSeconds = clients(apps, (client, worker) -> {
        while (true) {
          ApiClient.Reply reply = client.post("/api/claim", "{\"worker\": \"w" + worker + "\"}");
          if (reply.status() == 204) {
            return;
          }
          if (reply.status() != 200 || !claimed.add(reply.json().get("id").asLong())) {
            failures.incrementAndGet();
            return;
          }
        }
      });
      assertThat(failures.get()).isZero();
      assertThat(claimed).hasSize(TASKS);

      String[] statuses = {"blocked", "in_progress", "completed", "not_started"};
      double updateSeconds = clients(apps, (client, worker) -> {
        Random random = new Random(worker);
        for (int i = 0; i < UPDATES_PER_CLIENT; i++) {
          long id = ids.get(random.nextInt(ids.size()));
          ApiClient.Reply reply = client.post("/api/tasks/" + id + "/status",
              "{\"status\": \"" + statuses[i % statuses.length] + "\"}");
          if (reply.status() != 200) {
            failures.incrementAndGet();
          }
        }
      });
      assertThat(failures.get()).isZero();
      return new Rates(TASKS / claimSeconds, CLIENTS * UPDATES_PER_CLIENT / updateSeconds);
    } finally {
      apps.forEach(Javalin::stop);
      trackers.forEach(Tracker::close);
    }
  }

  interface ClientWork {
    void run(ApiClient client, int worker);
  }

  /** Runs CLIENTS threads, spread over the instances; answers the seconds they took. */
  private static double clients(List<Javalin> apps, ClientWork work) throws InterruptedException {
    List<Thread> threads = new ArrayList<>();
    long start = System.nanoTime();
    for (int w = 0; w < CLIENTS; w++) {
      int worker = w;
      ApiClient client = new ApiClient(apps.get(w % apps.size()).port());
      Thread thread = new Thread(() -> work.run(client, worker));
      thread.start();
      threads.add(thread);
    }
    for (Thread thread : threads) {
      thread.join();
    }
    return (System.nanoTime() - start) / 1e9;
  }
}
