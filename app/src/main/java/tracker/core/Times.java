package tracker.core;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** How a time is shown, in JSON and in messages alike: ISO-8601 UTC to the second. */
public final class Times {

  private Times() {}

  public static String shown(Instant instant) {
    return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static final java.time.format.DateTimeFormatter READABLE =
      java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(java.time.ZoneOffset.UTC);

  /** For people, before the page's script puts it in their own time zone: "2026-12-01 14:05 UTC". */
  public static String readable(Instant instant) {
    return instant == null ? null : READABLE.format(instant);
  }
}
