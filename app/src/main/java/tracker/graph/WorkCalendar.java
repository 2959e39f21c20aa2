package tracker.graph;

import java.time.LocalDate;

/**
 * Working time: the plan starts on {@code start}, work happens {@code hoursPerDay} a day on the
 * first {@code daysPerWeek} days of each week (Monday first), so hours of work become dates.
 */
public record WorkCalendar(LocalDate start, double hoursPerDay, int daysPerWeek) {

  public WorkCalendar {
    if (!(hoursPerDay > 0 && hoursPerDay <= 24)) {
      throw new IllegalArgumentException("hours per day must be more than 0 and at most 24");
    }
    if (daysPerWeek < 1 || daysPerWeek > 7) {
      throw new IllegalArgumentException("days per week must be between 1 and 7");
    }
  }

  public boolean isWorkday(LocalDate day) {
    return day.getDayOfWeek().getValue() <= daysPerWeek;
  }

  /** The last day a date is shown as: beyond it the plan is not a plan (and ISO dates need a sign). */
  public static final LocalDate LAST_DAY = LocalDate.of(9999, 12, 31);

  /**
   * The day on which {@code hours} of work from the start are done (the start's first workday for
   * 0), at the latest {@link #LAST_DAY}.
   */
  public LocalDate dateAfter(double hours) {
    if (hours / hoursPerDay / daysPerWeek * 7 > LAST_DAY.toEpochDay() - start.toEpochDay()) {
      return LAST_DAY;
    }
    LocalDate day = start;
    while (!isWorkday(day)) {
      day = day.plusDays(1);
    }
    long fullDays = Math.max(0, (long) Math.ceil(hours / hoursPerDay - 1e-9) - 1);
    long weeks = fullDays / daysPerWeek;
    day = day.plusWeeks(weeks);
    for (long left = fullDays - weeks * daysPerWeek; left > 0; ) {
      day = day.plusDays(1);
      if (isWorkday(day)) {
        left--;
      }
    }
    return day.isAfter(LAST_DAY) ? LAST_DAY : day;
  }

  /** The hours of work there are from the start to the end of {@code day} (0 before the start). */
  public double hoursUntilEndOf(LocalDate day) {
    if (day.isBefore(start)) {
      return 0;
    }
    long days = day.toEpochDay() - start.toEpochDay() + 1;
    long weeks = days / 7;
    long workdays = weeks * daysPerWeek;
    for (LocalDate d = start.plusWeeks(weeks); !d.isAfter(day); d = d.plusDays(1)) {
      if (isWorkday(d)) {
        workdays++;
      }
    }
    return workdays * hoursPerDay;
  }

  /** The default: from today, 8 hours a day, Monday to Friday. */
  public static WorkCalendar from(LocalDate start) {
    return new WorkCalendar(start, 8, 5);
  }

  /**
   * The working hours between two instants (UTC days): on each workday the time spent that day,
   * up to {@link #hoursPerDay}; nothing on other days.
   */
  public double workingHoursBetween(java.time.Instant from, java.time.Instant to) {
    if (!to.isAfter(from)) {
      return 0;
    }
    double hours = 0;
    LocalDate day = LocalDate.ofInstant(from, java.time.ZoneOffset.UTC);
    LocalDate last = LocalDate.ofInstant(to, java.time.ZoneOffset.UTC);
    for (; !day.isAfter(last); day = day.plusDays(1)) {
      if (!isWorkday(day)) {
        continue;
      }
      java.time.Instant dayStart = day.atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
      java.time.Instant start = from.isAfter(dayStart) ? from : dayStart;
      java.time.Instant end = to.isBefore(dayStart.plusSeconds(86_400)) ? to : dayStart.plusSeconds(86_400);
      hours += Math.min(hoursPerDay, java.time.Duration.between(start, end).toMillis() / 3_600_000.0);
    }
    return hours;
  }
}
