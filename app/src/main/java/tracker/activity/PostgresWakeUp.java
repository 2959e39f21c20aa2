package tracker.activity;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On PostgreSQL, wakes the activity stream as soon as any instance commits activity: every
 * activity write sends {@code NOTIFY tracker_activity} (delivered at commit), and this thread
 * LISTENs on a connection of its own. The stream's polling stays as the safety net.
 */
final class PostgresWakeUp implements AutoCloseable {

  static final String CHANNEL = "tracker_activity";
  private static final Logger LOG = LoggerFactory.getLogger(PostgresWakeUp.class);

  /** Opens the connection to listen on. */
  interface Connector {
    Connection open() throws SQLException;
  }

  private final Connector connector;
  private final Runnable wake;
  private final Thread thread;
  private volatile boolean closed;

  PostgresWakeUp(Connector connector, Runnable wake) {
    this.connector = connector;
    this.wake = wake;
    this.thread = new Thread(this::listen, "activity-listen");
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  private void listen() {
    while (!closed) {
      try (Connection c = connector.open(); Statement s = c.createStatement()) {
        s.execute("LISTEN " + CHANNEL);
        PGConnection pg = c.unwrap(PGConnection.class);
        wake.run(); // whatever was committed while not listening
        while (!closed) {
          PGNotification[] notifications = pg.getNotifications(500);
          if (notifications != null && notifications.length > 0) {
            wake.run();
          }
        }
      } catch (SQLException e) {
        if (!closed) {
          LOG.warn("Listening for activity failed; polling meanwhile, listening again in a second", e);
          pause();
        }
      }
    }
  }

  private void pause() {
    try {
      Thread.sleep(1000);
    } catch (InterruptedException e) {
      closed = true;
    }
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
  }
}
