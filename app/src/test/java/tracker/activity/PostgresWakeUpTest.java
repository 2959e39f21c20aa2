package tracker.activity;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tracker.support.TestDatabases;

/** Another instance's NOTIFY wakes this instance's stream at once, not at the next poll. */
class PostgresWakeUpTest {

  @Test
  void a_notify_from_another_connection_wakes_the_listener() throws Exception {
    String url = TestDatabases.postgresUrl();
    CountDownLatch listening = new CountDownLatch(1);
    CountDownLatch woken = new CountDownLatch(2); // once on starting to listen, once for the NOTIFY
    try (PostgresWakeUp listener = new PostgresWakeUp(() -> DriverManager.getConnection(url), () -> {
      listening.countDown();
      woken.countDown();
    })) {
      listener.start();
      assertThat(listening.await(5, TimeUnit.SECONDS)).as("listening").isTrue();
      try (Connection other = DriverManager.getConnection(url); Statement s = other.createStatement()) {
        s.execute("notify " + PostgresWakeUp.CHANNEL);
      }
      assertThat(woken.await(2, TimeUnit.SECONDS)).as("woken by the NOTIFY").isTrue();
    }
  }
}
