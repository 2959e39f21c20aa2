package tracker.core;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** How a time is shown, in JSON and in messages alike: ISO-8601 UTC to the second. */
public final class Times {

  private Times() {}

  public static String shown(Instant instant) {
    return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
