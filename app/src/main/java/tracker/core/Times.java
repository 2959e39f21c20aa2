package tracker.core;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** How a time is shown, in JSON and in messages alike: ISO-8601 UTC to the second. */
public final class Times {

  private Times() {}

  /**
   * A calendar date as the contract writes it (2027-03-15); {@code LocalDate.parse} also takes
   * "+12026-01-01", a year no date field of ours is written with.
   */
  public static java.time.LocalDate date(String text) {
    if (text == null || !text.matches("[0-9]{4}-[0-9]{2}-[0-9]{2}")) {
      throw new java.time.format.DateTimeParseException("a date is written 2027-03-15", String.valueOf(text), 0);
    }
    return java.time.LocalDate.parse(text);
  }

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
